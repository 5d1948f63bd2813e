import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { isValidPypiName, pypiPackageRecord } from './pypi-package-record.js';

/**
 * Reads core metadata (`*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, a bare `*.egg-info`
 * file): RFC 822-style headers up to the first blank line; the body (the long description) is
 * never scanned. Licenses: `License-Expression`, else the `License :: …` classifiers, else
 * a `License` field that is not `UNKNOWN`.
 */
export function parseMetadata(data: Buffer | string, location: string): PackageRecord {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const headers = readHeaders(text);
  const name = headers.get('name')?.[0]?.trim() ?? '';
  const version = headers.get('version')?.[0]?.trim() ?? '';
  if (!isValidPypiName(name) || version === '' || /\s/.test(version)) {
    throw new RampartError(
      'FINDER_PARSE',
      `${location} has no valid Name and Version headers; the file was skipped — is it Python core metadata?`,
    );
  }
  return pypiPackageRecord({ name, version, location, evidence: 'installed', licenses: licensesOf(headers) });
}

const KNOWN_FIELD =
  /^(?:Keywords|Platform|Classifier|Requires(?:-[A-Za-z]+)?|Provides(?:-[A-Za-z]+)?|Obsoletes(?:-[A-Za-z]+)?|License(?:-[A-Za-z]+)?|Project-URL|Supported-Platform|Description-Content-Type|Home-page|Download-URL|Author(?:-email)?|Maintainer(?:-email)?|Summary|Dynamic):/i;

/** The next non-blank line from `start` (bounded: a long run of blank lines ends the look). */
function nextLine(text: string, start: number): string {
  for (let i = 0; i < 64 && start < text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return '';
}

/** Header fields by lower-case name; continuation lines (leading whitespace) are dropped. */
function readHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line === '') {
      // Metadata 1.x–2.0 (setuptools' PKG-INFO) keeps the description as a header whose text
      // may contain blank lines; the header block goes on only if an indented line or a known
      // field follows.
      const next = nextLine(text, start);
      if (!headers.has('description') || !(/^\s/.test(next) || KNOWN_FIELD.test(next))) break;
      continue;
    }
    if (/^\s/.test(line)) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(key, values);
  }
  return headers;
}

function licensesOf(headers: Map<string, string[]>): string[] {
  const expression = headers.get('license-expression')?.[0];
  if (expression) return [expression];
  // Classifiers name licences from a fixed vocabulary; the free-text License field comes after.
  const fromClassifiers: string[] = [];
  for (const c of headers.get('classifier') ?? []) {
    const parts = c.split('::').map((p) => p.trim());
    if (parts[0] !== 'License' || parts.length < 2) continue;
    const last = parts[parts.length - 1]!;
    if (last !== 'OSI Approved') fromClassifiers.push(last);
  }
  if (fromClassifiers.length > 0) return fromClassifiers;
  const license = headers.get('license')?.[0];
  if (license && license.toUpperCase() !== 'UNKNOWN' && license.length <= 200) return [license];
  return [];
}
