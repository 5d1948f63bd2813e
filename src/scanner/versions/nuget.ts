import { comparatorRange, type Clause } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { allDigits, digitsEnd, digitsValue, isIdentChar } from './char-scan.js';
import { comparePrerelease } from './semver-core.js';

/** A NuGet version: up to four numeric parts, a SemVer 2 pre-release and ignored metadata. */
export interface NugetVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly revision: number;
  readonly pre: readonly (string | number | bigint)[];
  /** The pre-release labels as written (for printing). */
  readonly preText: string;
  readonly metadata: string;
}

const INT32_MAX = 2147483647;

/** True when `s[i..end)` is dot-separated non-empty `[0-9A-Za-z-]` labels. */
function labelsValid(s: string, i: number, end: number): boolean {
  let start = i;
  for (let k = i; k <= end; k++) {
    const c = k < end ? s.charCodeAt(k) : 46;
    if (c === 46) {
      if (k === start) return false;
      start = k + 1;
    } else if (!isIdentChar(c)) return false;
  }
  return true;
}

/** Pre-release labels of `s[i..end)` (already validated): all-digit ones as numbers. */
function preLabels(s: string, i: number, end: number): (string | number | bigint)[] {
  const out: (string | number | bigint)[] = [];
  let start = i;
  for (let k = i; k <= end; k++) {
    if (k < end && s.charCodeAt(k) !== 46) continue;
    out.push(allDigits(s, start, k) ? digitsValue(s, start, k) : s.slice(start, k));
    start = k + 1;
  }
  return out;
}

/** Parses like `NuGetVersion.Parse`: 1 to 4 numeric parts (each an Int32), labels, metadata. */
export function parseNugetVersion(input: string): NugetVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('nuget', input, 'too long');
  const s = input.trim();
  const parts = [0, 0, 0, 0];
  let i = 0;
  let ok = true;
  let tooBig = false;
  for (let n = 0; n < 4 && ok; n++) {
    if (n > 0) {
      if (s.charCodeAt(i) !== 46) break;
      i++;
    }
    const e = digitsEnd(s, i);
    ok = e > i;
    let value = 0;
    for (let k = i; k < e; k++) value = value * 10 + (s.charCodeAt(k) - 48);
    tooBig ||= value > INT32_MAX;
    parts[n] = value;
    i = e;
  }
  const plus = s.indexOf('+', i);
  const preEnd = plus < 0 ? s.length : plus;
  let preText = '';
  let metadata = '';
  ok &&= i === s.length || s.charCodeAt(i) === 45 || i === plus;
  if (ok && s.charCodeAt(i) === 45) {
    ok = labelsValid(s, i + 1, preEnd);
    preText = s.slice(i + 1, preEnd);
  }
  if (ok && plus >= 0) {
    ok = labelsValid(s, plus + 1, s.length);
    metadata = s.slice(plus + 1);
  }
  if (!ok) throw invalidVersion('nuget', input, 'expected MAJOR[.MINOR[.PATCH[.REVISION]]][-pre][+metadata]');
  if (tooBig) throw invalidVersion('nuget', input, 'a version part exceeds 2147483647');
  return {
    major: parts[0]!,
    minor: parts[1]!,
    patch: parts[2]!,
    revision: parts[3]!,
    pre: preText === '' ? [] : preLabels(s, i + 1, preEnd),
    preText,
    metadata,
  };
}

function cmpNum(a: number, b: number): CompareResult {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `VersionComparer.Default`: numeric parts, then labels case-insensitively; metadata ignored. */
export function compareNugetVersions(a: NugetVersion, b: NugetVersion): CompareResult {
  return (
    cmpNum(a.major, b.major) ||
    cmpNum(a.minor, b.minor) ||
    cmpNum(a.patch, b.patch) ||
    cmpNum(a.revision, b.revision) ||
    comparePrerelease(a.pre, b.pre, true)
  );
}

/** Normalised text: three parts, a fourth only when non-zero (as NuGet prints it). */
export function formatNugetVersion(v: NugetVersion): string {
  const base = `${v.major}.${v.minor}.${v.patch}${v.revision !== 0 ? `.${v.revision}` : ''}`;
  return `${base}${v.preText ? `-${v.preText}` : ''}${v.metadata ? `+${v.metadata}` : ''}`;
}

/**
 * NuGet version ranges: `1.0` (minimum, inclusive), `[1.0]`, `(1.0,)`, `[1.0, 2.0)`, `(,1.0]`.
 * Floating versions (`1.*`) are not ranges an advisory uses and are refused.
 */
export function parseNugetRange(text: string) {
  // NuGet ignores blanks anywhere in a range ("  1  .   2  " is 1.2).
  const s = text.replace(/\s+/g, '');
  const ver = (raw: string) => {
    try {
      return parseNugetVersion(raw);
    } catch {
      throw invalidRange('nuget', text, `${JSON.stringify(raw)} is not a NuGet version`);
    }
  };
  if (s === '') throw invalidRange('nuget', text, 'range is empty');
  if (!/^[[(]/.test(s)) return comparatorRange(text, [[{ op: '>=', bound: ver(s) }]], compareNugetVersions);
  const m = /^([[(])([^\])]*)([\])])$/.exec(s);
  if (!m) throw invalidRange('nuget', text, 'expected [min, max) style brackets');
  const [, open, body, close] = m;
  const parts = body!.split(',');
  const all: Clause<NugetVersion>[] = [];
  if (parts.length === 1) {
    if (parts[0] === '') throw invalidRange('nuget', text, 'no version given');
    const v = ver(parts[0]!);
    if (open === '(' && close === ')') throw invalidRange('nuget', text, '(v) excludes its only version');
    if (open === '[' && close === ']') all.push({ op: '=', bound: v });
    else all.push({ op: open === '[' ? '>=' : '>', bound: v }, { op: close === ']' ? '<=' : '<', bound: v });
  } else if (parts.length === 2) {
    if (parts[0] === '' && parts[1] === '') throw invalidRange('nuget', text, 'no bound given');
    if (parts[0] !== '') all.push({ op: open === '[' ? '>=' : '>', bound: ver(parts[0]!) });
    if (parts[1] !== '') all.push({ op: close === ']' ? '<=' : '<', bound: ver(parts[1]!) });
  } else throw invalidRange('nuget', text, 'a range has at most one comma');
  return comparatorRange(text, [all], compareNugetVersions);
}

export const nugetScheme = {
  id: 'nuget',
  title: 'NuGet',
  usedFor: ['NuGet'],
  parse: parseNugetVersion,
  compare: compareNugetVersions,
  format: formatNugetVersion,
  parseRange: parseNugetRange,
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<NugetVersion>;
