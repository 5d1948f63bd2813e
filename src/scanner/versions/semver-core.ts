import type { CompareResult } from './contracts.js';
import { numericValue } from './numeric-value.js';

/** The parts of a SemVer 2 version shared by the semver, go and nuget schemes. */
export interface SemverParts {
  readonly major: number | bigint;
  readonly minor: number | bigint;
  readonly patch: number | bigint;
  /** Pre-release identifiers; numeric ones as numbers (or bigint when huge). */
  readonly pre: readonly (string | number | bigint)[];
  /** Build metadata identifiers (never part of the order). */
  readonly build: readonly string[];
}

function cmpNum(a: number | bigint, b: number | bigint): CompareResult {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pre-release identifiers are numeric when they are all digits. */
export function preIdentifier(s: string): string | number | bigint {
  return /^[0-9]+$/.test(s) ? numericValue(s) : s;
}

function cmpStr(a: string, b: string): CompareResult {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SemVer 2 pre-release precedence: no pre-release ranks highest; identifiers compare left to
 * right, numbers numerically and below strings, strings by code unit (or case-insensitively, as
 * NuGet does); a shorter list that is a prefix of the other ranks lower.
 */
export function comparePrerelease(
  a: readonly (string | number | bigint)[],
  b: readonly (string | number | bigint)[],
  caseInsensitive = false,
): CompareResult {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xs = typeof x === 'string';
    const ys = typeof y === 'string';
    let r: CompareResult;
    if (xs && ys) r = caseInsensitive ? cmpStr(x.toLowerCase(), y.toLowerCase()) : cmpStr(x, y);
    else if (xs) r = 1;
    else if (ys) r = -1;
    else r = cmpNum(x, y);
    if (r !== 0) return r;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function compareSemverParts(a: SemverParts, b: SemverParts): CompareResult {
  return (
    cmpNum(a.major, b.major) ||
    cmpNum(a.minor, b.minor) ||
    cmpNum(a.patch, b.patch) ||
    comparePrerelease(a.pre, b.pre)
  );
}

export function formatSemverParts(v: SemverParts): string {
  const pre = v.pre.length > 0 ? `-${v.pre.join('.')}` : '';
  const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
  return `${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}
