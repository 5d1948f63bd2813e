import type { Distribution } from '../../model/distribution.js';
import type { PackageKind, PackageRecord } from '../../model/package.js';
import type { Warning } from '../../model/warning.js';
import type { Limits } from '../../runtime/limits.js';
import type { Logger } from '../../runtime/log.js';

/**
 * One file of one layer, handed to the finder that claimed its path. The layer walker reads
 * each layer once; a file reaches a finder only if `claims(path)` said yes.
 */
export interface LayerFile {
  /** Normalised path inside the image: no leading slash, no `.`/`..`, e.g. `var/lib/dpkg/status`. */
  path: string;
  /** The whole content (regular files only; bounded by limits.maxClaimedFileBytes). */
  data: Buffer;
  size: number;
  /** Unix permission bits (mode & 0o7777). */
  mode: number;
}

export interface FinderContext {
  log: Logger;
  limits: Limits;
  signal?: AbortSignal;
}

/** Files an OS package says it installed: lets the indexer mark language packages an OS package owns. */
export interface OwnedFiles {
  /** OS package name, e.g. `python3-requests`. */
  owner: string;
  /** Paths without leading slash. */
  paths: string[];
}

export interface FinderResult {
  packages: PackageRecord[];
  warnings: Warning[];
  ownedFiles?: OwnedFiles[];
}

/**
 * A package finder reads one kind of package DB, manifest, lockfile or binary. It is pure:
 * no network, no database, no console. `version` is part of the per-layer cache key: bump it
 * whenever the output for the same input changes.
 */
export interface PackageFinder {
  /** Registry key = folder name, the upstream's own lower-case name (dpkg, apk, rpm, npm, …). */
  name: string;
  version: number;
  kind: PackageKind;
  description: string;
  /** Cheap path predicate, no I/O. `path` is normalised (no leading slash). */
  claims(path: string): boolean;
  /** Parse one claimed file. A malformed file is a warning naming the finder and path, not a throw. */
  find(file: LayerFile, ctx: FinderContext): FinderResult | Promise<FinderResult>;
  /**
   * Optional image-level rule over the squashed result (after whiteouts), e.g. "installed
   * node_modules win over lockfile entries for the same package". Receives every package this
   * finder produced that survived in the final view; returns the ones to keep.
   */
  coalesce?(packages: PackageRecord[]): PackageRecord[];
}

/** A distribution candidate with a rank: lower `priority` wins when several files answer. */
export interface DistributionCandidate {
  distribution: Distribution;
  priority: number;
}

export interface DistributionDetector {
  name: string;
  version: number;
  description: string;
  claims(path: string): boolean;
  detect(file: LayerFile, ctx: FinderContext): DistributionCandidate | undefined;
}
