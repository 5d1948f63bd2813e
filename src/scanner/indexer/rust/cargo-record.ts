import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

/** A crate record: purl `pkg:cargo/<name>@<version>`. */
export function cargoRecord(
  name: string,
  version: string,
  location: string,
  evidence: NonNullable<PackageRecord['evidence']>,
): PackageRecord {
  const purl = new PackageURL('cargo', undefined, name, version || undefined).toString();
  return { name, version, type: 'cargo', kind: 'language', finder: 'rust', location, purl, evidence };
}
