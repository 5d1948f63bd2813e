/**
 * One CVE JSON 5.x record (CVEProject/cvelistV5) → one advisory record with no affected
 * packages: the CNA's description, title, dates, CWE ids and scores, plus the ADP containers'
 * scores (CISA-ADP's "vulnrichment" CVSS). `affected` of a CVE record names vendors and
 * products, not package ecosystems, so nothing is matched from it. Pure.
 */
import { RampartError } from '../../../../runtime/errors.js';
import type { CvssScore, FeedRecord, Reference, Severity } from '../../model.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function cve5Error(where: string, what: string): RampartError {
  return new RampartError(
    'FEED_FORMAT',
    `feed cve5: ${where}: ${what}; the upstream file is malformed or not CVE JSON 5`,
  );
}

const METRIC_VERSION: Record<string, CvssScore['version']> = {
  cvssV4_0: '4.0',
  cvssV3_1: '3.1',
  cvssV3_0: '3.0',
  cvssV2_0: '2.0',
};

/** The `metrics[]` of one container as one severity of `source`. */
function severityOf(source: string, metrics: unknown): Severity | undefined {
  const cvss: CvssScore[] = [];
  let name: string | undefined;
  let freeForm: string | undefined;
  for (const m of list(metrics)) {
    if (!isObj(m)) continue;
    for (const [key, version] of Object.entries(METRIC_VERSION)) {
      const c = m[key];
      if (!isObj(c) || !str(c.vectorString)) continue;
      const score = typeof c.baseScore === 'number' ? c.baseScore : undefined;
      cvss.push({ version, vector: str(c.vectorString)!, ...(score !== undefined ? { score } : {}) });
      name ??= str(c.baseSeverity);
    }
    // free-form CNA ratings, e.g. {other: {type: 'unknown', content: {other: 'critical'}}}
    const other = isObj(m.other) ? m.other : undefined;
    if (other && isObj(other.content) && str(other.type) !== 'ssvc' && str(other.type) !== 'kev') {
      const words = Object.values(other.content).filter(
        (v): v is string => typeof v === 'string' && v.length < 40,
      );
      freeForm ??= words[0];
    }
  }
  name ??= freeForm; // a CVSS baseSeverity wins over a free-form rating
  return cvss.length > 0 || name ? { source, ...(name ? { name } : {}), cvss } : undefined;
}

function cwesOf(problemTypes: unknown): string[] {
  const out: string[] = [];
  for (const p of list(problemTypes)) {
    for (const d of isObj(p) ? list(p.descriptions) : []) {
      if (!isObj(d)) continue;
      const id = str(d.cweId) ?? /^(CWE-\d+)\b/.exec(str(d.description) ?? '')?.[1];
      if (id && /^CWE-\d+$/.test(id)) out.push(id);
    }
  }
  return out;
}

function englishFirst(descriptions: unknown): string | undefined {
  const ds = list(descriptions).filter(isObj);
  const en = ds.find((d) => /^en\b/i.test(str(d.lang) ?? '')) ?? ds[0];
  return en ? str(en.value) : undefined;
}

function referencesOf(raw: unknown): Reference[] {
  return list(raw).flatMap((r) => {
    if (!isObj(r) || !str(r.url)) return [];
    const tag = list(r.tags).find((t): t is string => typeof t === 'string');
    return [{ type: tag ?? 'WEB', url: str(r.url)! }];
  });
}

/** `where` names the file (and archive entry) for error messages. */
export function convertCve5Record(doc: unknown, where: string): FeedRecord {
  if (!isObj(doc) || !isObj(doc.cveMetadata)) throw cve5Error(where, 'no `cveMetadata` object');
  const meta = doc.cveMetadata;
  const id = str(meta.cveId);
  if (!id || !/^CVE-\d{4}-\d{4,}$/.test(id)) throw cve5Error(where, '`cveMetadata.cveId` is not a CVE id');
  const at = `${where} (${id})`;
  if (!str(doc.dataVersion)?.startsWith('5.'))
    throw cve5Error(at, `\`dataVersion\` ${JSON.stringify(doc.dataVersion)} is not 5.x`);
  const containers = isObj(doc.containers) ? doc.containers : undefined;
  const cna = containers && isObj(containers.cna) ? containers.cna : undefined;
  const state = str(meta.state);
  if (!cna) throw cve5Error(at, 'no `containers.cna` object');
  const adps = list(containers?.adp).filter(isObj);
  const severity: Severity[] = [];
  const cnaSeverity = severityOf('cna', cna.metrics);
  if (cnaSeverity) severity.push(cnaSeverity);
  const cwes = new Set(cwesOf(cna.problemTypes));
  const references = referencesOf(cna.references);
  for (const adp of adps) {
    const who = (isObj(adp.providerMetadata) ? str(adp.providerMetadata.shortName) : undefined) ?? 'adp';
    const s = severityOf(who, adp.metrics);
    if (s) severity.push(s);
    for (const c of cwesOf(adp.problemTypes)) cwes.add(c);
  }
  const rejected = state === 'REJECTED';
  const details = englishFirst(rejected ? cna.rejectedReasons : cna.descriptions);
  const extra: Obj = {};
  if (str(meta.assignerShortName)) extra.assigner = meta.assignerShortName;
  if (state) extra.state = state;
  if (str(meta.dateReserved)) extra.dateReserved = meta.dateReserved;
  return {
    kind: 'advisory',
    advisory: {
      id,
      feed: 'cve5',
      aliases: [],
      related: [],
      ...(str(cna.title) ? { summary: str(cna.title) } : {}),
      ...(details ? { details } : {}),
      ...(str(meta.datePublished) ? { published: str(meta.datePublished) } : {}),
      ...(str(meta.dateUpdated) ? { modified: str(meta.dateUpdated) } : {}),
      ...(rejected ? { withdrawn: str(meta.dateRejected) ?? str(meta.dateUpdated) ?? 'rejected' } : {}),
      references,
      severity,
      cwes: [...cwes],
      extra,
    },
    affected: [],
  };
}
