/**
 * Canonical's OpenVEX documents (`vex/cve/<year>/CVE-….json`, OpenVEX 0.2): statements with a
 * status and products as purls `pkg:deb/ubuntu/<name>@<version>?arch=<arch>&distro=<distro>`.
 * Only `arch=source` products become rows (the matcher looks up Ubuntu SOURCE packages); the
 * binary products of the same statement are ignored.
 *
 * - `fixed` → `fixed`, `fixedVersions: [version]`.
 * - `affected` → `unfixed`; the listed version (the one vulnerable in the archive) is kept in
 *   `extra.version`, the action statement in `extra.action`.
 * - `not_affected` → `not_affected` (`extra.justification`); `under_investigation` likewise.
 * - `distro` `jammy` → `Ubuntu:22.04`; `esm-infra/xenial`, `esm-apps/…`, `fips…/…` → the same
 *   ecosystem with `pocket` `pro` (or `pro-fips`) and `extra.channel`.
 */
import { PackageURL } from 'packageurl-js';

import type { Advisory, AffectedPackage, AffectedState, FeedRecord } from '../../model.js';
import { ubuntuDistro } from '../ubuntu-releases.js';

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): Json[] =>
  Array.isArray(v) ? (v as Json[]).filter((x) => x && typeof x === 'object') : [];

const STATES: Record<string, AffectedState> = {
  fixed: 'fixed',
  affected: 'unfixed',
  not_affected: 'not_affected',
  under_investigation: 'under_investigation',
};

function sourceProduct(id: string): { name: string; version: string; distro: string } | undefined {
  if (!id.startsWith('pkg:deb/')) return undefined;
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(id);
  } catch {
    return undefined;
  }
  const q = purl.qualifiers ?? {};
  if (q.arch !== 'source' || !q.distro || !purl.version) return undefined;
  return { name: purl.name, version: purl.version, distro: q.distro };
}

export function* openVexRecords(doc: unknown, feed: string): Generator<FeedRecord> {
  if (!doc || typeof doc !== 'object') return;
  const d = doc as Json;
  const byId = new Map<string, { advisory: Advisory; affected: AffectedPackage[]; keys: Set<string> }>();
  for (const s of arr(d.statements)) {
    const vuln = (s.vulnerability as Json | undefined) ?? {};
    const name = str(vuln.name);
    const state = STATES[str(s.status) ?? ''];
    if (!name || !state) continue;
    let rec = byId.get(name);
    if (!rec) {
      const advisory: Advisory = {
        id: `${name}@Ubuntu`,
        feed,
        aliases: [name],
        related: [],
        references: [{ type: 'ADVISORY', url: `https://ubuntu.com/security/${name}` }],
        severity: [],
        cwes: [],
      };
      const description = str(vuln.description);
      if (description) advisory.details = description;
      const modified = str(d.timestamp);
      if (modified) advisory.modified = modified;
      rec = { advisory, affected: [], keys: new Set() };
      byId.set(name, rec);
    }
    for (const p of arr(s.products)) {
      const src = sourceProduct(str(p['@id']) ?? '');
      if (!src) continue;
      const eco = ubuntuDistro(src.distro);
      if (!eco) continue;
      const key = [eco.ecosystem, eco.pocket ?? '', src.name, state, src.version].join('\0');
      if (rec.keys.has(key)) continue;
      rec.keys.add(key);
      const row: AffectedPackage = {
        ecosystem: eco.ecosystem,
        name: src.name,
        scheme: 'dpkg',
        ranges: [],
        versions: [],
        state,
        fixedVersions: state === 'fixed' ? [src.version] : [],
      };
      if (eco.pocket) row.pocket = eco.pocket;
      const extra: Record<string, unknown> = {};
      if (eco.channel) extra.channel = eco.channel;
      if (state !== 'fixed') extra.version = src.version;
      const action = str(s.action_statement);
      if (action) extra.action = action;
      const justification = str(s.justification);
      if (justification) extra.justification = justification;
      if (Object.keys(extra).length > 0) row.extra = extra;
      rec.affected.push(row);
    }
  }
  for (const { advisory, affected } of byId.values()) yield { kind: 'advisory', advisory, affected };
}
