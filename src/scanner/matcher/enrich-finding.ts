/**
 * One merged vulnerability on one package → a Finding: severity with its source, CVSS v3/v4,
 * EPSS and KEV (by the CVE ids of the group), advisory, links and summary. The parts that do not
 * depend on the installed version (`FindingBody`) are worked out once per vulnerability group and
 * package name, and shared by every finding of that group.
 */
import type { Finding, FindingPackage } from '../../model/vuln-report.js';
import type { Advisory, EpssRecord, KevRecord, NvdRecord, Severity } from '../vulndb/model.js';
import type { MatchStore } from './contracts.js';
import type { Decision } from './decide-state.js';
import { plainId, type IdGroup } from './merge-ids.js';
import { bestCvss, collectCvss, pickSeverity, type SeverityPin } from './pick-severity.js';

export interface EnrichCache {
  nvd: Map<string, NvdRecord | undefined>;
  kev: Map<string, KevRecord | undefined>;
  epss: Map<string, EpssRecord | undefined>;
  /**
   * CVE → the ids the alias table links it to (`store.aliases`); when prefetched, only the
   * distribution advisory ids of the image's ecosystems (all this cache is read for).
   */
  aliases: Map<string, string[]>;
  /** Advisory id → its stored records (distribution advisories joined through aliases). */
  advisories?: Map<string, Advisory[]>;
}

/** A finding without its package and version decision. */
export type FindingBody = Omit<Finding, 'package' | 'state' | 'fixedIn' | 'note'>;

function cached<T>(
  map: Map<string, T | undefined>,
  key: string,
  get: (k: string) => T | undefined,
): T | undefined {
  if (!map.has(key)) map.set(key, get(key));
  return map.get(key);
}

const DISTRO_ADVISORY = /^(DSA|DLA|RHSA|RHBA|RHEA|USN|ALSA|ALAS|RLSA|ELSA|SUSE-SU)-/;

/** Distribution advisory id prefixes per ecosystem base, reached from a CVE through the alias table. */
const ADVISORY_PREFIXES: Record<string, readonly string[]> = {
  Debian: ['DSA-', 'DLA-'],
  Ubuntu: ['USN-'],
  'Red Hat': ['RHSA-', 'RHBA-', 'RHEA-'],
  'Rocky Linux': ['RLSA-'],
  AlmaLinux: ['ALSA-'],
};
const ADVISORY_BY_BASE: Record<string, RegExp> = Object.fromEntries(
  Object.entries(ADVISORY_PREFIXES).map(([base, p]) => [base, new RegExp(`^(${p.join('|')})`)]),
);

const baseOf = (ecosystem: string) => {
  const colon = ecosystem.indexOf(':');
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
};

/** The alias pattern of the distribution advisories joined for an ecosystem, if any. */
export function distroAdvisoryPattern(ecosystem: string): RegExp | undefined {
  return ADVISORY_BY_BASE[baseOf(ecosystem)];
}

/** The id prefixes of the distribution advisories joined for an ecosystem, if any (`DSA-`). */
export function distroAdvisoryPrefixes(ecosystem: string): readonly string[] | undefined {
  return ADVISORY_PREFIXES[baseOf(ecosystem)];
}

/**
 * Reads, in one query, the distribution advisories (DSA, USN, RHSA…) the alias cache links to
 * `cves`: the records `enrichBody` joins, so it does not ask for them one by one.
 */
export function prefetchDistroAdvisories(
  cves: readonly string[],
  store: MatchStore,
  cache: EnrichCache,
): void {
  if (!store.advisoriesOfMany) return;
  const ids = new Set<string>();
  for (const cve of cves)
    for (const id of cache.aliases.get(cve) ?? []) if (DISTRO_ADVISORY.test(id)) ids.add(id);
  if (ids.size === 0) return;
  const got = store.advisoriesOfMany([...ids]);
  const map = (cache.advisories ??= new Map());
  for (const id of ids) if (!map.has(id)) map.set(id, got.get(id) ?? []);
}

function storedAdvisories(id: string, store: MatchStore, cache: EnrichCache): Advisory[] {
  if (!store.advisories) return [];
  const map = (cache.advisories ??= new Map());
  let got = map.get(id);
  if (!got) map.set(id, (got = store.advisories(id)));
  return got;
}

/**
 * DSA/DLA/USN/RHSA records that list one of `cves` and, when they state their fixes
 * (`extra.fixed`), fix this package's source in this release. Feeds keep these advisories
 * without affected rows (the per-CVE rows already say the same), so they are joined here.
 * Returns the shown id (`USN-7000-1`) → the stored id (`USN-7000-1@Ubuntu:24.04`, the
 * package's release preferred).
 */
function distroAdvisories(
  ecosystem: string,
  name: string,
  cves: string[],
  store: MatchStore,
  cache: EnrichCache,
): Map<string, string> {
  const re = distroAdvisoryPattern(ecosystem);
  const out = new Map<string, string>();
  if (!re || !store.aliases || !store.advisories) return out;
  for (const cve of cves) {
    let ids = cache.aliases.get(cve);
    if (!ids) cache.aliases.set(cve, (ids = store.aliases(cve)));
    for (const id of ids) {
      if (!re.test(id)) continue;
      const fixed = storedAdvisories(id, store, cache).flatMap(
        (a) => (a.extra as { fixed?: { ecosystem: string; name: string }[] } | undefined)?.fixed ?? [],
      );
      // `USN-7000-1@Ubuntu:24.04` (a per-release OVAL record) is shown as `USN-7000-1`.
      if (fixed.length === 0 || fixed.some((f) => f.ecosystem === ecosystem && f.name === name))
        if (!out.has(plainId(id)) || id.endsWith(`@${ecosystem}`)) out.set(plainId(id), id);
    }
  }
  return out;
}

/** The CVE ids of a group (primary first), the keys of its NVD, KEV and EPSS records. */
export function cvesOf(group: IdGroup): string[] {
  return [group.primary, ...group.aliases].filter((id) => id.startsWith('CVE-'));
}

/**
 * Everything a finding says about the vulnerability itself. `ecosystem` and `name` (the package's
 * source name, else its name) select the distribution advisories that fix this package.
 */
export function enrichBody(
  ecosystem: string,
  name: string,
  group: IdGroup,
  store: MatchStore,
  cache: EnrichCache,
  pin: SeverityPin | undefined,
): FindingBody {
  const cves = cvesOf(group);
  const nvd = cves.map((c) => cached(cache.nvd, c, (k) => store.nvd(k))).find((r) => r);
  const kev = cves.map((c) => cached(cache.kev, c, (k) => store.kev(k))).find((r) => r);
  const epss = cves.map((c) => cached(cache.epss, c, (k) => store.epss(k))).find((r) => r);

  const vendor: Severity[] = [];
  for (const row of group.rows) if (row.severity) vendor.push(row.severity);
  for (const row of group.rows) for (const s of row.advisory.severity) vendor.push(s);
  const vendorOnly = vendor.filter((s) => s.source === 'vendor' || s.source === 'ghsa' || s.source === 'osv');
  const all = collectCvss(vendorOnly, nvd);
  const severity = pickSeverity(vendorOnly, all, pin);
  const v3 =
    bestCvss(all, severity.source === 'none' ? 'vendor' : severity.source, '3') ??
    bestCvss(all, 'vendor', '3') ??
    bestCvss(all, 'nvd', '3') ??
    bestCvss(all, 'cna', '3');
  const v4 = bestCvss(all, 'vendor', '4') ?? bestCvss(all, 'nvd', '4') ?? bestCvss(all, 'cna', '4');

  const advisoryIds = [...new Set(group.rows.map((r) => r.advisoryId))].sort();
  const joinedIds = distroAdvisories(ecosystem, name, cves, store, cache);
  const joined = [...joinedIds.keys()].filter((id) => !group.aliases.includes(id)).sort();
  const aliases = [...group.aliases, ...joined].sort();
  const distroAdv = [...advisoryIds, ...aliases].find((id) => DISTRO_ADVISORY.test(id));
  const advRow = distroAdv ? group.rows.find((r) => r.advisoryId === distroAdv) : undefined;
  const advLink = (
    advRow?.advisory ??
    (distroAdv ? storedAdvisories(joinedIds.get(distroAdv) ?? distroAdv, store, cache)[0] : undefined)
  )?.references.find((r) => r.type === 'ADVISORY')?.url;

  const links: string[] = [];
  if (group.primary.startsWith('CVE-')) links.push(`https://nvd.nist.gov/vuln/detail/${group.primary}`);
  else if (group.primary.startsWith('GHSA-')) links.push(`https://github.com/advisories/${group.primary}`);
  for (const row of group.rows) {
    for (const ref of row.advisory.references)
      if (ref.type === 'ADVISORY' && !links.includes(ref.url)) links.push(ref.url);
  }
  const summary =
    group.rows.map((r) => r.advisory.summary).find((s) => s) ??
    group.rows.map((r) => r.advisory.details?.split('\n')[0]).find((s) => s) ??
    nvd?.descriptions.find((d) => d.lang === 'en')?.value;

  return {
    id: group.primary,
    aliases,
    advisories: advisoryIds,
    ...(distroAdv ? { advisory: { name: plainId(distroAdv), ...(advLink ? { link: advLink } : {}) } } : {}),
    severity,
    cvss: { ...(v3 ? { v3 } : {}), ...(v4 ? { v4 } : {}), all },
    ...(epss
      ? {
          epss: {
            probability: epss.epss,
            percentile: epss.percentile,
            ...(epss.date ? { date: epss.date } : {}),
          },
        }
      : {}),
    ...(kev
      ? {
          kev: {
            ...(kev.dateAdded ? { dateAdded: kev.dateAdded } : {}),
            ...(kev.dueDate ? { dueDate: kev.dueDate } : {}),
            ...(kev.requiredAction ? { requiredAction: kev.requiredAction } : {}),
            ...(kev.knownRansomwareCampaignUse ? { ransomware: kev.knownRansomwareCampaignUse } : {}),
          },
        }
      : {}),
    links: links.slice(0, 8),
    ...(summary ? { summary: summary.length > 300 ? summary.slice(0, 297) + '...' : summary } : {}),
  };
}

/**
 * A finding from its package, shared body and decision, keys in the report's order. The body's
 * arrays and objects are shared between findings: reports are read-only data.
 */
export function findingOf(pkg: FindingPackage, body: FindingBody, decision: Decision): Finding {
  const f = { package: pkg, id: body.id, aliases: body.aliases, advisories: body.advisories } as Finding;
  if (body.advisory) f.advisory = body.advisory;
  f.state = decision.state;
  f.fixedIn = decision.fixedIn;
  f.severity = body.severity;
  f.cvss = body.cvss;
  if (body.epss) f.epss = body.epss;
  if (body.kev) f.kev = body.kev;
  f.links = body.links;
  if (body.summary) f.summary = body.summary;
  if (decision.note) f.note = decision.note;
  return f;
}

export function enrichFinding(
  pkg: FindingPackage,
  group: IdGroup,
  decision: Decision,
  store: MatchStore,
  cache: EnrichCache,
  pin: SeverityPin | undefined,
): Finding {
  const body = enrichBody(pkg.ecosystem, pkg.source?.name ?? pkg.name, group, store, cache, pin);
  return findingOf(pkg, body, decision);
}
