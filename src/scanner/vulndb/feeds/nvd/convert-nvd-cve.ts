/**
 * One NVD CVE object → one `NvdRecord`. Two input shapes: the CVE API 2.0 `cve` object
 * (`vulnerabilities[].cve`) and the retired 1.1 data feed's `CVE_Items[]` entry. Pure; throws
 * FEED_FORMAT naming feed, file and record when the object has no CVE id or a malformed metric.
 */
import { RampartError } from '../../../../runtime/errors.js';
import type { CvssScore, NvdRecord, Reference } from '../../model.js';

type Obj = Record<string, unknown>;
type NvdCvss = NvdRecord['cvss'][number];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Where a record came from, for error messages: `page-00001.json` and the record's index. */
export interface NvdSource {
  feed: string;
  where: string;
}

export function nvdFormatError(src: NvdSource, what: string): RampartError {
  return new RampartError(
    'FEED_FORMAT',
    `feed ${src.feed}: ${src.where}: ${what}; the upstream file is malformed or not NVD CVE JSON`,
  );
}

/** API 2.0 metric keys and the CVSS version each holds. */
const METRIC_KEYS: readonly [string, CvssScore['version'] | undefined][] = [
  ['cvssMetricV40', '4.0'],
  ['cvssMetricV31', '3.1'],
  ['cvssMetricV30', '3.0'],
  ['cvssMetricV2', '2.0'],
];

function cvssVersion(
  raw: unknown,
  fallback: CvssScore['version'] | undefined,
): CvssScore['version'] | undefined {
  const v = str(raw);
  if (v === '2.0' || v === '3.0' || v === '3.1' || v === '4.0') return v;
  return fallback;
}

function metricsOf(src: NvdSource, raw: unknown): NvdCvss[] {
  if (raw === undefined) return [];
  if (!isObj(raw)) throw nvdFormatError(src, '`metrics` is not an object');
  const out: NvdCvss[] = [];
  for (const [key, version] of METRIC_KEYS) {
    const entries = raw[key];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) throw nvdFormatError(src, `\`metrics.${key}\` is not a list`);
    for (const m of entries) {
      if (!isObj(m) || !isObj(m.cvssData))
        throw nvdFormatError(src, `a \`${key}\` entry has no \`cvssData\``);
      const vector = str(m.cvssData.vectorString);
      if (!vector) throw nvdFormatError(src, `a \`${key}\` entry has no \`vectorString\``);
      const v = cvssVersion(m.cvssData.version, version);
      if (!v) continue;
      const score = typeof m.cvssData.baseScore === 'number' ? m.cvssData.baseScore : undefined;
      out.push({
        version: v,
        vector,
        ...(score !== undefined ? { score } : {}),
        source: str(m.source) ?? 'nvd@nist.gov',
        ...(str(m.type) ? { type: str(m.type) } : {}),
      });
    }
  }
  return out;
}

const CWE = /^CWE-\d+$/;

function cwesOf(weaknesses: unknown): string[] {
  const out = new Set<string>();
  for (const w of list(weaknesses)) {
    if (!isObj(w)) continue;
    for (const d of list(w.description)) {
      const v = isObj(d) ? str(d.value) : undefined;
      if (v && CWE.test(v)) out.add(v);
    }
  }
  return [...out];
}

function descriptionsOf(raw: unknown): NvdRecord['descriptions'] {
  return list(raw).flatMap((d) =>
    isObj(d) && str(d.value) ? [{ lang: str(d.lang) ?? 'en', value: str(d.value)! }] : [],
  );
}

function referencesOf(raw: unknown): Reference[] {
  return list(raw).flatMap((r) => {
    if (!isObj(r) || !str(r.url)) return [];
    const tags = list(r.tags).filter((t): t is string => typeof t === 'string');
    return [{ type: tags[0] ?? str(r.refsource) ?? 'WEB', url: str(r.url)! }];
  });
}

/** A CVE API 2.0 `cve` object (the value under `vulnerabilities[].cve`). */
export function convertNvdCve(cve: unknown, src: NvdSource): NvdRecord {
  if (!isObj(cve)) throw nvdFormatError(src, 'a `vulnerabilities[].cve` entry is not an object');
  const id = str(cve.id);
  if (!id || !/^CVE-\d{4}-\d+$/.test(id)) throw nvdFormatError(src, 'a record has no CVE `id`');
  const at = { ...src, where: `${src.where} (${id})` };
  return {
    cve: id,
    ...(str(cve.published) ? { published: str(cve.published) } : {}),
    ...(str(cve.lastModified) ? { lastModified: str(cve.lastModified) } : {}),
    ...(str(cve.vulnStatus) ? { status: str(cve.vulnStatus) } : {}),
    descriptions: descriptionsOf(cve.descriptions),
    cvss: metricsOf(at, cve.metrics),
    cwes: cwesOf(cve.weaknesses),
    references: referencesOf(cve.references),
    ...(cve.configurations !== undefined ? { configurations: cve.configurations } : {}),
  };
}

/** 1.1 feed impact block: `baseMetricV3.cvssV3` and `baseMetricV2.cvssV2`, both NVD's own. */
function impactOf(src: NvdSource, raw: unknown): NvdCvss[] {
  if (raw === undefined) return [];
  if (!isObj(raw)) throw nvdFormatError(src, '`impact` is not an object');
  const out: NvdCvss[] = [];
  for (const [metric, data, fallback] of [
    ['baseMetricV3', 'cvssV3', '3.0'],
    ['baseMetricV2', 'cvssV2', '2.0'],
  ] as const) {
    const m = raw[metric];
    if (m === undefined) continue;
    if (!isObj(m) || !isObj(m[data])) throw nvdFormatError(src, `\`impact.${metric}\` has no \`${data}\``);
    const d = m[data];
    const vector = str(d.vectorString);
    if (!vector) throw nvdFormatError(src, `\`impact.${metric}.${data}\` has no \`vectorString\``);
    const version = cvssVersion(d.version, fallback) ?? fallback;
    const score = typeof d.baseScore === 'number' ? d.baseScore : undefined;
    out.push({
      version,
      vector,
      ...(score !== undefined ? { score } : {}),
      source: 'nvd@nist.gov',
      type: 'Primary',
    });
  }
  return out;
}

/** One `CVE_Items[]` entry of the 1.1 JSON data feed. */
export function convertNvd11Item(item: unknown, src: NvdSource): NvdRecord {
  if (!isObj(item) || !isObj(item.cve)) throw nvdFormatError(src, 'a `CVE_Items` entry has no `cve` object');
  const meta = isObj(item.cve.CVE_data_meta) ? item.cve.CVE_data_meta : {};
  const id = str(meta.ID);
  if (!id || !/^CVE-\d{4}-\d+$/.test(id))
    throw nvdFormatError(src, 'a `CVE_Items` entry has no `CVE_data_meta.ID`');
  const at = { ...src, where: `${src.where} (${id})` };
  const problems = isObj(item.cve.problemtype) ? list(item.cve.problemtype.problemtype_data) : [];
  const description = isObj(item.cve.description) ? item.cve.description.description_data : undefined;
  const refs = isObj(item.cve.references) ? item.cve.references.reference_data : undefined;
  return {
    cve: id,
    ...(str(item.publishedDate) ? { published: str(item.publishedDate) } : {}),
    ...(str(item.lastModifiedDate) ? { lastModified: str(item.lastModifiedDate) } : {}),
    descriptions: descriptionsOf(description),
    cvss: impactOf(at, item.impact),
    cwes: cwesOf(problems),
    references: referencesOf(refs),
    ...(item.configurations !== undefined ? { configurations: item.configurations } : {}),
  };
}

const VERSION_RANK: Record<CvssScore['version'], number> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

/**
 * The metric a report should show for an NVD record: NVD's own (`nvd@nist.gov`, `Primary`) of
 * the newest CVSS version when there is one, else the newest metric of any source.
 */
export function preferredNvdCvss(
  record: NvdRecord,
  versions?: readonly CvssScore['version'][],
): NvdCvss | undefined {
  const pool = versions ? record.cvss.filter((c) => versions.includes(c.version)) : record.cvss;
  const best = (xs: NvdCvss[]) =>
    xs.reduce<NvdCvss | undefined>(
      (b, c) => (!b || VERSION_RANK[c.version] > VERSION_RANK[b.version] ? c : b),
      undefined,
    );
  return best(pool.filter((c) => c.type === 'Primary' && c.source === 'nvd@nist.gov')) ?? best(pool);
}
