/**
 * The contract every version scheme implements. A scheme is the ordering rule of one packaging
 * world (dpkg, rpm, PEP 440…): it parses the version strings that world's package databases and
 * feeds record, orders them, and evaluates that world's own range syntax.
 *
 * Parsing is strict: a string the scheme cannot read throws `RampartError('VERSION_INVALID')`
 * naming the string and the scheme, never a silent zero. A matcher that meets such an error
 * reports the finding as unknown, not as "not affected".
 */

/** Registry keys, the upstream's own lowercase names. */
export type SchemeId =
  'apk' | 'composer' | 'dpkg' | 'gem' | 'go' | 'maven' | 'nuget' | 'pep440' | 'rpm' | 'semver';

export type CompareResult = -1 | 0 | 1;

/** A parsed range (specifier, constraint, requirement…) in a scheme's own syntax. */
export interface VersionRange<V> {
  /** The range text as given. */
  readonly text: string;
  /** True when the parsed version `v` lies inside the range. */
  includes(v: V): boolean;
}

export interface VersionScheme<V = unknown> {
  readonly id: SchemeId;
  /** Human title, e.g. "Debian dpkg". */
  readonly title: string;
  /** Ecosystems or distributions whose versions follow this scheme (informational). */
  readonly usedFor: readonly string[];
  /** Parse a version string or throw RampartError('VERSION_INVALID'). */
  parse(s: string): V;
  /** Total order on parsed versions. */
  compare(a: V, b: V): CompareResult;
  /** A canonical text for a parsed version; parsing it yields an equal version. */
  format(v: V): string;
  /** Parse a range in this scheme's native syntax or throw RampartError('VERSION_RANGE_INVALID'). */
  parseRange(s: string): VersionRange<V>;
  /** True when `v` lies inside `range`. */
  satisfies(v: V, range: VersionRange<V>): boolean;
}
