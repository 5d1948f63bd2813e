/**
 * Red Hat CSAF VEX (one document per CVE, `csaf_vex`) and CSAF advisories (`csaf_security_advisory`,
 * RHSA): both carry a product tree and `vulnerabilities[].product_status`.
 *
 * - The product tree gives a CPE per platform product id (`AppStream-8.10.0.Z.MAIN.EUS` →
 *   `cpe:/a:redhat:enterprise_linux:8::appstream`); `relationships` join a platform with a
 *   component into the ids used in `product_status` (`<platform>:<component>`).
 * - `fixed` → state `fixed`, fixed EVR from the component NEVRA, module from `::name:stream`;
 *   `known_affected` → `unfixed`, or `will_not_fix` when a `no_fix_planned` remediation names
 *   the product (`extra.reason` keeps "Will not fix", "Out of support scope", "Fix deferred"…);
 *   `known_not_affected` → `not_affected`; `under_investigation` → `under_investigation`.
 * - Source rpms (`.src`) are skipped: the matcher looks up binary rpm names.
 * - `threats[category=impact]` → per-row vendor severity (Low/Moderate/Important/Critical),
 *   `scores[].cvss_v3` → per-row CVSS; `vendor_fix` URLs → `extra.advisories` (RHSA ids).
 */
import type { Advisory, AffectedPackage, AffectedState, CvssScore, FeedRecord } from '../../model.js';
import { parseComponent } from './parse-nevra.js';

type Json = Record<string, unknown>;

const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export const redhatEcosystem = 'Red Hat';

interface ProductIndex {
  cpe: Map<string, string>;
  /** Full product id → [platform id, component ref]. */
  rel: Map<string, [string, string]>;
}

function indexProducts(tree: Json | undefined): ProductIndex {
  const idx: ProductIndex = { cpe: new Map(), rel: new Map() };
  const walk = (branches: Json[]) => {
    for (const b of branches) {
      const p = b.product as Json | undefined;
      const id = str(p?.product_id);
      const cpe = str((p?.product_identification_helper as Json | undefined)?.cpe);
      if (id && cpe) idx.cpe.set(id, cpe);
      walk(arr(b.branches));
    }
  };
  walk(arr(tree?.branches));
  for (const r of arr(tree?.relationships)) {
    const id = str((r.full_product_name as Json | undefined)?.product_id);
    const comp = str(r.product_reference);
    const platform = str(r.relates_to_product_reference);
    if (id && comp && platform) idx.rel.set(id, [platform, comp]);
  }
  return idx;
}

/** Split `<platform>:<component>` when no relationship names the id (the platform ids hold no `:`). */
function split(idx: ProductIndex, id: string): [string, string] | undefined {
  const known = idx.rel.get(id);
  if (known) return known;
  const colon = id.indexOf(':');
  return colon > 0 ? [id.slice(0, colon), id.slice(colon + 1)] : undefined;
}

function cvssOf(score: Json): CvssScore[] {
  const out: CvssScore[] = [];
  for (const key of ['cvss_v3', 'cvss_v4'] as const) {
    const c = score[key] as Json | undefined;
    const vector = str(c?.vectorString);
    const version = str(c?.version);
    if (!vector || !version) continue;
    const v = version === '3.0' || version === '3.1' || version === '4.0' ? version : undefined;
    if (!v) continue;
    const s: CvssScore = { version: v, vector };
    if (typeof c?.baseScore === 'number') s.score = c.baseScore;
    out.push(s);
  }
  return out;
}

const RHSA = /\/errata\/(RH[SBE]A-\d{4}:\d+)/;

/** Records of one CSAF document (VEX or advisory). `file` names it in errors and `extra`. */
export function* csafRecords(doc: unknown, feed: string): Generator<FeedRecord> {
  if (!doc || typeof doc !== 'object') return;
  const d = doc as Json;
  const meta = (d.document as Json | undefined) ?? {};
  const category = str(meta.category);
  const tracking = (meta.tracking as Json | undefined) ?? {};
  const idx = indexProducts(d.product_tree as Json | undefined);
  const aggregate = str((meta.aggregate_severity as Json | undefined)?.text);
  for (const v of arr(d.vulnerabilities)) {
    const cve = str(v.cve);
    if (!cve) continue;
    const isAdvisory = category === 'csaf_security_advisory';
    const docId = str(tracking.id);
    const id = isAdvisory && docId ? `${docId}@${cve}` : `${cve}@${redhatEcosystem}`;
    const advisory: Advisory = {
      id,
      feed,
      aliases: isAdvisory && docId ? [cve, docId] : [cve],
      related: [],
      references: arr(v.references)
        .map((r) => ({ type: str(r.category) === 'self' ? 'ADVISORY' : 'WEB', url: str(r.url) ?? '' }))
        .filter((r) => r.url !== ''),
      severity: [],
      cwes: [],
    };
    const title = str(v.title) ?? str(meta.title);
    if (title) advisory.summary = title;
    const description = arr(v.notes).find((n) => str(n.category) === 'description');
    if (str(description?.text)) advisory.details = str(description!.text);
    const published = str(v.release_date) ?? str(tracking.initial_release_date);
    if (published) advisory.published = published;
    const modified = str(tracking.current_release_date);
    if (modified) advisory.modified = modified;
    const cwe = str((v.cwe as Json | undefined)?.id);
    if (cwe) advisory.cwes.push(cwe);
    if (aggregate) advisory.severity.push({ source: 'vendor', name: aggregate, cvss: [] });

    const impact = new Map<string, string>();
    for (const t of arr(v.threats))
      if (str(t.category) === 'impact' && str(t.details))
        for (const p of strs(t.product_ids)) impact.set(p, str(t.details)!);
    const scores = new Map<string, CvssScore[]>();
    for (const s of arr(v.scores)) {
      const c = cvssOf(s);
      if (c.length) for (const p of strs(s.products)) scores.set(p, c);
    }
    const remediation = new Map<string, { category: string; details?: string; url?: string }>();
    for (const r of arr(v.remediations)) {
      const cat = str(r.category);
      if (!cat || cat === 'workaround' || cat === 'mitigation') continue;
      for (const p of strs(r.product_ids))
        remediation.set(p, { category: cat, details: str(r.details), url: str(r.url) });
    }

    const rows = new Map<string, AffectedPackage>();
    const status = (v.product_status as Json | undefined) ?? {};
    const lists: [string, AffectedState][] = [
      ['fixed', 'fixed'],
      ['known_affected', 'unfixed'],
      ['known_not_affected', 'not_affected'],
      ['under_investigation', 'under_investigation'],
    ];
    for (const [key, base] of lists) {
      for (const pid of strs(status[key])) {
        const parts = split(idx, pid);
        if (!parts) continue;
        const comp = parseComponent(parts[1]);
        if (!comp || comp.arch === 'src') continue;
        const cpe = idx.cpe.get(parts[0]);
        const rem = remediation.get(pid);
        let state = base;
        if (base === 'unfixed' && rem?.category === 'no_fix_planned') state = 'will_not_fix';
        if (base === 'fixed' && !comp.evr) continue;
        const fixed = base === 'fixed' ? [comp.evr!] : [];
        const rowKey = [comp.name, cpe ?? parts[0], comp.module ?? '', state, fixed[0] ?? ''].join('\0');
        const existing = rows.get(rowKey);
        if (existing) {
          const arches = (existing.extra?.arches as string[] | undefined) ?? [];
          if (comp.arch && !arches.includes(comp.arch)) arches.push(comp.arch);
          continue;
        }
        const row: AffectedPackage = {
          ecosystem: redhatEcosystem,
          name: comp.name,
          scheme: 'rpm',
          ranges: [],
          versions: [],
          state,
          fixedVersions: fixed,
        };
        if (cpe) row.cpe = cpe;
        if (comp.module) row.module = comp.module;
        const sev = impact.get(pid);
        const cvss = scores.get(pid) ?? [];
        if (sev || cvss.length) row.severity = { source: 'vendor', ...(sev ? { name: sev } : {}), cvss };
        const extra: Record<string, unknown> = { product: parts[0] };
        if (comp.arch) extra.arches = [comp.arch];
        if (rem?.details && base !== 'fixed') extra.reason = rem.details.split('\n')[0];
        const rhsa = rem?.url ? RHSA.exec(rem.url)?.[1] : undefined;
        if (rhsa) extra.advisory = rhsa;
        row.extra = extra;
        rows.set(rowKey, row);
      }
    }
    yield { kind: 'advisory', advisory, affected: [...rows.values()] };
  }
}
