/**
 * A package found in an image: one record per installed copy (two copies of a library at two
 * paths are two records). This is the IndexReport's unit and the Matcher's input.
 */
export type PackageKind = 'os' | 'language';

/**
 * OSV ecosystem names (the DB key used by feeds and the matcher). OS packages use the
 * distribution's ecosystem (`Debian`, `Alpine`, `Red Hat`, …) once the distribution is known;
 * finders set the packaging format in `type` and leave the distribution to the indexer.
 */
export type Ecosystem =
  | 'Debian'
  | 'Ubuntu'
  | 'Alpine'
  | 'Wolfi'
  | 'Chainguard'
  | 'Red Hat'
  | 'Rocky Linux'
  | 'AlmaLinux'
  | 'SUSE'
  | 'npm'
  | 'PyPI'
  | 'Maven'
  | 'Go'
  | 'crates.io'
  | 'RubyGems'
  | 'NuGet'
  | 'Packagist'
  | (string & {});

/** purl types (package-url spec) of the packaging formats we read. */
export type PackageType =
  'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'maven' | 'golang' | 'cargo' | 'gem' | 'nuget' | 'composer';

export interface LayerRef {
  /** 0-based index of the layer in the image (bottom layer = 0). */
  index: number;
  /** sha256:… of the uncompressed layer tar; `rootfs` for a directory source. */
  diffId: string;
}

export interface PackageRecord {
  name: string;
  /** The version string exactly as the package DB records it (dpkg/rpm: full [epoch:]version[-release]). */
  version: string;
  type: PackageType;
  kind: PackageKind;
  /** Finder that produced it (registry key, e.g. `dpkg`). */
  finder: string;
  /** Path (no leading slash) of the file it was read from: a package DB, manifest, lockfile or binary. */
  location: string;
  /** Source package (dpkg Source:, apk origin, rpm SOURCERPM name) and its version when different. */
  source?: { name: string; version?: string };
  arch?: string;
  /** rpm/dpkg epoch when the DB records one explicitly. */
  epoch?: number;
  /** rpm modularity stream `name:stream`. */
  module?: string;
  licenses?: string[];
  /** Maven: groupId; npm: scope is part of name. */
  namespace?: string;
  /** Package URL (package-url spec), without distro qualifiers for language packages. */
  purl: string;
  /** Layer that introduced this exact name+version at this location (set by the indexer). */
  layer?: LayerRef;
  /** Language package whose files an OS package owns (e.g. python3-requests' dist-info). */
  ownedByOsPackage?: string;
  /** Direct dependency, dev dependency, … where a lockfile says so. */
  scope?: 'runtime' | 'dev' | 'optional';
  /** How the finder learned of it: the installed metadata, a lockfile, a binary's build info. */
  evidence?: 'installed' | 'lockfile' | 'binary' | 'manifest';
}
