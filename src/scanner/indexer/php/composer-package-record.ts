import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

export interface ComposerPackageFields {
  name: string;
  version: string;
  location: string;
  evidence: 'installed' | 'lockfile';
  scope?: 'dev';
  licenses?: string[];
}

/** One Packagist package record: `vendor/name` becomes purl namespace and name. */
export function composerPackageRecord(fields: ComposerPackageFields): PackageRecord {
  const slash = fields.name.indexOf('/');
  const namespace = fields.name.slice(0, slash);
  const record: PackageRecord = {
    name: fields.name,
    version: fields.version,
    type: 'composer',
    kind: 'language',
    finder: 'php',
    location: fields.location,
    namespace,
    purl: new PackageURL(
      'composer',
      namespace,
      fields.name.slice(slash + 1),
      fields.version,
      undefined,
      undefined,
    ).toString(),
    evidence: fields.evidence,
  };
  if (fields.scope) record.scope = fields.scope;
  if (fields.licenses && fields.licenses.length > 0) record.licenses = fields.licenses;
  return record;
}

/** `vendor/name` as Composer accepts it (case kept: old lockfiles have capitals). */
export function isValidComposerName(name: string): boolean {
  return name.length <= 214 && /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(name);
}
