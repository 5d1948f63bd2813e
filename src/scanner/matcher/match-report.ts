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
import type { Finding, FindingPackage, VulnReport } from '../../model/vuln-report.js';
import type { Warning } from '../../model/warning.js';
import type { Logger } from '../../runtime/log.js';
import { isGap, type MatchQuery, type MatchRule, type MatchStore } from './contracts.js';
import { prepareRow } from './decide-state.js';
import {
  cvesOf,
  distroAdvisoryPrefixes,
  enrichBody,
  findingOf,
  prefetchDistroAdvisories,
  type EnrichCache,
} from './enrich-finding.js';
import type { IdGroup } from './merge-ids.js';
import type { AffectedRow } from '../vulndb/model.js';
import type { SeverityPin } from './pick-severity.js';
import { matchRules } from './registry.js';
import {
  attached,
  decidedOf,
  decideRows,
  groupRowSets,
  viewOf,
  type Decided,
  type RowDecisions,
  type RowSet,
} from './row-sets.js';
import { countFindings, orderRuns, type FindingRun } from './summarize-findings.js';

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

  // 2. The row sets some version is vulnerable to, grouped into vulnerabilities, and each
  // version's decisions merged per vulnerability.
  const sets = new Set<RowSet>();
  for (const { rd } of vulnerable) if (!rd.set.grouping) sets.add(rd.set);
  groupRowSets(sets, store);
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
