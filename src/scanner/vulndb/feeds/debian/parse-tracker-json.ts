/**
 * The Debian security tracker JSON (`/tracker/data/json`): `{ source package: { CVE or
 * TEMP id: { description, scope, debianbug, releases: { codename: { status, fixed_version,
 * urgency, nodsa, nodsa_reason, repositories } } } } }`. One advisory per vulnerability id
 * (`CVE-…@Debian`), one affected row per (source package, release).
 */
import type { Advisory, AffectedPackage, AffectedState, FeedRecord } from '../../model.js';
import { debianEcosystem } from '../debian-releases.js';

interface TrackerRelease {
  status?: string;
  fixed_version?: string;
  urgency?: string;
  nodsa?: string;
  nodsa_reason?: string;
}

interface TrackerEntry {
  description?: string;
  scope?: string;
  debianbug?: number;
  releases?: Record<string, TrackerRelease>;
}

export type TrackerJson = Record<string, Record<string, TrackerEntry>>;

/** Tracker urgency → the publisher's severity word (kept as published, `**` marks dropped). */
function urgencyName(u: string | undefined): string | undefined {
  if (!u) return undefined;
  const clean = u.replace(/\*+$/, '').trim();
  return clean === '' ? undefined : clean;
}

/**
 * The state of one (package, release): `resolved` with `fixed_version` `0` → not affected;
 * `resolved` with a version → fixed; `open` → unfixed, or `no_dsa` / `ignored` / `postponed`
 * when the tracker says no DSA is planned (nodsa_reason); `undetermined` → under investigation;
 * urgency `end-of-life` → will_not_fix (the package is no longer supported in that release).
 */
export function trackerState(r: TrackerRelease): { state: AffectedState; fixed?: string } {
  if (r.status === 'resolved') {
    if (!r.fixed_version || r.fixed_version === '0') return { state: 'not_affected' };
    return { state: 'fixed', fixed: r.fixed_version };
  }
  if (r.status === 'undetermined') return { state: 'under_investigation' };
  if (r.urgency === 'end-of-life') return { state: 'will_not_fix' };
  if (r.nodsa_reason === 'ignored') return { state: 'ignored' };
  if (r.nodsa_reason === 'postponed') return { state: 'postponed' };
  if (r.nodsa !== undefined) return { state: 'no_dsa' };
  return { state: 'unfixed' };
}

/** Records of a parsed tracker JSON, grouped per vulnerability id (all packages, all releases). */
export function* parseTrackerJson(json: unknown, feed: string): Generator<FeedRecord> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return;
  const byId = new Map<string, { advisory: Advisory; affected: AffectedPackage[] }>();
  for (const [pkg, vulns] of Object.entries(json as TrackerJson)) {
    if (!vulns || typeof vulns !== 'object') continue;
    for (const [vulnId, entry] of Object.entries(vulns)) {
      if (!entry || typeof entry !== 'object') continue;
      let rec = byId.get(vulnId);
      if (!rec) {
        const advisory: Advisory = {
          id: `${vulnId}@Debian`,
          feed,
          aliases: vulnId.startsWith('CVE-') ? [vulnId] : [],
          related: [],
          references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${vulnId}` }],
          severity: [],
          cwes: [],
        };
        if (entry.description) advisory.details = entry.description;
        rec = { advisory, affected: [] };
        byId.set(vulnId, rec);
      }
      for (const [codename, r] of Object.entries(entry.releases ?? {})) {
        const ecosystem = debianEcosystem(codename);
        if (!ecosystem || !r || typeof r !== 'object') continue;
        const { state, fixed } = trackerState(r);
        const row: AffectedPackage = {
          ecosystem,
          name: pkg,
          scheme: 'dpkg',
          ranges: [],
          versions: [],
          state,
          fixedVersions: fixed ? [fixed] : [],
        };
        const sev = urgencyName(r.urgency);
        if (sev) row.severity = { source: 'vendor', name: sev, cvss: [] };
        if (r.nodsa_reason || r.nodsa !== undefined)
          row.extra = { nodsa: r.nodsa ?? '', nodsaReason: r.nodsa_reason ?? '' };
        rec.affected.push(row);
      }
    }
  }
  for (const rec of byId.values()) yield { kind: 'advisory', ...rec };
}
