import semver from 'semver';
import type { CompareResult, VersionRange, VersionScheme } from './contracts.js';
import { digitsEnd, digitsValue, dotIdentifiers } from './char-scan.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { compareSemverParts, formatSemverParts, preIdentifier, type SemverParts } from './semver-core.js';

/** A SemVer 2 version as npm reads it (node-semver loose mode: `v`, `=`, blanks accepted). */
export interface SemverVersion extends SemverParts {
  /** node-semver's normalised text (no build), used for range tests. */
  readonly normalized: string;
}

/** node-semver's longest accepted version string. */
const SEMVER_MAX_LENGTH = 256;

/** A numeric pre-release identifier; longer digit runs are left to node-semver (it keeps unsafe integers as text). */
function preReleaseNumber(s: string, start: number, end: number): number | undefined {
  return end - start > 15 ? undefined : (digitsValue(s, start, end) as number);
}

/**
 * The common shape in one pass: `[v= ]*MAJOR.MINOR.PATCH[-pre][+build]`, each number at most 15
 * digits. Anything else (a pre-release without `-`, odd blanks, huge numbers, input node-semver
 * reads only by backtracking) returns undefined and goes to node-semver itself, so the accepted
 * language and the values stay node-semver's.
 */
function parseCommon(input: string): SemverVersion | undefined {
  if (input.length > SEMVER_MAX_LENGTH) return undefined;
  const s = input.trim();
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 118 && c !== 61 && c !== 32 && c !== 9) break;
  }
  const nums = [0, 0, 0];
  for (let n = 0; n < 3; n++) {
    if (n > 0) {
      if (s.charCodeAt(i) !== 46) return undefined;
      i++;
    }
    const e = digitsEnd(s, i);
    if (e === i || e - i > 15) return undefined;
    nums[n] = digitsValue(s, i, e) as number;
    i = e;
  }
  const plus = s.indexOf('+', i);
  const preEnd = plus < 0 ? s.length : plus;
  let pre: (string | number)[] = [];
  let build: string[] = [];
  if (i < preEnd) {
    if (s.charCodeAt(i) !== 45) return undefined;
    const p = dotIdentifiers(s, i + 1, preEnd, preReleaseNumber);
    if (!p) return undefined;
    pre = p;
  }
  if (plus >= 0) {
    const b = dotIdentifiers(s, plus + 1, s.length);
    if (!b) return undefined;
    build = b as string[];
  }
  const core = `${nums[0]}.${nums[1]}.${nums[2]}`;
  return {
    major: nums[0]!,
    minor: nums[1]!,
    patch: nums[2]!,
    pre,
    build,
    normalized: pre.length > 0 ? `${core}-${pre.join('.')}` : core,
  };
}

export function parseSemverVersion(input: string): SemverVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('semver', input, 'too long');
  const common = parseCommon(input);
  if (common) return common;
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
