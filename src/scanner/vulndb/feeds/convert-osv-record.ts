/**
 * One OSV document (schema 1.x, JSON or YAML already decoded) → one advisory record in the
 * DB row shape. Pure. Throws FEED_FORMAT (naming feed, file and record) when the document is
 * not an OSV record: no string `id`, or `affected`/`ranges`/`events` of the wrong shape.
 */
import { RampartError } from '../../../runtime/errors.js';
import { schemeForEcosystem } from '../../versions/ecosystem-scheme.js';
import type { OsvEvent } from '../../versions/osv-range.js';
import { ecosystemKey, packageKey } from '../ecosystem-key.js';
import type { AffectedPackage, AffectedRange, CvssScore, FeedRecord, Reference, Severity } from '../model.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];

export interface RecordSource {
  feed: string;
  /** Artefact and entry, e.g. `Go/all.zip!GO-2022-0001.json`. */
  where: string;
}

function formatError(src: RecordSource, what: string): RampartError {
  return new RampartError(
    'FEED_FORMAT',
    `feed ${src.feed}: ${src.where}: ${what}; the upstream file is malformed or not OSV`,
  );
}

function cvssOf(vector: string, type: string): CvssScore | undefined {
  const m = /^CVSS:(\d\.\d)\//.exec(vector);
  if (m) {
    const v = m[1] as CvssScore['version'];
    return ['3.0', '3.1', '4.0'].includes(v) ? { version: v, vector } : undefined;
  }
  if (type === 'CVSS_V2') return { version: '2.0', vector };
  return undefined;
}

/** OSV `severity[]` (+ database_specific.severity) as one publisher severity. */
function severityOf(list: unknown, named: unknown): Severity | undefined {
  const cvss: CvssScore[] = [];
  let name = str(named);
  for (const s of Array.isArray(list) ? list : []) {
    if (!isObj(s)) continue;
    const type = str(s.type) ?? '';
    const score = str(s.score);
    if (!score) continue;
    const c = type.startsWith('CVSS') ? cvssOf(score, type) : undefined;
    if (c) cvss.push(c);
    else if (!type.startsWith('CVSS')) name ??= score; // e.g. {type: Ubuntu, score: medium}
  }
  return cvss.length > 0 || name ? { source: 'vendor', ...(name ? { name } : {}), cvss } : undefined;
}

function rangesOf(src: RecordSource, raw: unknown): AffectedRange[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw formatError(src, '`ranges` is not a list');
  const out: AffectedRange[] = [];
  for (const r of raw) {
    if (!isObj(r) || !Array.isArray(r.events)) throw formatError(src, 'a range has no `events` list');
    const type = str(r.type);
    if (type !== 'SEMVER' && type !== 'ECOSYSTEM' && type !== 'GIT') continue; // unknown types are not matchable
    const events: OsvEvent[] = [];
    for (const e of r.events) {
      if (!isObj(e)) throw formatError(src, 'an event is not an object');
      for (const k of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
        const v = e[k];
        if (typeof v === 'string') events.push({ [k]: v });
      }
    }
    out.push({ type, events, ...(str(r.repo) ? { repo: str(r.repo) } : {}) });
  }
  return out;
}

function affectedOf(src: RecordSource, raw: unknown): AffectedPackage[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw formatError(src, '`affected` is not a list');
  const out: AffectedPackage[] = [];
  for (const a of raw) {
    if (!isObj(a)) throw formatError(src, 'an `affected` entry is not an object');
    const pkg = isObj(a.package) ? a.package : undefined;
    const eco = str(pkg?.ecosystem);
    const name = str(pkg?.name);
    if (!eco || !name) continue; // GIT-only entries have no package to look up
    const key = ecosystemKey(eco);
    const ranges = rangesOf(src, a.ranges);
    const fixedVersions = ranges
      .filter((r) => r.type !== 'GIT')
      .flatMap((r) => r.events.map((e) => e.fixed).filter((f): f is string => f !== undefined));
    const severity = severityOf(a.severity, undefined);
    const extra: Obj = {};
    if (isObj(a.ecosystem_specific) && Object.keys(a.ecosystem_specific).length > 0) {
      extra.ecosystem_specific = a.ecosystem_specific;
    }
    if (isObj(a.database_specific) && Object.keys(a.database_specific).length > 0) {
      extra.database_specific = a.database_specific;
    }
    if (key.ecosystem !== eco) extra.osvEcosystem = eco;
    const scheme = schemeForEcosystem(key.ecosystem);
    out.push({
      ecosystem: key.ecosystem,
      name: packageKey(key.ecosystem, name),
      ...(scheme ? { scheme } : {}),
      ...(str(pkg?.purl) ? { purl: str(pkg?.purl) } : {}),
      ranges,
      versions: strings(a.versions),
      state: 'affected',
      fixedVersions: [...new Set(fixedVersions)],
      ...(key.pocket ? { pocket: key.pocket } : {}),
      ...(severity ? { severity } : {}),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    });
  }
  return out;
}

function referencesOf(raw: unknown): Reference[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(isObj)
    .flatMap((r) => (str(r.url) ? [{ type: str(r.type) ?? 'WEB', url: str(r.url)! }] : []));
}

/** Convert one decoded OSV document. `feed` is the registry key written into the rows. */
export function convertOsvRecord(doc: unknown, src: RecordSource): FeedRecord {
  if (!isObj(doc)) throw formatError(src, 'the document is not a JSON/YAML object');
  const id = str(doc.id);
  if (!id) throw formatError(src, 'the record has no string `id`');
  const recSrc = { ...src, where: `${src.where} (${id})` };
  const dbSpecific = isObj(doc.database_specific) ? doc.database_specific : undefined;
  const severity = severityOf(doc.severity, dbSpecific?.severity);
  const extra: Obj = {};
  if (dbSpecific && Object.keys(dbSpecific).length > 0) extra.database_specific = dbSpecific;
  if (str(doc.schema_version)) extra.schema_version = doc.schema_version;
  const upstream = strings(doc.upstream);
  if (upstream.length > 0) extra.upstream = upstream;
  return {
    kind: 'advisory',
    advisory: {
      id,
      feed: src.feed,
      aliases: [...new Set(strings(doc.aliases))].filter((a) => a !== id),
      related: [...new Set([...strings(doc.related), ...upstream])].filter((a) => a !== id),
      ...(str(doc.summary) ? { summary: str(doc.summary) } : {}),
      ...(str(doc.details) ? { details: str(doc.details) } : {}),
      ...(str(doc.published) ? { published: str(doc.published) } : {}),
      ...(str(doc.modified) ? { modified: str(doc.modified) } : {}),
      ...(str(doc.withdrawn) ? { withdrawn: str(doc.withdrawn) } : {}),
      references: referencesOf(doc.references),
      severity: severity ? [severity] : [],
      cwes: strings(dbSpecific?.cwe_ids),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    },
    affected: affectedOf(recSrc, doc.affected),
  };
}
