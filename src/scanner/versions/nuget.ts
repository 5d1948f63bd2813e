import { comparatorRange, type Clause } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { comparePrerelease, preIdentifier } from './semver-core.js';

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
const VERSION_RE =
  /^([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Parses like `NuGetVersion.Parse`: 1 to 4 numeric parts (each an Int32), labels, metadata. */
export function parseNugetVersion(input: string): NugetVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('nuget', input, 'too long');
  const m = VERSION_RE.exec(input.trim());
  if (!m) throw invalidVersion('nuget', input, 'expected MAJOR[.MINOR[.PATCH[.REVISION]]][-pre][+metadata]');
  const part = (s: string | undefined) => {
    const n = s === undefined ? 0 : Number(s);
    if (n > INT32_MAX) throw invalidVersion('nuget', input, 'a version part exceeds 2147483647');
    return n;
  };
  return {
    major: part(m[1]),
    minor: part(m[2]),
    patch: part(m[3]),
    revision: part(m[4]),
    pre: m[5] ? m[5].split('.').map(preIdentifier) : [],
    preText: m[5] ?? '',
    metadata: m[6] ?? '',
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
