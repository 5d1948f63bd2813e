/**
 * CISA's Known Exploited Vulnerabilities catalog (`known_exploited_vulnerabilities.json`,
 * `{catalogVersion, count, vulnerabilities: [{cveID, vendorProject, dateAdded, dueDate,
 * knownRansomwareCampaignUse, …}]}`) → one `KevRecord` per entry. The CSV form of the same
 * catalog is read too (same column names). Pure; malformed input is FEED_FORMAT naming the entry.
 */
import { RampartError, describeError } from '../../../../runtime/errors.js';
import type { KevRecord } from '../../model.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CVE = /^CVE-\d{4}-\d{4,}$/;
const FIELDS = [
  'vendorProject',
  'product',
  'vulnerabilityName',
  'dateAdded',
  'dueDate',
  'requiredAction',
  'knownRansomwareCampaignUse',
  'notes',
] as const;

function kevError(where: string, what: string): RampartError {
  return new RampartError('FEED_FORMAT', `feed kev: ${where}: ${what}; the upstream catalog is malformed`);
}

/** One catalog entry (JSON object or CSV row as a field map). */
export function convertKevEntry(entry: unknown, where: string): KevRecord {
  if (!isObj(entry)) throw kevError(where, 'the entry is not an object');
  const cve = typeof entry.cveID === 'string' ? entry.cveID.trim() : '';
  if (!CVE.test(cve)) throw kevError(where, `\`cveID\` ${JSON.stringify(entry.cveID)} is not a CVE id`);
  const out: KevRecord = { cve };
  for (const f of FIELDS) {
    const v = entry[f];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw kevError(`${where} (${cve})`, `\`${f}\` is not a string`);
    out[f] = v;
  }
  return out;
}

/** The catalog's JSON text → records. */
export function* parseKevJson(text: string, name: string): Generator<KevRecord> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err: unknown) {
    throw kevError(name, `malformed JSON (${describeError(err)})`);
  }
  if (!isObj(doc) || !Array.isArray(doc.vulnerabilities)) throw kevError(name, 'no `vulnerabilities` list');
  let i = 0;
  for (const e of doc.vulnerabilities) {
    yield convertKevEntry(e, `${name} vulnerabilities[${i++}]`);
  }
}

/** Split one CSV text into rows of fields (RFC 4180 quoting, CRLF or LF). */
export function splitCsv(text: string, name: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
    i++;
  }
  if (quoted) throw kevError(name, `unterminated quoted field in row ${rows.length + 1}`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** The catalog's CSV form → records. */
export function* parseKevCsv(text: string, name: string): Generator<KevRecord> {
  const [header, ...rows] = splitCsv(text.replace(/^\uFEFF/, ''), name);
  if (!header?.includes('cveID')) throw kevError(name, 'the CSV header has no `cveID` column');
  let line = 1;
  for (const r of rows) {
    line++;
    if (r.length !== header.length)
      throw kevError(`${name} row ${line}`, `${r.length} fields, the header has ${header.length}`);
    yield convertKevEntry(Object.fromEntries(header.map((h, j) => [h, r[j]])), `${name} row ${line}`);
  }
}
