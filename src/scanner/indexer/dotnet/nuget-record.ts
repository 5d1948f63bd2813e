import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

/** A NuGet package record: purl `pkg:nuget/<id>@<version>` (the id keeps its case). */
export function nugetRecord(
  name: string,
  version: string,
  location: string,
  evidence: NonNullable<PackageRecord['evidence']>,
): PackageRecord {
  const purl = new PackageURL('nuget', undefined, name, version || undefined).toString();
  return { name, version, type: 'nuget', kind: 'language', finder: 'dotnet', location, purl, evidence };
}
