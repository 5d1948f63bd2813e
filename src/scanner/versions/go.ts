import { parseOperatorRange } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { digitsEnd, digitsValue, dotIdentifiers } from './char-scan.js';
import { compareSemverParts, type SemverParts } from './semver-core.js';

/** A Go module or toolchain version, held as its semantic version. */
export interface GoVersion extends SemverParts {
  /** True when the input was a toolchain tag (`go1.21.3`, `go1.21rc1`). */
  readonly toolchain: boolean;
}

type Segment = string | number | bigint;

/**
 * A Go `NUM` (`0|[1-9][0-9]*`) at `i`: the index after it, or -1 when there is none (a leading
 * zero followed by more digits is no number either: the next character cannot follow it).
 */
function numEnd(s: string, i: number): number {
  if (i >= s.length) return -1;
  const c = s.charCodeAt(i);
  if (c === 48) return i + 1;
  return c >= 49 && c <= 57 ? digitsEnd(s, i + 1) : -1;
}

/** A numeric pre-release identifier: no leading zero (golang.org/x/mod/semver refuses one). */
function preReleaseNumber(s: string, start: number, end: number): number | bigint | undefined {
  return s.charCodeAt(start) === 48 && end - start > 1 ? undefined : digitsValue(s, start, end);
}

/** `go` NUM [.NUM] [.NUM] [(alpha|beta|rc) NUM], or undefined. */
function parseToolchain(s: string): GoVersion | undefined {
  if (s.charCodeAt(0) !== 103 || s.charCodeAt(1) !== 111) return undefined;
  const nums: (number | bigint)[] = [];
  let i = 2;
  for (let part = 0; part < 3; part++) {
    if (part > 0) {
      if (s.charCodeAt(i) !== 46) break;
      i++;
    }
    const e = numEnd(s, i);
    if (e < 0) return undefined;
    nums.push(digitsValue(s, i, e));
    i = e;
  }
  let pre: Segment[] = [];
  if (i < s.length) {
    const word = s.slice(i, lettersEnd(s, i));
    if (word !== 'alpha' && word !== 'beta' && word !== 'rc') return undefined;
    const n = numEnd(s, i + word.length);
    if (n < 0) return undefined;
    pre = [word, digitsValue(s, i + word.length, n)];
    i = n;
  }
  if (i !== s.length) return undefined;
  return { major: nums[0]!, minor: nums[1] ?? 0, patch: nums[2] ?? 0, pre, build: [], toolchain: true };
}

/** Index after the lower-case letters starting at `i`. */
function lettersEnd(s: string, i: number): number {
  let k = i;
  while (k < s.length && s.charCodeAt(k) >= 97 && s.charCodeAt(k) <= 122) k++;
  return k;
}

/**
 * golang.org/x/mod/semver: `v` NUM [. NUM [. NUM [-pre] [+build]]] — `vMAJOR` and
 * `vMAJOR.MINOR` are shorthands for .0 and take no pre-release or build; the pre-release
 * forbids numeric leading zeros. `v` is optional here. Undefined when malformed.
 */
function parseModule(s: string): GoVersion | undefined {
  let i = s.charCodeAt(0) === 118 ? 1 : 0;
  const nums: (number | bigint)[] = [];
  for (let part = 0; part < 3; part++) {
    if (part > 0) {
      if (i === s.length) break;
      if (s.charCodeAt(i) !== 46) return undefined;
      i++;
    }
    const e = numEnd(s, i);
    if (e < 0) return undefined;
    nums.push(digitsValue(s, i, e));
    i = e;
  }
  let pre: Segment[] = [];
  let build: string[] = [];
  if (nums.length === 3 && i < s.length) {
    const plus = s.indexOf('+', i);
    const preEnd = plus < 0 ? s.length : plus;
    if (s.charCodeAt(i) === 45) {
      const p = dotIdentifiers(s, i + 1, preEnd, preReleaseNumber);
      if (!p) return undefined;
      pre = p;
      i = preEnd;
    }
    if (i < s.length) {
      if (i !== plus) return undefined;
      const b = dotIdentifiers(s, plus + 1, s.length);
      if (!b) return undefined;
      build = b as string[];
      i = s.length;
    }
  }
  if (i !== s.length) return undefined;
  return { major: nums[0]!, minor: nums[1] ?? 0, patch: nums[2] ?? 0, pre, build, toolchain: false };
}

/**
 * Parses a Go module version (`v1.2.3`, `v0.0.0-20191109021931-daa7c04131f5`,
 * `v2.0.0+incompatible`), the same without `v` (as OSV's Go ecosystem records them), or a
 * toolchain tag (`go1.21.3`, `go1.21rc1` → 1.21.0-rc.1, `go1.20` → 1.20.0, as the Go
 * vulnerability database maps them).
 */
export function parseGoVersion(input: string): GoVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('go', input, 'too long');
  const s = input.trim();
  const v = parseToolchain(s) ?? parseModule(s);
  if (!v) throw invalidVersion('go', input, 'expected vMAJOR[.MINOR[.PATCH[-pre][+build]]] or goX.Y[.Z]');
  return v;
}

/** Build metadata (`+incompatible`) never takes part in the order. */
export function compareGoVersions(a: GoVersion, b: GoVersion): CompareResult {
  return compareSemverParts(a, b);
}

/** Canonical `vX.Y.Z[-pre][+build]` (toolchain versions print in the same form). */
export function formatGoVersion(v: GoVersion): string {
  const pre = v.pre.length > 0 ? `-${v.pre.join('.')}` : '';
  const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
  return `v${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}

export const goScheme = {
  id: 'go',
  title: 'Go modules',
  usedFor: ['Go'],
  parse: parseGoVersion,
  compare: compareGoVersions,
  format: formatGoVersion,
  parseRange: (s: string) =>
    parseOperatorRange(s, parseGoVersion, compareGoVersions, (why) => invalidRange('go', s, why)),
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<GoVersion>;
