/**
 * Does one DB row make one installed version vulnerable? The same decision for every rule, with
 * the row's version scheme. An unreadable version is `unknown`, never "not affected".
 */
import { isRampartError, describeError } from '../../runtime/errors.js';
import { compareVersions } from '../versions/compare-versions.js';
import type { SchemeId } from '../versions/contracts.js';
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

/** Fix versions of a row: its `fixedVersions` and its ranges' `fixed` events. */
function fixesOf(row: AffectedPackage): string[] {
  const out = new Set(row.fixedVersions);
  for (const r of row.ranges) if (r.type !== 'GIT') for (const e of r.events) if (e.fixed) out.add(e.fixed);
  return [...out];
}

/**
 * The fixes above `version` on its own line of development, sorted: a fix with an `introduced`
 * event between the version and the fix (urllib3 1.26.12 vs the 2.x fix 2.0.6) is another
 * branch's and left out. Unreadable fix versions are kept at the end as published.
 */
function fixesAbove(scheme: SchemeId, version: string, fixes: string[], introduced: string[]): string[] {
  const ok: string[] = [];
  const odd: string[] = [];
  const between = (f: string) =>
    introduced.some((i) => {
      try {
        return i !== '0' && compareVersions(scheme, i, version) > 0 && compareVersions(scheme, i, f) <= 0;
      } catch {
        return false;
      }
    });
  for (const f of fixes) {
    try {
      if (compareVersions(scheme, f, version) > 0 && !between(f)) ok.push(f);
    } catch {
      odd.push(f);
    }
  }
  ok.sort((a, b) => compareVersions(scheme, a, b));
  return [...ok, ...odd.sort()];
}

/**
 * What a row's decision needs that does not depend on the installed version, worked out once per
 * row object (a matcher decides the same rows for many versions). Rows are read-only data.
 */
interface PreparedRow {
  scheme: SchemeId;
  /** The non-GIT ranges, compiled; undefined when the row has neither ranges nor listed versions. */
  compiled?: CompiledOsvRanges;
  fixes: string[];
  introduced: string[];
}

const prepared = new WeakMap<AffectedPackage, PreparedRow>();

function prepare(row: AffectedPackage, scheme: SchemeId): PreparedRow {
  const hit = prepared.get(row);
  if (hit && hit.scheme === scheme) return hit;
  const ranges = row.ranges.filter((r) => r.type !== 'GIT');
  const p: PreparedRow = {
    scheme,
    ...(ranges.length > 0 || row.versions.length > 0 ? { compiled: compileOsvRanges(scheme, ranges) } : {}),
    fixes: fixesOf(row),
    introduced: ranges.flatMap((r) => r.events.flatMap((e) => (e.introduced ? [e.introduced] : []))),
  };
  prepared.set(row, p);
  return p;
}

/** `undefined` = this row does not make the version vulnerable. */
export function decideState(
  row: AffectedPackage,
  version: string,
  fallbackScheme: SchemeId,
): Decision | undefined {
  const scheme = row.scheme ?? fallbackScheme;
  switch (row.state) {
    case 'not_affected':
      return undefined;
    case 'unfixed':
      return { state: 'unfixed', fixedIn: [] };
    case 'under_investigation':
      return { state: 'under_investigation', fixedIn: [] };
    case 'will_not_fix':
    case 'no_dsa':
    case 'ignored':
    case 'postponed':
      return { state: 'will_not_fix', fixedIn: [], note: WILL_NOT_FIX_NOTE[row.state] };
    default:
      break;
  }
  try {
    const p = prepare(row, scheme);
    let vulnerable: boolean;
    if (p.compiled) {
      vulnerable = isAffectedCompiled(p.compiled, version, row.versions);
    } else if (row.fixedVersions.length > 0) {
      // Distro statement "fixed in X": every version below the lowest fix is affected.
      vulnerable = row.fixedVersions.some((f) => compareVersions(scheme, version, f) < 0);
    } else {
      // `affected` with no version data: every version.
      vulnerable = row.state === 'affected';
    }
    if (!vulnerable) return undefined;
    return { state: 'affected', fixedIn: fixesAbove(scheme, version, p.fixes, p.introduced) };
  } catch (err: unknown) {
    if (!isRampartError(err, 'VERSION_INVALID', 'VERSION_RANGE_INVALID', 'VERSION_SCHEME_UNKNOWN')) throw err;
    return {
      state: 'unknown',
      fixedIn: fixesOf(row).sort(),
      note: `version comparison failed: ${describeError(err)}`,
    };
  }
}
