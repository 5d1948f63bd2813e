/**
 * The rows a rule accepts for one package name set (a `RowSet`): decided row by row for each
 * installed version, grouped into vulnerabilities once some version is vulnerable (from the
 * advisories' links when the store has them, so records are not decoded for rows that report
 * nothing), and merged per vulnerability; a decided list's bodies put in report order.
 */
import type { PackageRecord } from '../../model/package.js';
import type { FindingState } from '../../model/vuln-report.js';
import { parseVersion } from '../versions/compare-versions.js';
import type { SchemeId } from '../versions/contracts.js';
import type { AffectedRow, Candidate } from '../vulndb/model.js';
import type { MatchQuery, MatchRule, MatchStore } from './contracts.js';
import { decidePrepared, sortFixes, type Decision, type PreparedRow } from './decide-state.js';
import type { FindingBody } from './enrich-finding.js';
import { groupByVulnerability, type IdGroup } from './merge-ids.js';
import { compareRows } from './summarize-findings.js';

const STATE_RANK: Record<FindingState, number> = {
  affected: 0,
  unfixed: 1,
  will_not_fix: 2,
  under_investigation: 3,
  unknown: 4,
};

/** Several rows on one vulnerability: the most definite vulnerable state wins; fixes are merged. */
function mergeDecisions(ds: readonly Decision[], scheme: SchemeId): Decision {
  if (ds.length === 1) return ds[0]!;
  const best = [...ds].sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state])[0]!;
  const fixedIn =
    best.state === 'affected' || best.state === 'unknown'
      ? sortFixes(
          scheme,
          ds.filter((d) => d.state === best.state).flatMap((d) => d.fixedIn),
        )
      : [];
  if (best.state !== 'affected') return { ...best, fixedIn };
  // Notes of affected rows say where a fix comes from (Ubuntu Pro): keep every distinct one.
  const notes = [...new Set(ds.filter((d) => d.state === 'affected' && d.note).map((d) => d.note!))];
  const { note: _note, ...rest } = best;
  return notes.length > 0 ? { ...rest, fixedIn, note: notes.join('; ') } : { ...rest, fixedIn };
}

/** The rows a rule accepts for one package name set, each prepared for decisions. */
export interface RowSet {
  rule: MatchRule;
  rows: AffectedRow[];
  prepared: PreparedRow[];
  /** Rows that make some installed version vulnerable: flags, and how many. */
  hit?: Uint8Array;
  hits: number;
  /** Made once some version is vulnerable. */
  grouping?: Grouping;
}

/** Each advisory's aliases and withdrawal, keyed `feed\0id` (`MatchStore.advisoryLinks`). */
type Links = Map<string, { aliases: string[]; withdrawn: boolean }>;

const linkKey = (r: AffectedRow) => `${r.feed}\0${r.advisoryId}`;

/** A row set's rows (not withdrawn) merged into vulnerabilities: row indexes per group. */
export interface Grouping {
  /** Rows without advisories until a version is found vulnerable to the group. */
  groups: IdGroup<AffectedRow>[];
  members: number[][];
  /** Per `ecosystem\0source name`: each group's finding body, filled as findings need them. */
  bodies: Map<string, (FindingBody | undefined)[]>;
}

/** One (name, version) decided row by row; `decided` once its vulnerabilities are merged. */
export interface RowDecisions {
  set: RowSet;
  /** Per row of the set: what it says about the version (undefined: not vulnerable). */
  rows: (Decision | undefined)[];
  vulnerable: boolean;
  decided?: Decided;
}

/** The vulnerabilities of one (name, version): the groups that apply, with their decisions. */
export interface Decided {
  grouping: Grouping;
  gis: number[];
  decisions: Decision[];
  /** The findings' parts for the last source name they were resolved for. */
  view?: DecidedView;
}

/** A decided list resolved for one source name: bodies and decisions in the report's row order. */
export interface DecidedView {
  bkey: string;
  bodies: FindingBody[];
  decisions: Decision[];
  /** Whether a decision is `unknown` (the package then gets a warning). */
  unknown: boolean;
}

/** What every row of a set says about one installed version. */
export function decideRows(set: RowSet, q: MatchQuery, rule: MatchRule, pkg: PackageRecord): RowDecisions {
  // The installed version is parsed once per scheme (rows may name their own).
  let scheme: SchemeId | undefined;
  let parsed: { v: unknown } | undefined;
  const parsedFor = (id: SchemeId) => {
    if (id !== scheme) {
      scheme = id;
      try {
        parsed = { v: parseVersion(id, q.version) };
      } catch {
        parsed = undefined; // decidePrepared meets the same error and reports it
      }
    }
    return parsed;
  };
  const { rowVersion, rowNote } = rule;
  const { prepared } = set;
  const out = new Array<Decision | undefined>(prepared.length);
  let vulnerable = false;
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i]!;
    // A row may be about another version than the query's (a binary package's own version).
    const own = rowVersion?.(set.rows[i]!, pkg);
    let d =
      own === undefined || own === q.version
        ? decidePrepared(p, q.version, parsedFor(p.scheme))
        : decidePrepared(p, own);
    if (d) {
      vulnerable = true;
      const hit = (set.hit ??= new Uint8Array(prepared.length));
      if (hit[i] === 0) {
        hit[i] = 1;
        set.hits++;
      }
      if (rowNote && d.state === 'affected' && !d.note) {
        const note = rowNote(set.rows[i]!, pkg);
        if (note) d = { ...d, note };
      }
    }
    out[i] = d;
  }
  return { set, rows: out, vulnerable };
}

/**
 * The set's rows merged into vulnerabilities, withdrawn records left out: from the advisory
 * links when the store gives them, else from the rows' attached advisories.
 */
function groupingOf(set: RowSet, links: Links | undefined): Grouping {
  const { rows, rule } = set;
  const indexOf = new Map<AffectedRow, number>();
  const live: AffectedRow[] = [];
  const aliases = new Map<AffectedRow, readonly string[]>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (links) {
      const link = links.get(linkKey(r));
      if (link?.withdrawn) continue;
      aliases.set(r, link?.aliases ?? []);
    } else if ((r as Candidate).advisory.withdrawn) continue;
    indexOf.set(r, i);
    live.push(r);
  }
  const groups = links
    ? groupByVulnerability(live, (r) => aliases.get(r)!)
    : groupByVulnerability(live as Candidate[]);
  if (rule.decisive) for (const g of groups) g.rows = [...rule.decisive(g.rows)];
  return { groups, members: groups.map((g) => g.rows.map((r) => indexOf.get(r)!)), bodies: new Map() };
}

/** A group whose rows have had their advisories attached (`matchReport` reads them for the groups it reports). */
export const attached = (g: IdGroup<AffectedRow>): IdGroup => g as IdGroup;

/** The vulnerabilities one version's row decisions make, merged per vulnerability. */
export function decidedOf(rd: RowDecisions, scheme: SchemeId): Decided {
  const grouping = rd.set.grouping!;
  const gis: number[] = [];
  const decisions: Decision[] = [];
  const { members } = grouping;
  for (let gi = 0; gi < members.length; gi++) {
    let first: Decision | undefined;
    let more: Decision[] | undefined;
    for (const i of members[gi]!) {
      const d = rd.rows[i];
      if (!d) continue;
      if (!first) first = d;
      else (more ??= [first]).push(d);
    }
    if (first) {
      gis.push(gi);
      decisions.push(more ? mergeDecisions(more, scheme) : first);
    }
  }
  return { grouping, gis, decisions };
}

/**
 * A decided list's bodies for one source name (each made once per group and name), with the
 * decisions, in the order of the report's rows within a component.
 */
export function viewOf(decided: Decided, bkey: string, bodyOf: (group: IdGroup) => FindingBody): DecidedView {
  const { grouping, gis, decisions } = decided;
  let byGroup = grouping.bodies.get(bkey);
  if (!byGroup) grouping.bodies.set(bkey, (byGroup = new Array(grouping.groups.length)));
  const n = gis.length;
  const bodies = new Array<FindingBody>(n);
  let unknown = false;
  for (let i = 0; i < n; i++) {
    const gi = gis[i]!;
    bodies[i] = byGroup[gi] ??= bodyOf(attached(grouping.groups[gi]!));
    if (decisions[i]!.state === 'unknown') unknown = true;
  }
  if (n < 2) return { bkey, bodies, decisions, unknown };
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => compareRows(bodies[a]!, bodies[b]!));
  return {
    bkey,
    bodies: order.map((i) => bodies[i]!),
    decisions: order.map((i) => decisions[i]!),
    unknown,
  };
}

/**
 * Groups each set into vulnerabilities. A set where a quarter or more of the rows are vulnerable
 * will need most of its records anyway: those are read whole, in one query; the others are
 * grouped from the advisory links (aliases, withdrawal; no record decoded), or from their
 * records on a schema-1 file, which has no links.
 */
export function groupRowSets(sets: Iterable<RowSet>, store: MatchStore): void {
  const whole = (set: RowSet) => set.hits * 4 >= set.rows.length;
  const linkRows: AffectedRow[] = [];
  const wholeRows: AffectedRow[] = [];
  for (const set of sets) for (const r of set.rows) (whole(set) ? wholeRows : linkRows).push(r);
  const links = linkRows.length > 0 ? store.advisoryLinks?.(linkRows) : undefined;
  if (!links) for (const r of linkRows) wholeRows.push(r);
  if (wholeRows.length > 0) store.withAdvisories(wholeRows);
  for (const set of sets) set.grouping = groupingOf(set, links && !whole(set) ? links : undefined);
}
