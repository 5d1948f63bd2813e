import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

/** PEP 503 normalised project name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

export interface PypiPackageFields {
  name: string;
  version: string;
  location: string;
  evidence: 'installed' | 'lockfile';
  scope?: 'runtime' | 'dev' | 'optional';
  licenses?: string[];
}

/** One PyPI package record; the name is stored PEP 503-normalised so lookups need no second rule. */
export function pypiPackageRecord(fields: PypiPackageFields): PackageRecord {
  const name = normalizePypiName(fields.name);
  const record: PackageRecord = {
    name,
    version: fields.version,
    type: 'pypi',
    kind: 'language',
    finder: 'python',
    location: fields.location,
    purl: new PackageURL('pypi', undefined, name, fields.version, undefined, undefined).toString(),
    evidence: fields.evidence,
  };
  if (fields.scope) record.scope = fields.scope;
  if (fields.licenses && fields.licenses.length > 0) record.licenses = fields.licenses;
  return record;
}

/** A project name PEP 508 accepts: letters, digits, `-`, `_`, `.`, starting and ending alphanumeric. */
export function isValidPypiName(name: string): boolean {
  return name.length <= 200 && /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name);
}
