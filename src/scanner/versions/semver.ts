import semver from 'semver';
import type { CompareResult, VersionRange, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { compareSemverParts, formatSemverParts, preIdentifier, type SemverParts } from './semver-core.js';

/** A SemVer 2 version as npm reads it (node-semver loose mode: `v`, `=`, blanks accepted). */
export interface SemverVersion extends SemverParts {
  /** node-semver's normalised text (no build), used for range tests. */
  readonly normalized: string;
}

export function parseSemverVersion(input: string): SemverVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('semver', input, 'too long');
  let sv: semver.SemVer;
  try {
    sv = new semver.SemVer(input, { loose: true });
  } catch (err) {
    throw invalidVersion('semver', input, err instanceof Error ? err.message : 'not MAJOR.MINOR.PATCH');
  }
  return {
    major: sv.major,
    minor: sv.minor,
    patch: sv.patch,
    pre: sv.prerelease.map((p) => (typeof p === 'number' ? p : preIdentifier(p))),
    build: [...sv.build],
    normalized: sv.version,
  };
}

export function compareSemverVersions(a: SemverVersion, b: SemverVersion): CompareResult {
  return compareSemverParts(a, b);
}

/**
 * node-semver range syntax (`^ ~ x * || -` and comparators), evaluated as an ordering:
 * pre-releases are inside a range when they sort inside it (includePrerelease), which is what
 * vulnerability ranges mean.
 */
export function parseSemverRange(text: string): VersionRange<SemverVersion> {
  let range: semver.Range;
  try {
    range = new semver.Range(text, { loose: true, includePrerelease: true });
  } catch (err) {
    throw invalidRange('semver', text, err instanceof Error ? err.message : 'unreadable');
  }
  return { text, includes: (v) => range.test(v.normalized) };
}

export const semverScheme = {
  id: 'semver',
  title: 'Semantic Versioning 2.0 (node-semver)',
  usedFor: ['npm', 'crates.io', 'Hex', 'Pub', 'SwiftURL', 'OSV SEMVER ranges'],
  parse: parseSemverVersion,
  compare: compareSemverVersions,
  format: formatSemverParts,
  parseRange: parseSemverRange,
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<SemverVersion>;
