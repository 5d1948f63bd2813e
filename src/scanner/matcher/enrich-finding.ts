/**
 * One merged vulnerability on one package → a Finding: severity with its source, CVSS v3/v4,
 * EPSS and KEV (by the CVE ids of the group), advisory, links and summary.
 */
import type { Finding, FindingPackage } from '../../model/vuln-report.js';
import type { EpssRecord, KevRecord, NvdRecord, Severity } from '../vulndb/model.js';
import type { MatchStore } from './contracts.js';
import type { Decision } from './decide-state.js';
import { plainId, type IdGroup } from './merge-ids.js';
import { bestCvss, collectCvss, pickSeverity, type SeverityPin } from './pick-severity.js';

export interface EnrichCache {
  nvd: Map<string, NvdRecord | undefined>;
  kev: Map<string, KevRecord | undefined>;
  epss: Map<string, EpssRecord | undefined>;
  /** CVE → distribution advisory ids that list it. */
  aliases: Map<string, string[]>;
}

function cached<T>(
  map: Map<string, T | undefined>,
  key: string,
  get: (k: string) => T | undefined,
): T | undefined {
  if (!map.has(key)) map.set(key, get(key));
  return map.get(key);
}

const DISTRO_ADVISORY = /^(DSA|DLA|RHSA|RHBA|RHEA|USN|ALSA|ALAS|RLSA|ELSA|SUSE-SU)-/;

/** Distribution advisory ids per ecosystem base, reached from a CVE through the alias table. */
const ADVISORY_BY_BASE: Record<string, RegExp> = {
  Debian: /^(DSA|DLA)-/,
  Ubuntu: /^USN-/,
  'Red Hat': /^(RHSA|RHBA|RHEA)-/,
  'Rocky Linux': /^RLSA-/,
  AlmaLinux: /^ALSA-/,
};

/**
 * DSA/DLA/USN/RHSA records that list one of `cves` and, when they state their fixes
 * (`extra.fixed`), fix this package's source in this release. Feeds keep these advisories
 * without affected rows (the per-CVE rows already say the same), so they are joined here.
 * Returns the shown id (`USN-7000-1`) → the stored id (`USN-7000-1@Ubuntu:24.04`, the
 * package's release preferred).
 */
function distroAdvisories(
  pkg: FindingPackage,
  cves: string[],
  store: MatchStore,
  cache: EnrichCache,
): Map<string, string> {
  const base = pkg.ecosystem.split(':')[0]!;
  const re = ADVISORY_BY_BASE[base];
  const out = new Map<string, string>();
  if (!re || !store.aliases || !store.advisories) return out;
  const name = pkg.source?.name ?? pkg.name;
  for (const cve of cves) {
    let ids = cache.aliases.get(cve);
    if (!ids) cache.aliases.set(cve, (ids = store.aliases(cve).filter((id) => re.test(id))));
    for (const id of ids) {
      const fixed = store
        .advisories(id)
        .flatMap(
          (a) => (a.extra as { fixed?: { ecosystem: string; name: string }[] } | undefined)?.fixed ?? [],
        );
      // `USN-7000-1@Ubuntu:24.04` (a per-release OVAL record) is shown as `USN-7000-1`.
      if (fixed.length === 0 || fixed.some((f) => f.ecosystem === pkg.ecosystem && f.name === name))
        if (!out.has(plainId(id)) || id.endsWith(`@${pkg.ecosystem}`)) out.set(plainId(id), id);
    }
  }
  return out;
}

export function enrichFinding(
  pkg: FindingPackage,
  group: IdGroup,
  decision: Decision,
  store: MatchStore,
  cache: EnrichCache,
  pin: SeverityPin | undefined,
): Finding {
  const cves = [group.primary, ...group.aliases].filter((id) => id.startsWith('CVE-'));
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
  const joinedIds = distroAdvisories(pkg, cves, store, cache);
  const joined = [...joinedIds.keys()].filter((id) => !group.aliases.includes(id)).sort();
  const aliases = [...group.aliases, ...joined].sort();
  const distroAdv = [...advisoryIds, ...aliases].find((id) => DISTRO_ADVISORY.test(id));
  const advRow = distroAdv ? group.rows.find((r) => r.advisoryId === distroAdv) : undefined;
  const advLink = (
    advRow?.advisory ?? (distroAdv ? store.advisories?.(joinedIds.get(distroAdv) ?? distroAdv)[0] : undefined)
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
    package: pkg,
    id: group.primary,
    aliases,
    advisories: advisoryIds,
    ...(distroAdv ? { advisory: { name: plainId(distroAdv), ...(advLink ? { link: advLink } : {}) } } : {}),
    state: decision.state,
    fixedIn: decision.fixedIn,
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
    ...(decision.note ? { note: decision.note } : {}),
  };
}
