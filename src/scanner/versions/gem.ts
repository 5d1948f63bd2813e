import { comparatorRange, type Clause } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { digitsEnd, digitsValue, isAlnum, isDigit, isLetter } from './char-scan.js';

type Segment = string | number | bigint;

/** A RubyGems `Gem::Version`. */
export interface GemVersion {
  /** The version text as RubyGems keeps it (stripped, `-` spelled `.pre.`). */
  readonly text: string;
  readonly segments: readonly Segment[];
  /** Segments with trailing zeros dropped from the numeric and the string part (the order key). */
  readonly canonical: readonly Segment[];
  readonly prerelease: boolean;
}

/** Index after the run of `[0-9A-Za-z]` (with `dash`, also `-`) starting at `i`. */
function runEnd(s: string, i: number, dash: boolean): number {
  let k = i;
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (!isAlnum(c) && !(dash && c === 45)) break;
  }
  return k;
}

/**
 * `Gem::Version::ANCHORED_VERSION_PATTERN` on a stripped string: digits, then `.`-separated
 * alphanumeric segments, then optionally `-` and `.`-separated segments that may hold `-`.
 */
function shapeValid(s: string): boolean {
  let i = digitsEnd(s, 0);
  if (i === 0) return false;
  while (s.charCodeAt(i) === 46) {
    const e = runEnd(s, i + 1, false);
    if (e === i + 1) return false;
    i = e;
  }
  if (i < s.length && s.charCodeAt(i) === 45) {
    let e = runEnd(s, i + 1, true);
    if (e === i + 1) return false;
    while (s.charCodeAt(e) === 46) {
      const f = runEnd(s, e + 1, true);
      if (f === e + 1) return false;
      e = f;
    }
    i = e;
  }
  return i === s.length;
}

function dropTrailingZeros(xs: Segment[], from: number, to: number, out: Segment[]): void {
  let n = to;
  while (n > from && (xs[n - 1] === 0 || xs[n - 1] === 0n)) n--;
  for (let k = from; k < n; k++) out.push(xs[k]!);
}

/** `Gem::Version.new`: a blank string is version 0. */
export function parseGemVersion(input: string): GemVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('gem', input, 'too long');
  const stripped = input.trim();
  if (stripped !== '' && !shapeValid(stripped))
    throw invalidVersion('gem', input, 'expected digits and letters separated by dots');
  if (stripped === '') return { text: '0', segments: [0], canonical: [], prerelease: false };
  // Segments are the digit and letter runs; RubyGems spells `-` as `.pre.`, a segment of its own.
  const segments: Segment[] = [];
  let firstString = -1;
  for (let i = 0; i < stripped.length;) {
    const c = stripped.charCodeAt(i);
    if (isDigit(c)) {
      const e = digitsEnd(stripped, i);
      segments.push(digitsValue(stripped, i, e));
      i = e;
      continue;
    }
    if (c === 45 || isLetter(c)) {
      if (firstString < 0) firstString = segments.length;
      if (c === 45) {
        segments.push('pre');
        i++;
        continue;
      }
      let e = i + 1;
      while (e < stripped.length && isLetter(stripped.charCodeAt(e))) e++;
      segments.push(stripped.slice(i, e));
      i = e;
      continue;
    }
    i++;
  }
  const cut = firstString === -1 ? segments.length : firstString;
  const canonical: Segment[] = [];
  dropTrailingZeros(segments, 0, cut, canonical);
  dropTrailingZeros(segments, cut, segments.length, canonical);
  const text = stripped.includes('-') ? stripped.replace(/-/g, '.pre.') : stripped;
  return { text, segments, canonical, prerelease: firstString !== -1 };
}

/** `Gem::Version#<=>`: segment-wise, a missing segment is 0, strings sort before numbers. */
export function compareGemVersions(a: GemVersion, b: GemVersion): CompareResult {
  const l = a.canonical;
  const r = b.canonical;
  const n = Math.max(l.length, r.length);
  for (let i = 0; i < n; i++) {
    const x = l[i] ?? 0;
    const y = r[i] ?? 0;
    if (x === y) continue;
    const xs = typeof x === 'string';
    const ys = typeof y === 'string';
    if (xs && !ys) return -1;
    if (!xs && ys) return 1;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** `Gem::Version#release`: the version without its pre-release segments. */
export function gemRelease(v: GemVersion): GemVersion {
  if (!v.prerelease) return v;
  const segs = [...v.segments];
  while (segs.some((s) => typeof s === 'string')) segs.pop();
  return parseGemVersion(segs.join('.'));
}

/** `Gem::Version#bump`: drop pre-release segments and the last one, increment the new last. */
export function gemBump(v: GemVersion): GemVersion {
  const segs = [...v.segments];
  while (segs.some((s) => typeof s === 'string')) segs.pop();
  if (segs.length > 1) segs.pop();
  const last = segs[segs.length - 1] as number | bigint;
  segs[segs.length - 1] = typeof last === 'bigint' ? last + 1n : last + 1;
  return parseGemVersion(segs.join('.'));
}

const REQ_RE = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/;

function requirementClause(text: string, req: string): Clause<GemVersion> {
  const m = REQ_RE.exec(req);
  if (!m) throw invalidRange('gem', text, `cannot read requirement ${JSON.stringify(req)}`);
  let bound: GemVersion;
  try {
    bound = parseGemVersion(m[2]!);
  } catch {
    throw invalidRange('gem', text, `${JSON.stringify(m[2])} is not a gem version`);
  }
  const op = m[1] ?? '=';
  if (op === '~>') {
    const upper = gemBump(bound);
    return { test: (v) => compareGemVersions(v, bound) >= 0 && compareGemVersions(gemRelease(v), upper) < 0 };
  }
  return { op: op as '=' | '!=' | '>=' | '<=' | '>' | '<', bound };
}

/**
 * A `Gem::Requirement`: comma-separated requirements are all required (`>= 1.0, < 1.5`), `||`
 * separates alternatives (a RubySec list of patched versions is the union of its entries).
 */
export function parseGemRange(text: string) {
  const anyOf: Clause<GemVersion>[][] = [];
  for (const alt of text.split('||')) {
    const reqs = alt
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (reqs.length === 0) throw invalidRange('gem', text, 'empty requirement');
    anyOf.push(reqs.map((r) => requirementClause(text, r)));
  }
  return comparatorRange(text, anyOf, compareGemVersions);
}

export const gemScheme = {
  id: 'gem',
  title: 'RubyGems',
  usedFor: ['RubyGems'],
  parse: parseGemVersion,
  compare: compareGemVersions,
  format: (v: GemVersion) => v.text,
  parseRange: parseGemRange,
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<GemVersion>;
