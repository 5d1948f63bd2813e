/**
 * The matcher's role contract (claircore's Matcher: "is this package mine?", "which DB key?",
 * "is this DB row about this package?"). A rule is one file under `rules/`, listed once in
 * `registry.ts`. Version comparison is not a rule's business: `decide-state.ts` does it with the
 * row's scheme, the same way for every rule.
 */
import type { Distribution } from '../../model/distribution.js';
import type { PackageRecord } from '../../model/package.js';
import type { SchemeId } from '../versions/contracts.js';
import type { VulnStore } from '../vulndb/store.js';
import type { AffectedRow } from '../vulndb/model.js';

/** What one package is looked up as. */
export interface MatchQuery {
  /** `ecosystemKey` form: `Debian:12`, `Alpine:v3.19`, `npm`. */
  ecosystem: string;
  /** `packageKey` forms; several when a name has spellings feeds disagree on. */
  names: string[];
  /** The version compared against the rows (a source version for Debian/Ubuntu when known). */
  version: string;
  /** The scheme used when a row names none. */
  scheme: SchemeId;
}

/** Why a package cannot be looked up: a named coverage gap. */
export interface MatchGap {
  gap: 'MATCH_DISTRO_UNKNOWN' | 'MATCH_ECOSYSTEM_UNCOVERED';
  /** What the gap is about (a distribution or ecosystem name); one warning per subject. */
  subject: string;
  message: string;
}

export interface MatchRule {
  /** Registry key (the distribution family or `language`). */
  readonly key: string;
  /** True when this rule handles the package (the first rule that claims it wins). */
  claims(pkg: PackageRecord, dist: Distribution | undefined): boolean;
  /** The DB key, or the coverage gap that stops matching this package. */
  query(pkg: PackageRecord, dist: Distribution | undefined): MatchQuery | MatchGap;
  /**
   * Whether a looked-up row is about this package (CPE, module, pocket…); default: yes. Decided
   * on the row alone: its advisory is not read yet.
   */
  accepts?(row: AffectedRow, pkg: PackageRecord, dist: Distribution | undefined): boolean;
  /**
   * Of one vulnerability's accepted rows, the ones that decide it, when some outrank others
   * (Ubuntu: a Pro build's Pro-pocket rows over the main archive's); default: all of them.
   */
  decisive?<R extends AffectedRow>(rows: readonly R[]): readonly R[];
  /**
   * The installed version a row is compared at, when not `MatchQuery.version` (Ubuntu OVAL rows
   * name the BINARY package and its binary version); default: the query's version.
   */
  rowVersion?(row: AffectedRow, pkg: PackageRecord): string;
  /** A note for an `affected` decision made by this row (where its fix comes from); default: none. */
  rowNote?(row: AffectedRow, pkg: PackageRecord): string | undefined;
  /** End-of-life date (YYYY-MM-DD) of the distribution release, when the rule knows it. */
  endOfLife?(dist: Distribution): string | undefined;
}

/** The store queries the matcher uses (a `VulnStore`, or a fake in tests). */
export type MatchStore = Pick<
  VulnStore,
  'lookupRows' | 'withAdvisories' | 'covers' | 'nvd' | 'kev' | 'epss' | 'status' | 'path'
> &
  Partial<
    Pick<
      VulnStore,
      'aliases' | 'advisories' | 'aliasesOfMany' | 'advisoriesOfMany' | 'enrichmentOf' | 'advisoryLinks'
    >
  >;

export function isGap(q: MatchQuery | MatchGap): q is MatchGap {
  return 'gap' in q;
}
