/**
 * IndexReport + vulnerability store → VulnReport. Pure given the store: one lookup per
 * (ecosystem, package names), the rule's row filter, the scheme decision, alias merging,
 * severity and enrichment, then deterministic ordering and counts.
 */
import type { Distribution } from '../../model/distribution.js';
import type { IndexReport } from '../../model/index-report.js';
import type { PackageRecord } from '../../model/package.js';
import type { Finding, FindingPackage, FindingState, VulnReport } from '../../model/vuln-report.js';
import type { Warning } from '../../model/warning.js';
import type { Logger } from '../../runtime/log.js';
import { isGap, type MatchQuery, type MatchRule, type MatchStore } from './contracts.js';
import { decideState, sortFixes, type Decision } from './decide-state.js';
import { enrichFinding, type EnrichCache } from './enrich-finding.js';
import { groupByVulnerability, type IdGroup } from './merge-ids.js';
import type { Candidate } from '../vulndb/model.js';
import type { SchemeId } from '../versions/contracts.js';
import type { SeverityPin } from './pick-severity.js';
import { matchRules } from './registry.js';
import { sortFindings, countFindings } from './summarize-findings.js';

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

/** The vulnerabilities the rows make of one package version, merged per vulnerability. */
function decide(
  rule: MatchRule,
  rows: Candidate[],
  pkg: PackageRecord,
  q: MatchQuery,
  dist: Distribution | undefined,
): { group: IdGroup; decision: Decision }[] {
  const mine = rows.filter((r) => !r.advisory.withdrawn && (!rule.accepts || rule.accepts(r, pkg, dist)));
  const out: { group: IdGroup; decision: Decision }[] = [];
  for (const group of groupByVulnerability(mine)) {
    const ds: Decision[] = [];
    for (const row of group.rows) {
      const d = decideState(row, rule.rowVersion?.(row, pkg) ?? q.version, q.scheme);
      if (!d) continue;
      const note = d.state === 'affected' && !d.note ? rule.rowNote?.(row, pkg) : undefined;
      ds.push(note ? { ...d, note } : d);
    }
    if (ds.length > 0) out.push({ group, decision: mergeDecisions(ds, q.scheme) });
  }
  return out;
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

  // Group packages by lookup key so each (ecosystem, names, version) is decided once.
  const coverage = new Map<string, boolean>();
  const findings: Finding[] = [];
  const cache: EnrichCache = { nvd: new Map(), kev: new Map(), epss: new Map(), aliases: new Map() };
  const lookups = new Map<string, ReturnType<MatchStore['lookup']>>();
  const decisions = new Map<string, { group: IdGroup; decision: Decision }[]>();
  const batches = new Map<string, Map<string, Candidate[]>>();
  const namesByEco = new Map<string, string[]>();
  for (const pkg of index.packages) {
    const rule = rules.find((r) => r.claims(pkg, dist));
    const q = rule?.query(pkg, dist);
    if (!q || isGap(q)) continue;
    const list = namesByEco.get(q.ecosystem) ?? [];
    list.push(...q.names);
    namesByEco.set(q.ecosystem, list);
  }
  const batchLookup = (ecosystem: string, names: string[]): Map<string, Candidate[]> => {
    const out = new Map<string, Candidate[]>();
    const unique = [...new Set(names)];
    for (let i = 0; i < unique.length; i += 500) {
      for (const row of store.lookup(ecosystem, unique.slice(i, i + 500))) {
        const list = out.get(row.name);
        if (list) list.push(row);
        else out.set(row.name, [row]);
      }
    }
    return out;
  };
  for (const pkg of index.packages) {
    ctx?.signal?.throwIfAborted();
    const rule = rules.find((r) => r.claims(pkg, dist));
    if (!rule) continue; // OS packages of an unknown distro: warned above; owned language copies
    const q = rule.query(pkg, dist);
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
    const lkey = `${q.ecosystem}\0${q.names.join('\0')}`;
    let rows = lookups.get(lkey);
    if (!rows) {
      // One query per ecosystem for every name the image has in it (claimed on first use).
      let byName = batches.get(q.ecosystem);
      if (!byName)
        batches.set(q.ecosystem, (byName = batchLookup(q.ecosystem, namesByEco.get(q.ecosystem) ?? [])));
      rows = q.names.flatMap((n) => byName!.get(n) ?? []);
      lookups.set(lkey, rows);
    }
    // The same name and version at several paths (or in several layers) is decided once.
    const dkey = `${rule.key}\0${lkey}\0${q.version}${rule.rowVersion ? `\0${pkg.version}` : ''}`;
    let decided = decisions.get(dkey);
    if (!decided) {
      decided = decide(rule, rows, pkg, q, dist);
      decisions.set(dkey, decided);
    }
    if (decided.length === 0) continue;
    const fpkg = findingPackage(pkg, q, index);
    for (const { group, decision } of decided) {
      if (decision.state === 'unknown') {
        addWarning(warnings, {
          code: 'MATCH_VERSION_UNPARSEABLE',
          subject: `${pkg.name}@${pkg.version}`,
          source: 'matcher',
          message: `${pkg.name} ${q.version} (${q.ecosystem}) could not be compared with the vulnerability data: its findings are reported as unknown, not as safe`,
        });
      }
      findings.push(enrichFinding(fpkg, group, decision, store, cache, options.severitySource));
    }
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
  const sorted = sortFindings(findings);
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
