import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { isValidNpmName, npmPackageRecord } from './npm-package-record.js';
import { isPlainObject, parseJsonDocument } from './parse-json-document.js';

/**
 * Reads one `package.json`. Returns the package it describes, or undefined when the file has
 * no name or no version (a build manifest, a `{"type":"module"}` marker inside a package):
 * such a file names nothing that can be matched. A name npm would refuse is an error.
 */
export function parsePackageJson(data: Buffer | string, location: string): PackageRecord | undefined {
  const doc = parseJsonDocument(data, location);
  if (!isPlainObject(doc)) {
    throw new RampartError('FINDER_PARSE', `${location} is not a JSON object; the file was skipped`);
  }
  const { name, version } = doc;
  if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '')
    return undefined;
  if (!isValidNpmName(name)) {
    throw new RampartError(
      'FINDER_PARSE',
      `${location} names package "${name.slice(0, 100)}", which npm would refuse; the file was skipped`,
    );
  }
  return npmPackageRecord({
    name,
    version: version.trim(),
    location,
    evidence: 'installed',
    licenses: readLicenses(doc),
  });
}

/**
 * `license` as an SPDX string, a legacy `{type}` object, or a legacy array of either; the
 * older `licenses` array too. Anything else (numbers, null, unknown objects) yields nothing.
 */
export function readLicenses(doc: Record<string, unknown>): string[] {
  const out: string[] = [];
  const take = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim() !== '') out.push(value.trim());
    } else if (isPlainObject(value)) {
      if (typeof value.type === 'string' && value.type.trim() !== '') out.push(value.type.trim());
    }
  };
  for (const field of [doc.license, doc.licenses]) {
    if (Array.isArray(field)) field.slice(0, 64).forEach(take);
    else take(field);
  }
  return [...new Set(out)];
}
