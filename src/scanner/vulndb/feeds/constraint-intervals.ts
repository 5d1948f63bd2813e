/**
 * Constraint lists (RubySec `patched_versions`, FriendsOfPHP `branches.*.versions`) as OSV
 * ranges, so the matcher evaluates every feed the same way. A constraint entry is a
 * comma-joined AND of comparators (`>= 1.0, < 1.4.2`, gem `~> 5.2.4.3`); it becomes one
 * interval. RubySec lists the SAFE versions, so its affected ranges are the complement of the
 * union of those intervals; FriendsOfPHP lists affected intervals directly.
 *
 * OSV `introduced` is inclusive and `fixed` exclusive, `last_affected` inclusive. An affected
 * interval that starts just AFTER a version (from a safe `<= x` or `= x`) cannot be said in
 * OSV: it is written `introduced: x` and the result is marked `approximate` (x itself is then
 * reported although it is safe; the raw constraints stay in `extra` for an exact check).
 */
import { RampartError, describeError } from '../../../runtime/errors.js';
import { getScheme, parseVersion } from '../../versions/compare-versions.js';
import type { OsvEvent } from '../../versions/osv-range.js';
import type { AffectedRange } from '../model.js';

export interface Bound {
  v: string;
  inc: boolean;
}

/** `lo`/`hi` undefined = unbounded. */
export interface Interval {
  lo?: Bound;
  hi?: Bound;
}

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=' | '~>';
const COMPARATOR = /^(~>|>=|<=|!=|>|<|==?)?\s*v?([0-9A-Za-z][0-9A-Za-z.+_-]*)$/;

/** gem `~> x` upper bound (Gem::Version#bump): drop prerelease parts, then the last part, then increment. */
export function pessimisticUpper(version: string): string {
  const parts = version.split('.').flatMap((p) => p.match(/\d+|[A-Za-z]+/g) ?? []);
  const firstLetter = parts.findIndex((p) => /[A-Za-z]/.test(p));
  const nums = (firstLetter >= 0 ? parts.slice(0, firstLetter) : parts).map(Number);
  if (nums.length > 1) nums.pop();
  if (nums.length === 0) return '1';
  nums[nums.length - 1]! += 1;
  return nums.join('.');
}

export class ConstraintSet {
  private readonly cmp: (a: string, b: string) => number;

  constructor(
    readonly scheme: string,
    private readonly fail: (what: string) => RampartError,
  ) {
    const s = getScheme(scheme);
    const cache = new Map<string, unknown>();
    const parsed = (v: string) => {
      if (!cache.has(v)) {
        try {
          cache.set(v, parseVersion(scheme, v));
        } catch (err: unknown) {
          throw this.fail(
            `version ${JSON.stringify(v)} is not a valid ${scheme} version (${describeError(err)})`,
          );
        }
      }
      return cache.get(v);
    };
    this.cmp = (a, b) => s.compare(parsed(a), parsed(b));
  }

  /** One constraint entry (comma- or space-joined comparators, all must hold) → intervals (two for `!=`). */
  entry(text: string): Interval[] {
    const clauses: string[] = [];
    for (const part of text.split(',')) {
      const tokens = part.trim().match(/(~>|>=|<=|!=|>|<|==?)?\s*[^\s<>=!~]+/g) ?? [];
      if (tokens.join('').replace(/\s+/g, '') !== part.replace(/\s+/g, '')) {
        throw this.fail(`constraint ${JSON.stringify(text)} is not a list of comparators`);
      }
      clauses.push(...tokens.map((c) => c.trim()).filter((c) => c !== '*'));
    }
    let acc: Interval[] = [{}];
    for (const c of clauses) {
      const m = COMPARATOR.exec(c);
      if (!m)
        throw this.fail(`constraint ${JSON.stringify(text)} has an unreadable part ${JSON.stringify(c)}`);
      const op = (m[1] === '==' ? '=' : (m[1] ?? '=')) as Op;
      const v = m[2]!;
      const parts: Interval[] =
        op === '<'
          ? [{ hi: { v, inc: false } }]
          : op === '<='
            ? [{ hi: { v, inc: true } }]
            : op === '>'
              ? [{ lo: { v, inc: false } }]
              : op === '>='
                ? [{ lo: { v, inc: true } }]
                : op === '='
                  ? [{ lo: { v, inc: true }, hi: { v, inc: true } }]
                  : op === '!='
                    ? [{ hi: { v, inc: false } }, { lo: { v, inc: false } }]
                    : [{ lo: { v, inc: true }, hi: { v: pessimisticUpper(v), inc: false } }];
      acc = acc.flatMap((a) => parts.map((p) => this.intersect(a, p))).filter((i) => !this.empty(i));
    }
    return acc;
  }

  private intersect(a: Interval, b: Interval): Interval {
    const lo = !a.lo ? b.lo : !b.lo ? a.lo : this.laterStart(a.lo, b.lo);
    const hi = !a.hi ? b.hi : !b.hi ? a.hi : this.earlierEnd(a.hi, b.hi);
    return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
  }

  private laterStart(a: Bound, b: Bound): Bound {
    const c = this.cmp(a.v, b.v);
    return c > 0 ? a : c < 0 ? b : a.inc ? b : a;
  }

  private earlierEnd(a: Bound, b: Bound): Bound {
    const c = this.cmp(a.v, b.v);
    return c < 0 ? a : c > 0 ? b : a.inc ? b : a;
  }

  empty(i: Interval): boolean {
    if (!i.lo || !i.hi) return false;
    const c = this.cmp(i.lo.v, i.hi.v);
    return c > 0 || (c === 0 && !(i.lo.inc && i.hi.inc));
  }

  /** The versions in none of the intervals, as ordered disjoint intervals. */
  complement(safe: readonly Interval[]): Interval[] {
    const sorted = [...safe].sort((a, b) => {
      if (!a.lo || !b.lo) return !a.lo ? (!b.lo ? 0 : -1) : 1;
      return this.cmp(a.lo.v, b.lo.v) || (a.lo.inc === b.lo.inc ? 0 : a.lo.inc ? -1 : 1);
    });
    const out: Interval[] = [];
    let cur: Bound | undefined; // first version not yet covered; undefined = the very bottom
    for (const s of sorted) {
      if (s.lo) {
        const gap: Interval = { ...(cur ? { lo: cur } : {}), hi: { v: s.lo.v, inc: !s.lo.inc } };
        // nothing sorts below version 0: `>= 0` leaves no gap underneath
        const belowZero = !gap.lo && !gap.hi!.inc && this.cmp(gap.hi!.v, '0') <= 0;
        if (!this.empty(gap) && !belowZero) out.push(gap);
      }
      if (!s.hi) return out;
      const next = { v: s.hi.v, inc: !s.hi.inc };
      cur = !cur ? next : this.laterStart(cur, next);
    }
    out.push(cur ? { lo: cur } : {});
    return out;
  }
}

/** Affected intervals → OSV ranges (one per interval), the fixed versions, and whether any was approximated. */
export function intervalsToRanges(affected: readonly Interval[]): {
  ranges: AffectedRange[];
  fixedVersions: string[];
  approximate: boolean;
} {
  const ranges: AffectedRange[] = [];
  const fixed: string[] = [];
  let approximate = false;
  for (const i of affected) {
    const events: OsvEvent[] = [{ introduced: i.lo?.v ?? '0' }];
    if (i.lo && !i.lo.inc) approximate = true;
    if (i.hi?.inc) events.push({ last_affected: i.hi.v });
    else if (i.hi) {
      events.push({ fixed: i.hi.v });
      fixed.push(i.hi.v);
    }
    ranges.push({ type: 'ECOSYSTEM', events });
  }
  return { ranges, fixedVersions: [...new Set(fixed)], approximate };
}
