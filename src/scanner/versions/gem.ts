import { comparatorRange, type Clause } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { numericValue } from './numeric-value.js';

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

const VERSION_RE = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

function dropTrailingZeros(xs: Segment[]): Segment[] {
  let n = xs.length;
  while (n > 0 && (xs[n - 1] === 0 || xs[n - 1] === 0n)) n--;
  return xs.slice(0, n);
}

/** `Gem::Version.new`: a blank string is version 0. */
export function parseGemVersion(input: string): GemVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('gem', input, 'too long');
  if (!VERSION_RE.test(input))
    throw invalidVersion('gem', input, 'expected digits and letters separated by dots');
  const stripped = input.trim();
  const text = stripped === '' ? '0' : stripped.replace(/-/g, '.pre.');
  const segments: Segment[] = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) =>
    /^[0-9]+$/.test(s) ? numericValue(s) : s,
  );
  const firstString = segments.findIndex((s) => typeof s === 'string');
  const cut = firstString === -1 ? segments.length : firstString;
  const canonical = [...dropTrailingZeros(segments.slice(0, cut)), ...dropTrailingZeros(segments.slice(cut))];
  return { text, segments, canonical, prerelease: /[a-zA-Z]/.test(text) };
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
