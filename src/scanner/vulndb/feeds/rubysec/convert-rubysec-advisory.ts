/**
 * One ruby-advisory-db YAML file (`gems/<gem>/<ID>.yml` or `rubies/<engine>/<ID>.yml`) → one
 * advisory. Gem advisories get one RubyGems affected row whose OSV ranges are the complement
 * of `patched_versions` ∪ `unaffected_versions` (gem requirement syntax, `~>` included); the
 * raw lists stay in `extra` so `rubysecAffected()` can give the exact answer. Interpreter
 * advisories (`rubies/`) name no gem, so they carry no affected row. Pure.
 */
import { parse as parseYaml } from 'yaml';

import { RampartError, describeError } from '../../../../runtime/errors.js';
import type { AffectedPackage, FeedRecord, Reference } from '../../model.js';
import { ConstraintSet, intervalsToRanges } from '../constraint-intervals.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

function rubysecError(where: string, what: string): RampartError {
  return new RampartError('FEED_FORMAT', `feed rubysec: ${where}: ${what}; the upstream file is malformed`);
}

/** `gems/<gem>/<ID>.yml` or `rubies/<engine>/<ID>.yml` (any archive prefix before it). */
export const RUBYSEC_PATH = /(?:^|[/!])(gems|rubies)\/([^/]+)\/([^/]+)\.ya?ml$/;

function stringList(v: unknown, field: string, where: string): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (!Array.isArray(v)) throw rubysecError(where, `\`${field}\` is not a list`);
  return v.map((x) => {
    if (typeof x !== 'string') throw rubysecError(where, `\`${field}\` holds a non-string`);
    return x.trim();
  });
}

const score = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;
  return n !== undefined && n <= 10 ? n : undefined;
};

/** Decode one file's text; `path` is its path in the repository or archive. */
export function convertRubysecAdvisory(text: string, path: string): FeedRecord {
  const m = RUBYSEC_PATH.exec(path);
  if (!m) throw rubysecError(path, 'not a gems/<gem>/<id>.yml or rubies/<engine>/<id>.yml path');
  const [, kind, dirName, fileId] = m as unknown as [string, 'gems' | 'rubies', string, string];
  let doc: unknown;
  try {
    // failsafe: every scalar stays a string (`1.10` is not 1.1, dates stay as written)
    doc = parseYaml(text, { schema: 'failsafe', maxAliasCount: 100 });
  } catch (err: unknown) {
    throw rubysecError(path, `malformed YAML (${describeError(err)})`);
  }
  if (!isObj(doc)) throw rubysecError(path, 'the document is not a mapping');
  const id = `${fileId}@${kind === 'gems' ? dirName : `ruby:${dirName}`}`;
  const where = `${path} (${id})`;
  const name = kind === 'gems' ? str(doc.gem) : str(doc.engine);
  if (!name) throw rubysecError(where, `no \`${kind === 'gems' ? 'gem' : 'engine'}\` field`);
  const patched = stringList(doc.patched_versions, 'patched_versions', where);
  const unaffected = stringList(doc.unaffected_versions, 'unaffected_versions', where);
  const aliases = [
    str(doc.cve) ? `CVE-${str(doc.cve)}` : undefined,
    str(doc.ghsa) ? `GHSA-${str(doc.ghsa)}` : undefined,
    str(doc.osvdb) ? `OSVDB-${str(doc.osvdb)}` : undefined,
  ].filter((a): a is string => a !== undefined);
  const references: Reference[] = [];
  if (str(doc.url)) references.push({ type: 'ADVISORY', url: str(doc.url)! });
  const related = isObj(doc.related) ? doc.related : {};
  for (const u of Array.isArray(related.url) ? related.url : []) {
    if (typeof u === 'string' && u !== str(doc.url)) references.push({ type: 'WEB', url: u });
  }
  const cvss: Obj = {};
  for (const k of ['cvss_v2', 'cvss_v3', 'cvss_v4'] as const) {
    const s = score(doc[k]);
    if (s !== undefined) cvss[k] = s;
  }
  const extra: Obj = { patched_versions: patched, unaffected_versions: unaffected };
  if (Object.keys(cvss).length > 0) extra.cvss = cvss;
  for (const k of ['framework', 'platform', 'library', 'notes'] as const)
    if (str(doc[k])) extra[k] = str(doc[k]);
  if (kind === 'rubies') extra.engine = name;

  const affected: AffectedPackage[] = [];
  if (kind === 'gems') {
    const set = new ConstraintSet('gem', (what) => rubysecError(where, what));
    const safe = [...patched, ...unaffected].flatMap((req) => set.entry(req));
    const { ranges, fixedVersions, approximate } = intervalsToRanges(set.complement(safe));
    if (approximate) extra.approximate = true;
    affected.push({
      ecosystem: 'RubyGems',
      name,
      scheme: 'gem',
      purl: `pkg:gem/${encodeURIComponent(name)}`,
      ranges,
      versions: [],
      state: ranges.length > 0 ? 'affected' : 'not_affected',
      fixedVersions,
    });
  }
  return {
    kind: 'advisory',
    advisory: {
      id,
      feed: 'rubysec',
      aliases,
      related: [],
      ...(str(doc.title) ? { summary: str(doc.title) } : {}),
      ...(str(doc.description) ? { details: str(doc.description) } : {}),
      ...(str(doc.date) ? { published: str(doc.date) } : {}),
      references,
      severity: [],
      cwes: [],
      extra,
    },
    affected,
  };
}
