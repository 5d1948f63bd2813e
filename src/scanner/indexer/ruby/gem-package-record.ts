import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

export interface GemPackageFields {
  name: string;
  version: string;
  location: string;
  evidence: 'installed' | 'lockfile';
  platform?: string;
  licenses?: string[];
}

/** One RubyGems package record; a native gem's platform goes to `arch` and the purl qualifier. */
export function gemPackageRecord(fields: GemPackageFields): PackageRecord {
  const qualifiers = fields.platform ? { platform: fields.platform } : undefined;
  const record: PackageRecord = {
    name: fields.name,
    version: fields.version,
    type: 'gem',
    kind: 'language',
    finder: 'ruby',
    location: fields.location,
    purl: new PackageURL('gem', undefined, fields.name, fields.version, qualifiers, undefined).toString(),
    evidence: fields.evidence,
  };
  if (fields.platform) record.arch = fields.platform;
  if (fields.licenses && fields.licenses.length > 0) record.licenses = fields.licenses;
  return record;
}

/** A gem name RubyGems accepts: letters, digits, `.`, `-`, `_`. */
export function isValidGemName(name: string): boolean {
  return name.length <= 200 && /^[A-Za-z0-9._-]+$/.test(name) && /[A-Za-z0-9]/.test(name);
}

/** A gem version: digits and letters separated by dots (prerelease segments are letters). */
export function isValidGemVersion(version: string): boolean {
  return version.length <= 100 && /^[0-9]+[0-9A-Za-z.]*$/.test(version);
}
