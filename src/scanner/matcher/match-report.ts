/**
 * IndexReport + vulnerability store → VulnReport. Pure given the store: one lookup per
 * (ecosystem, package names), the rule's row filter, the scheme decision, alias merging,
 * severity and enrichment, then deterministic ordering and counts.
 *
 * Work is shared wherever the answer cannot differ: rows are fetched once per ecosystem for all
 * the image's names, prepared once per package name (and accepted-row set) and decided once per
 * (name, version). Only where some row makes a version vulnerable are the rows' advisories read
 * (one query for the whole image) and the rows grouped into vulnerabilities; bodies are made
 * once per (vulnerability group, source name); NVD, KEV, EPSS and alias records are read in one
 * query per table for the whole report. Most names of an image are not vulnerable at their
 * installed version, so most rows never have their advisory decoded.
 */
import type { Distribution } from '../../model/distribution.js';
import type { IndexReport } from '../../model/index-report.js';
import type { PackageRecord } from '../../model/package.js';
import type { Finding, FindingPackage, FindingState, VulnReport } from '../../model/vuln-report.js';
import type { Warning } from '../../model/warning.js';
import type { Logger } from '../../runtime/log.js';
import { isGap, type MatchQuery, type MatchRule, type MatchStore } from './contracts.js';
import { decidePrepared, prepareRow, sortFixes, type Decision, type PreparedRow } from './decide-state.js';
import { parseVersion } from '../versions/compare-versions.js';
import type { SchemeId } from '../versions/contracts.js';
import {
  cvesOf,
  distroAdvisoryPrefixes,
  enrichBody,
  findingOf,
  prefetchDistroAdvisories,
  type EnrichCache,
  type FindingBody,
} from './enrich-finding.js';
import { groupByVulnerability, type IdGroup } from './merge-ids.js';
import type { AffectedRow, Candidate } from '../vulndb/model.js';
import type { SeverityPin } from './pick-severity.js';
import { matchRules } from './registry.js';
import { compareRows, countFindings, orderRuns, type FindingRun } from './summarize-findings.js';

export interface MatchOptions {
  /** Pin the severity source (`--severity-source`). */
  severitySource?: SeverityPin;
  /** Clock for EOL and feed-age checks and `scannedAt`. */
  now?: Date;
  toolVersion?: string;
  /** Rules to use (tests); default: the registry. */
  rules?: readonly MatchRule[];
}

export interface MatchContext {
  log: Logger;
  signal?: AbortSignal;
}

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

function findingPackage(pkg: PackageRecord, q: MatchQuery, report: IndexReport): FindingPackage {
  const layer = pkg.layer ? report.image.layers.find((l) => l.index === pkg.layer!.index) : undefined;
  return {
    name: pkg.name,
    version: pkg.version,
    type: pkg.type,
    kind: pkg.kind,
    purl: pkg.purl,
    location: pkg.location,
    ...(pkg.source ? { source: pkg.source } : {}),
    ecosystem: q.ecosystem,
    ...(pkg.layer
      ? { layer: { ...pkg.layer, ...(layer?.createdBy ? { createdBy: layer.createdBy } : {}) } }
      : {}),
  };
}

function addWarning(warnings: Map<string, Warning>, w: Warning): void {
  const key = `${w.code}\0${w.subject ?? ''}`;
  if (!warnings.has(key)) warnings.set(key, w);
}

function distroWarnings(
  dist: Distribution | undefined,
  osPackages: PackageRecord[],
  rules: readonly MatchRule[],
  now: Date,
  warnings: Map<string, Warning>,
): void {
  if (osPackages.length === 0) return;
  const claimed = rules.find((r) => r.key !== 'language' && osPackages.some((p) => r.claims(p, dist)));
  if (!claimed) {
    const what = dist ? `${dist.prettyName} (${dist.id} ${dist.versionId})` : 'an unidentified distribution';
    addWarning(warnings, {
      code: 'MATCH_DISTRO_UNKNOWN',
      subject: dist?.id ?? 'unknown',
      source: 'matcher',
      message: `${osPackages.length} OS packages of ${what} were not matched: Rampart has no vulnerability data for this distribution`,
    });
    return;
  }
  const eol = dist ? claimed.endOfLife?.(dist) : undefined;
  if (dist && eol && eol < now.toISOString().slice(0, 10)) {
    addWarning(warnings, {
      code: 'MATCH_DISTRO_EOL',
      subject: `${dist.id}:${dist.versionId}`,
      source: 'matcher',
      message: `${dist.prettyName} reached end of life on ${eol}: its packages get no security fixes and feeds may stop listing it, so findings are incomplete`,
    });
  }
}

/** The rows a rule accepts for one package name set, each prepared for decisions. */
interface RowSet {
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
interface Grouping {
  /** Rows without advisories until a version is found vulnerable to the group. */
  groups: IdGroup<AffectedRow>[];
  members: number[][];
  /** Per `ecosystem\0source name`: each group's finding body, filled as findings need them. */
  bodies: Map<string, (FindingBody | undefined)[]>;
}

/** One (name, version) decided row by row; `decided` once its vulnerabilities are merged. */
interface RowDecisions {
  set: RowSet;
  /** Per row of the set: what it says about the version (undefined: not vulnerable). */
  rows: (Decision | undefined)[];
  vulnerable: boolean;
  decided?: Decided;
}

/** The vulnerabilities of one (name, version): the groups that apply, with their decisions. */
interface Decided {
  grouping: Grouping;
  gis: number[];
  decisions: Decision[];
  /** The findings' parts for the last source name they were resolved for. */
  view?: DecidedView;
}

/** A decided list resolved for one source name: bodies and decisions in the report's row order. */
interface DecidedView {
  bkey: string;
  bodies: FindingBody[];
  decisions: Decision[];
  /** Whether a decision is `unknown` (the package then gets a warning). */
  unknown: boolean;
}

/** What every row of a set says about one installed version. */
function decideRows(set: RowSet, q: MatchQuery, rule: MatchRule, pkg: PackageRecord): RowDecisions {
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

/** A group whose rows have had their advisories attached (step 3 of `matchReport`). */
const attached = (g: IdGroup<AffectedRow>): IdGroup => g as IdGroup;

/** The vulnerabilities one version's row decisions make, merged per vulnerability. */
function decidedOf(rd: RowDecisions, scheme: SchemeId): Decided {
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
function viewOf(decided: Decided, bkey: string, bodyOf: (group: IdGroup) => FindingBody): DecidedView {
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

/** One package that the matcher looks up, with its rule's query and its rows' decisions. */
interface Planned {
  pkg: PackageRecord;
  rule: MatchRule;
  q: MatchQuery;
  rd: RowDecisions;
}

/**
 * Fills the enrichment cache for every CVE of `groups` in one query per table (and the alias
 * table for distribution advisories), when the store can read many ids at once.
 */
function prefetch(
  groups: Iterable<IdGroup>,
  distroPrefixes: readonly string[],
  store: MatchStore,
  cache: EnrichCache,
): void {
  if (!store.enrichmentOf) return;
  const cves = new Set<string>();
  for (const g of groups) for (const c of cvesOf(g)) cves.add(c);
  const ids = [...cves];
  if (ids.length === 0) return;
  const got = store.enrichmentOf(ids);
  for (const id of ids) {
    cache.nvd.set(id, got.nvd.get(id));
    cache.kev.set(id, got.kev.get(id));
    cache.epss.set(id, got.epss.get(id));
  }
  if (distroPrefixes.length > 0 && store.aliasesOfMany) {
    const aliases = store.aliasesOfMany(ids, distroPrefixes);
    for (const id of ids) cache.aliases.set(id, aliases.get(id) ?? []);
    prefetchDistroAdvisories(ids, store, cache);
  }
}

export function matchReport(
  index: IndexReport,
  store: MatchStore,
  options: MatchOptions = {},
  ctx?: MatchContext,
): VulnReport {
  const now = options.now ?? new Date();
  const rules = options.rules ?? matchRules;
  const dist = index.distribution;
  const warnings = new Map<string, Warning>();
  const osPackages = index.packages.filter((p) => p.kind === 'os');
  distroWarnings(dist, osPackages, rules, now, warnings);

  // Each package's rule and query, and every name the image has per ecosystem.
  const namesByEco = new Map<string, string[]>();
  const plans: { pkg: PackageRecord; rule: MatchRule; q: ReturnType<MatchRule['query']> }[] = [];
  for (const pkg of index.packages) {
    const rule = rules.find((r) => r.claims(pkg, dist));
    if (!rule) continue; // OS packages of an unknown distro: warned above; owned language copies
    const q = rule.query(pkg, dist);
    plans.push({ pkg, rule, q });
    if (isGap(q)) continue;
    const list = namesByEco.get(q.ecosystem);
    if (list) for (const n of q.names) list.push(n);
    else namesByEco.set(q.ecosystem, [...q.names]);
  }

  // Rows fetched once per ecosystem for all its names (batches of 500), on first use.
  const batches = new Map<string, Map<string, AffectedRow[]>>();
  const batchLookup = (ecosystem: string, names: string[]): Map<string, AffectedRow[]> => {
    const out = new Map<string, AffectedRow[]>();
    const unique = [...new Set(names)];
    for (let i = 0; i < unique.length; i += 500) {
      for (const row of store.lookupRows(ecosystem, unique.slice(i, i + 500))) {
        const list = out.get(row.name);
        if (list) list.push(row);
        else out.set(row.name, [row]);
      }
    }
    return out;
  };

  // 1. Every package's rows decided one by one (shared per accepted-row set and version).
  const coverage = new Map<string, boolean>();
  const lookups = new Map<string, AffectedRow[]>();
  const rowSets = new Map<string, RowSet>();
  const rowDecisions = new Map<string, RowDecisions>();
  const vulnerable: Planned[] = [];
  for (const { pkg, rule, q } of plans) {
    ctx?.signal?.throwIfAborted();
    if (isGap(q)) {
      addWarning(warnings, { code: q.gap, subject: q.subject, source: 'matcher', message: q.message });
      continue;
    }
    let covered = coverage.get(q.ecosystem);
    if (covered === undefined) coverage.set(q.ecosystem, (covered = store.covers(q.ecosystem)));
    if (!covered) {
      const isOs = pkg.kind === 'os';
      addWarning(warnings, {
        code: isOs ? 'MATCH_DISTRO_UNCOVERED' : 'MATCH_ECOSYSTEM_UNCOVERED',
        subject: q.ecosystem,
        source: 'matcher',
        message: isOs
          ? `the vulnerability database has no data for ${q.ecosystem}: its OS packages were not matched; import that distribution's feed`
          : `the vulnerability database has no data for the ${q.ecosystem} ecosystem: its packages were not matched; import a feed that covers it (OSV)`,
      });
      continue;
    }
    const lkey =
      q.names.length === 1 ? `${q.ecosystem}\0${q.names[0]}` : `${q.ecosystem}\0${q.names.join('\0')}`;
    let rows = lookups.get(lkey);
    if (!rows) {
      let byName = batches.get(q.ecosystem);
      if (!byName)
        batches.set(q.ecosystem, (byName = batchLookup(q.ecosystem, namesByEco.get(q.ecosystem) ?? [])));
      rows =
        q.names.length === 1 ? (byName.get(q.names[0]!) ?? []) : q.names.flatMap((n) => byName!.get(n) ?? []);
      lookups.set(lkey, rows);
    }
    if (rows.length === 0) continue;
    // The same name and version at several paths (or in several layers) is decided once.
    const dkey = `${rule.key}\0${lkey}\0${q.version}${rule.rowVersion ? `\0${pkg.version}` : ''}`;
    let rd = rowDecisions.get(dkey);
    if (!rd) {
      // The rows about this package, prepared once per accepted-row set.
      let skey = `${rule.key}\0${lkey}`;
      let mine = rows;
      if (rule.accepts) {
        const kept: number[] = [];
        mine = [];
        for (let i = 0; i < rows.length; i++) {
          if (rule.accepts(rows[i]!, pkg, dist)) {
            mine.push(rows[i]!);
            kept.push(i);
          }
        }
        if (mine.length !== rows.length) skey += `\0${kept.join(',')}`;
      }
      let set = rowSets.get(skey);
      if (!set) {
        set = { rule, rows: mine, prepared: mine.map((r) => prepareRow(r, q.scheme)), hits: 0 };
        rowSets.set(skey, set);
      }
      rd = decideRows(set, q, rule, pkg);
      rowDecisions.set(dkey, rd);
    }
    if (rd.vulnerable) vulnerable.push({ pkg, rule, q, rd });
  }

  // 2. The row sets some version is vulnerable to, grouped into vulnerabilities from their
  // advisories' links (aliases, withdrawal; no record decoded), and each version's decisions
  // merged per vulnerability.
  // A set where a quarter or more of the rows are vulnerable will need most of its records
  // anyway: those are read whole at once instead.
  const sets = new Set<RowSet>();
  for (const { rd } of vulnerable) if (!rd.set.grouping) sets.add(rd.set);
  const whole = (set: RowSet) => set.hits * 4 >= set.rows.length;
  const linkRows: AffectedRow[] = [];
  const wholeRows: AffectedRow[] = [];
  for (const set of sets) for (const r of set.rows) (whole(set) ? wholeRows : linkRows).push(r);
  const links = linkRows.length > 0 ? store.advisoryLinks?.(linkRows) : undefined;
  if (!links) for (const r of linkRows) wholeRows.push(r); // a schema-1 file
  if (wholeRows.length > 0) store.withAdvisories(wholeRows);
  for (const set of sets) set.grouping = groupingOf(set, links && !whole(set) ? links : undefined);
  const todo: (Planned & { decided: Decided })[] = [];
  const decidedLists: Decided[] = [];
  for (const planned of vulnerable) {
    const { rd, q } = planned;
    if (!rd.decided) decidedLists.push((rd.decided = decidedOf(rd, q.scheme)));
    if (rd.decided.gis.length > 0) todo.push({ ...planned, decided: rd.decided });
  }

  // 3. The advisories of the vulnerabilities found, read in one go: their groups become
  // findings, so their rows' records are decoded (and only those).
  const foundRows = new Set<AffectedRow>();
  for (const { grouping, gis } of decidedLists)
    for (const gi of gis) for (const r of grouping.groups[gi]!.rows) foundRows.add(r);
  if (foundRows.size > 0) store.withAdvisories([...foundRows]);

  // Enrichment records for every vulnerability found, read in one go.
  const cache: EnrichCache = { nvd: new Map(), kev: new Map(), epss: new Map(), aliases: new Map() };
  const found = new Set<IdGroup>();
  for (const { grouping, gis } of decidedLists)
    for (const gi of gis) found.add(attached(grouping.groups[gi]!));
  const distroPrefixes = new Set<string>();
  for (const k of lookups.keys())
    for (const p of distroAdvisoryPrefixes(k.slice(0, k.indexOf('\0'))) ?? []) distroPrefixes.add(p);
  prefetch(found, [...distroPrefixes], store, cache);

  // One body per (vulnerability group, ecosystem, source name), shared by its findings; a
  // decided list remembers its view for the next package with the same name and version.
  const runs: FindingRun[] = [];
  for (const { pkg, q, decided } of todo) {
    const fpkg = findingPackage(pkg, q, index);
    const name = pkg.source?.name ?? pkg.name;
    const bkey = `${q.ecosystem}\0${name}`;
    let view = decided.view;
    if (view?.bkey !== bkey) {
      view = viewOf(decided, bkey, (g) =>
        enrichBody(q.ecosystem, name, g, store, cache, options.severitySource),
      );
      decided.view = view;
    }
    if (view.unknown) {
      addWarning(warnings, {
        code: 'MATCH_VERSION_UNPARSEABLE',
        subject: `${pkg.name}@${pkg.version}`,
        source: 'matcher',
        message: `${pkg.name} ${q.version} (${q.ecosystem}) could not be compared with the vulnerability data: its findings are reported as unknown, not as safe`,
      });
    }
    const { bodies, decisions: ds } = view;
    const rows = new Array<Finding>(bodies.length);
    for (let i = 0; i < bodies.length; i++) rows[i] = findingOf(fpkg, bodies[i]!, ds[i]!);
    runs.push({ rows, sorted: true });
  }
  const status = store.status();
  const feeds = status.feeds.map((f) => {
    const fetched = Date.parse(f.state.fetchedAt);
    return {
      name: f.name,
      version: f.version,
      fetchedAt: f.state.fetchedAt,
      importedAt: f.importedAt,
      ...(Number.isFinite(fetched)
        ? { ageDays: Math.round(((now.getTime() - fetched) / 86_400_000) * 10) / 10 }
        : {}),
    };
  });
  const sorted = orderRuns(runs);
  return {
    schemaVersion: 1,
    tool: { name: 'rampart', version: options.toolVersion ?? index.tool.version },
    db: {
      path: status.path,
      schemaVersion: status.schemaVersion,
      ...(status.builtAt ? { builtAt: status.builtAt } : {}),
      feeds,
    },
    image: index.image,
    ...(dist ? { distribution: dist } : {}),
    scannedAt: now.toISOString(),
    packages: index.packages.length,
    findings: sorted,
    counts: countFindings(sorted),
    warnings: [
      ...[...warnings.values()].sort(
        (a, b) => a.code.localeCompare(b.code) || (a.subject ?? '').localeCompare(b.subject ?? ''),
      ),
      ...index.warnings,
    ],
  };
}
