import type { SchemeId, VersionScheme } from './contracts.js';
import { getScheme, parseVersion } from './compare-versions.js';
import { findScheme } from './registry.js';
import { invalidRange } from './invalid-version.js';

/** One OSV `affected[].ranges[].events[]` entry: exactly one key is set. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** One OSV `affected[].ranges[]` entry. */
export interface OsvRange {
  type: string;
  events: readonly OsvEvent[];
  repo?: string;
}

interface Bound {
  kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  /** Parsed version, or undefined for introduced "0" (below everything). */
  v: unknown;
}

function rangeScheme(schemeId: SchemeId | string, type: string): VersionScheme | undefined {
  if (type === 'ECOSYSTEM') return getScheme(schemeId);
  if (type === 'SEMVER') return getScheme(schemeId === 'go' ? 'go' : 'semver');
  return undefined; // GIT ranges are commits, not versions
}

const EVENT_KINDS: ReadonlySet<string> = new Set(['introduced', 'fixed', 'last_affected', 'limit']);

function boundsOf(schemeId: string, scheme: VersionScheme, range: OsvRange): Bound[] {
  const out: Bound[] = [];
  for (const e of range.events) {
    // The event's kind is its first key with a string value.
    let kind: string | undefined;
    let raw = '';
    for (const k in e) {
      const x = (e as Record<string, unknown>)[k];
      if (typeof x === 'string') {
        kind = k;
        raw = x;
        break;
      }
    }
    if (kind === undefined || !EVENT_KINDS.has(kind)) {
      throw invalidRange(
        scheme.id,
        JSON.stringify(e),
        'an OSV event needs introduced, fixed, last_affected or limit',
      );
    }
    if (kind === 'introduced' && raw === '0') out.push({ kind, v: undefined });
    else {
      try {
        out.push({
          kind: kind as Bound['kind'],
          v: parseVersion(range.type === 'SEMVER' ? scheme.id : schemeId, raw),
        });
      } catch {
        throw invalidRange(scheme.id, raw, `OSV ${kind} event version does not parse`);
      }
    }
  }
  // Sort by version, "0" first. The sort is stable, so events at equal versions keep the feed's
  // order (as osv.dev does): `fixed: X` then `introduced: X` leaves X affected (two adjoining
  // intervals), while `introduced: X` then `fixed: X` is an empty interval.
  return out.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) {
      return (a.v === undefined ? 0 : 1) - (b.v === undefined ? 0 : 1);
    }
    return scheme.compare(a.v, b.v);
  });
}

/** OSV's evaluation of one range's sorted events for a parsed version. */
function inRange(
  scheme: VersionScheme,
  v: unknown,
  bounds: readonly Bound[],
  limits: readonly Bound[],
): boolean {
  let affected = false;
  if (limits.length > 0 && !limits.some((b) => scheme.compare(v, b.v) < 0)) return false;
  for (const b of bounds) {
    if (b.kind === 'introduced') {
      if (b.v === undefined || scheme.compare(v, b.v) >= 0) affected = true;
    } else if (b.kind === 'fixed') {
      if (scheme.compare(v, b.v) >= 0) affected = false;
    } else if (b.kind === 'last_affected') {
      if (scheme.compare(v, b.v) > 0) affected = false;
    }
  }
  return affected;
}

interface CompiledRange {
  readonly scheme: VersionScheme;
  readonly bounds: readonly Bound[];
  readonly limits: readonly Bound[];
  /** The range's unreadable event, thrown when evaluation reaches this range. */
  readonly error?: unknown;
}

/**
 * Revision of the schemes' orders that a stored, pre-sorted list of OSV `versions` was sorted
 * with. Bump it whenever a scheme's comparison changes: lists sorted by an older comparator then
 * no longer carry a trusted mark and are sorted again when a match needs them.
 */
export const LISTED_ORDER_REVISION = 1;

/** The mark of a list of versions sorted in `schemeId`'s order by this build (`pep440@1`). */
export function listedOrderMark(schemeId: string): string {
  return `${schemeId}@${LISTED_ORDER_REVISION}`;
}

/**
 * `versions` in the scheme's order (stable) when every one parses, else undefined: what a
 * writer stores with `listedOrderMark`, so a matcher binary-searches the list instead of
 * parsing and sorting all of it.
 */
export function sortListedVersions(schemeId: string, versions: readonly string[]): string[] | undefined {
  const own = findScheme(schemeId);
  if (!own) return undefined;
  const parsed: { s: string; v: unknown }[] = [];
  for (const s of versions) {
    try {
      parsed.push({ s, v: own.parse(s) });
    } catch {
      return undefined;
    }
  }
  return parsed.sort((a, b) => own.compare(a.v, b.v)).map((p) => p.s);
}

/** OSV ranges and listed versions parsed (and sorted) once, for evaluation against many versions. */
export interface CompiledOsvRanges {
  readonly schemeId: SchemeId | string;
  readonly own: VersionScheme;
  readonly ranges: readonly CompiledRange[];
  /** The listed version strings as published (or as stored, sorted: `presorted`). */
  readonly versions: readonly string[];
  /** The strings are already in the scheme's order (their mark matched this build's). */
  readonly presorted: boolean;
  /**
   * Listed versions that parse, in scheme order (a version is listed when one compares equal),
   * and those that do not (they match an installed version spelled the same): worked out on the
   * first evaluation that needs them (one in range never does).
   */
  listed?: { sorted: readonly unknown[]; odd: ReadonlySet<string> };
}

/**
 * Parses and sorts the events of `ranges` (GIT ranges are dropped); the listed `versions` are
 * parsed and sorted when an evaluation first needs them. Throws VERSION_SCHEME_UNKNOWN for an
 * unknown scheme; an unreadable event is kept and thrown by `isAffectedCompiled` when it
 * reaches that range, as `isAffected` does.
 */
export function compileOsvRanges(
  schemeId: SchemeId | string,
  ranges: readonly OsvRange[],
  versions: readonly string[] = [],
  listedOrder?: string,
): CompiledOsvRanges {
  const own = getScheme(schemeId);
  const out: CompiledRange[] = [];
  for (const range of ranges) {
    const scheme = rangeScheme(schemeId, range.type);
    if (!scheme) continue;
    try {
      const bounds = boundsOf(schemeId, scheme, range);
      out.push({ scheme, bounds, limits: bounds.filter((b) => b.kind === 'limit') });
    } catch (error: unknown) {
      out.push({ scheme, bounds: [], limits: [], error });
    }
  }
  const presorted =
    listedOrder !== undefined && versions.length > 0 && listedOrder === listedOrderMark(schemeId);
  return { schemeId, own, ranges: out, versions, presorted };
}

function listedOf(compiled: CompiledOsvRanges): NonNullable<CompiledOsvRanges['listed']> {
  if (compiled.listed) return compiled.listed;
  const sorted: unknown[] = [];
  const odd = new Set<string>();
  for (const l of compiled.versions) {
    try {
      sorted.push(parseVersion(compiled.schemeId, l));
    } catch {
      odd.add(l);
    }
  }
  const own = compiled.own;
  sorted.sort((a, b) => own.compare(a, b));
  return (compiled.listed = { sorted, odd });
}

/** True when a version comparing equal to `v` is in `sorted` (binary search in scheme order). */
function isListed(own: VersionScheme, sorted: readonly unknown[], v: unknown): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = own.compare(sorted[mid], v);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Binary search of a stored, pre-sorted list, parsing only the probed strings; undefined when a
 * probe does not parse after all (the caller then parses and sorts the whole list).
 */
function isListedPresorted(compiled: CompiledOsvRanges, v: unknown): boolean | undefined {
  const { own, schemeId, versions } = compiled;
  let lo = 0;
  let hi = versions.length - 1;
  try {
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = own.compare(parseVersion(schemeId, versions[mid]!), v);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
  } catch {
    return undefined;
  }
  return false;
}

/**
 * `isAffected` on what `compileOsvRanges` compiled (same answers, same errors). `parsed` is
 * `version` already parsed with the compiled scheme, when the caller has it.
 */
export function isAffectedCompiled(
  compiled: CompiledOsvRanges,
  version: string,
  parsed?: { v: unknown },
): boolean {
  const { schemeId, own } = compiled;
  const v = parsed ? parsed.v : parseVersion(schemeId, version);
  // Listed OR each range in turn up to the first unreadable one (thrown unless listed). Ranges
  // are tried first: a version in range needs no look at the list.
  let error: unknown;
  for (const r of compiled.ranges) {
    let pv = v;
    if (r.scheme !== own) {
      try {
        pv = parseVersion(r.scheme.id, version);
      } catch (err: unknown) {
        error = err;
        break;
      }
    }
    if (r.error !== undefined) {
      error = r.error;
      break;
    }
    if (inRange(r.scheme, pv, r.bounds, r.limits)) return true;
  }
  if (compiled.versions.length > 0) {
    const hit = compiled.presorted ? isListedPresorted(compiled, v) : undefined;
    if (hit === true) return true;
    if (hit === undefined) {
      const listed = listedOf(compiled);
      if (listed.odd.has(version) || isListed(own, listed.sorted, v)) return true;
    }
  }
  if (error !== undefined) throw error;
  return false;
}

/**
 * True when `version` is affected per OSV `ranges` (types SEMVER and ECOSYSTEM; GIT ranges are
 * skipped) or is listed in `versions`. ECOSYSTEM ranges use `schemeId`; SEMVER ranges use
 * SemVer (Go's scheme for Go). Throws VERSION_INVALID for an unreadable installed version and
 * VERSION_RANGE_INVALID for an unreadable event: the caller reports "unknown", never "safe".
 */
export function isAffected(
  schemeId: SchemeId | string,
  version: string,
  ranges: readonly OsvRange[],
  versions: readonly string[] = [],
): boolean {
  return isAffectedCompiled(compileOsvRanges(schemeId, ranges, versions), version);
}
