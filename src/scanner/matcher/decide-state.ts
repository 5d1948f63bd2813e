/**
 * Does one DB row make one installed version vulnerable? The same decision for every rule, with
 * the row's version scheme. An unreadable version is `unknown`, never "not affected".
 */
import { isRampartError, describeError } from '../../runtime/errors.js';
import { compareVersions, getScheme, parseVersion } from '../versions/compare-versions.js';
import type { SchemeId, VersionScheme } from '../versions/contracts.js';
import { compileOsvRanges, isAffectedCompiled, type CompiledOsvRanges } from '../versions/osv-range.js';
import type { AffectedPackage } from '../vulndb/model.js';
import type { FindingState } from '../../model/vuln-report.js';

export interface Decision {
  state: FindingState;
  /** Fix versions above the installed one, lowest first (scheme order). */
  fixedIn: string[];
  /** The vendor's own word when it will not fix or the reason a decision is unknown. */
  note?: string;
}

const WILL_NOT_FIX_NOTE: Partial<Record<AffectedPackage['state'], string>> = {
  will_not_fix: 'the vendor will not fix it',
  no_dsa: 'no-dsa: the vendor will not issue a security advisory (minor issue)',
  ignored: 'ignored: the vendor decided not to fix it',
  postponed: 'postponed: the vendor postponed the fix',
};

// Decisions that do not depend on the installed version are shared (findings copy their fields).
const UNFIXED: Decision = { state: 'unfixed', fixedIn: [] };
const UNDER_INVESTIGATION: Decision = { state: 'under_investigation', fixedIn: [] };
const WILL_NOT_FIX: Partial<Record<AffectedPackage['state'], Decision>> = Object.fromEntries(
  Object.entries(WILL_NOT_FIX_NOTE).map(([state, note]) => [
    state,
    { state: 'will_not_fix', fixedIn: [], note },
  ]),
);

/** Fix versions of a row: its `fixedVersions` and its ranges' `fixed` events. */
function fixesOf(row: AffectedPackage): string[] {
  const out = new Set(row.fixedVersions);
  for (const r of row.ranges) if (r.type !== 'GIT') for (const e of r.events) if (e.fixed) out.add(e.fixed);
  return [...out];
}

/** A version string parsed once: `v` when it parses, else the error its parse threw. */
interface Parsed {
  s: string;
  v?: unknown;
  error?: unknown;
}

function parseOnce(scheme: VersionScheme, s: string): Parsed {
  try {
    return { s, v: parseVersion(scheme.id, s) };
  } catch (error: unknown) {
    return { s, error };
  }
}

/**
 * What a row's decision needs that does not depend on the installed version, worked out once per
 * row (a matcher decides the same rows for many versions): `prepareRow`, then `decidePrepared`.
 */
export interface PreparedRow {
  row: AffectedPackage;
  scheme: SchemeId;
  /** The scheme, or the error naming it unknown (thrown only where a comparison is needed). */
  own?: VersionScheme;
  schemeError?: unknown;
  /** The non-GIT ranges, compiled; undefined when the row has neither ranges nor listed versions. */
  compiled?: CompiledOsvRanges;
  /** `fixedVersions`, parsed (the "fixed in X" statement of a row without ranges). */
  fixedVersions: Parsed[];
  fixes: string[];
  parsedFixes: Parsed[];
  /** `introduced` events other than "0" that parse (an unreadable one never excludes a fix). */
  introduced: unknown[];
  /** The shared `affected` decisions of this row: without fixes, and with all its fixes. */
  noFix?: Decision;
  allFixes?: Decision;
}

/** `row` prepared for decisions; `fallbackScheme` is used when the row names no scheme. */
export function prepareRow(row: AffectedPackage, fallbackScheme: SchemeId): PreparedRow {
  const scheme = row.scheme ?? fallbackScheme;
  const ranges = row.ranges.filter((r) => r.type !== 'GIT');
  const fixes = fixesOf(row);
  const p: PreparedRow = { row, scheme, fixedVersions: [], fixes, parsedFixes: [], introduced: [] };
  try {
    p.own = getScheme(scheme);
  } catch (error: unknown) {
    p.schemeError = error;
  }
  const own = p.own;
  if (own) {
    if (ranges.length > 0 || row.versions.length > 0)
      p.compiled = compileOsvRanges(scheme, ranges, row.versions, row.listedOrder);
    p.fixedVersions = row.fixedVersions.map((f) => parseOnce(own, f));
    p.parsedFixes = fixes.map((f) => parseOnce(own, f));
    for (const r of ranges)
      for (const e of r.events)
        if (e.introduced && e.introduced !== '0') {
          const i = parseOnce(own, e.introduced);
          if (!i.error) p.introduced.push(i.v);
        }
  }
  return p;
}

/**
 * The fixes above `version` on its own line of development, sorted: a fix with an `introduced`
 * event between the version and the fix (urllib3 1.26.12 vs the 2.x fix 2.0.6) is another
 * branch's and left out. Unreadable fix versions are kept at the end as published.
 */
function fixesAbove(own: VersionScheme, v: unknown, p: PreparedRow): string[] {
  if (p.parsedFixes.length === 0) return [];
  if (p.parsedFixes.length === 1) {
    const f = p.parsedFixes[0]!;
    if (f.error !== undefined) return [f.s];
    return own.compare(f.v, v) > 0 &&
      !p.introduced.some((i) => own.compare(i, v) > 0 && own.compare(i, f.v) <= 0)
      ? [f.s]
      : [];
  }
  const ok: Parsed[] = [];
  let odd: string[] | undefined;
  const between = (f: unknown) => p.introduced.some((i) => own.compare(i, v) > 0 && own.compare(i, f) <= 0);
  for (const f of p.parsedFixes) {
    if (f.error !== undefined) (odd ??= []).push(f.s);
    else if (own.compare(f.v, v) > 0 && !between(f.v)) ok.push(f);
  }
  if (ok.length > 1) ok.sort((a, b) => own.compare(a.v, b.v));
  const out = ok.map((f) => f.s);
  if (odd) out.push(...odd.sort());
  return out;
}

/**
 * Fix versions from several rows of one vulnerability, deduplicated and lowest first in the
 * scheme's order (unreadable ones last, as published): the finding's `fixedIn` contract.
 */
export function sortFixes(scheme: SchemeId, fixes: readonly string[]): string[] {
  const ok: string[] = [];
  const odd: string[] = [];
  for (const f of new Set(fixes)) {
    try {
      compareVersions(scheme, f, f);
      ok.push(f);
    } catch {
      odd.push(f);
    }
  }
  ok.sort((a, b) => compareVersions(scheme, a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return [...ok, ...odd.sort()];
}

/** `undefined` = this row does not make the version vulnerable. */
export function decideState(
  row: AffectedPackage,
  version: string,
  fallbackScheme: SchemeId,
): Decision | undefined {
  return decidePrepared(prepareRow(row, fallbackScheme), version);
}

/**
 * `decideState` for a prepared row. `parsed` is `version` already parsed with the row's scheme
 * (a caller deciding many rows for one version parses it once); without it, it is parsed here.
 */
export function decidePrepared(
  p: PreparedRow,
  version: string,
  parsed?: { v: unknown },
): Decision | undefined {
  const row = p.row;
  switch (row.state) {
    case 'not_affected':
      return undefined;
    case 'unfixed':
      return UNFIXED;
    case 'under_investigation':
      return UNDER_INVESTIGATION;
    case 'will_not_fix':
    case 'no_dsa':
    case 'ignored':
    case 'postponed':
      return WILL_NOT_FIX[row.state]!;
    default:
      break;
  }
  const scheme = p.scheme;
  try {
    let vulnerable: boolean;
    if (p.compiled || (!p.own && (row.ranges.some((r) => r.type !== 'GIT') || row.versions.length > 0))) {
      if (!p.own) throw p.schemeError;
      vulnerable = isAffectedCompiled(p.compiled!, version, parsed);
    } else if (row.fixedVersions.length > 0) {
      // Distro statement "fixed in X": every version below the lowest fix is affected.
      if (!p.own) throw p.schemeError;
      const v = parsed ? parsed.v : parseVersion(scheme, version);
      vulnerable = false;
      for (const f of p.fixedVersions) {
        if (f.error !== undefined) throw f.error;
        if (p.own.compare(v, f.v) < 0) {
          vulnerable = true;
          break;
        }
      }
    } else {
      // `affected` with no version data: every version.
      vulnerable = row.state === 'affected';
    }
    if (!vulnerable) return undefined;
    if (p.fixes.length === 0) return (p.noFix ??= { state: 'affected', fixedIn: [] });
    const fixedIn = fixesAbove(p.own!, parsed ? parsed.v : parseVersion(scheme, version), p);
    // The usual answers (no fix or every fix applies) are shared decisions of the row: every
    // fix sorts the same way whatever the installed version.
    if (fixedIn.length === 0) return (p.noFix ??= { state: 'affected', fixedIn });
    if (fixedIn.length === p.parsedFixes.length) return (p.allFixes ??= { state: 'affected', fixedIn });
    return { state: 'affected', fixedIn };
  } catch (err: unknown) {
    if (!isRampartError(err, 'VERSION_INVALID', 'VERSION_RANGE_INVALID', 'VERSION_SCHEME_UNKNOWN')) throw err;
    return {
      state: 'unknown',
      fixedIn: [...p.fixes].sort(),
      note: `version comparison failed: ${describeError(err)}`,
    };
  }
}
