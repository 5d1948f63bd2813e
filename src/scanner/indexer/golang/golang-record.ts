import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

/** A Go module record: purl `pkg:golang/<path>@<version>` with the path split at its last slash. */
export function golangRecord(
  path: string,
  version: string,
  location: string,
  evidence: NonNullable<PackageRecord['evidence']>,
): PackageRecord {
  const slash = path.lastIndexOf('/');
  const namespace = slash === -1 ? undefined : path.slice(0, slash);
  const name = slash === -1 ? path : path.slice(slash + 1);
  const purl = new PackageURL('golang', namespace, name, version || undefined).toString();
  return {
    name: path,
    version,
    type: 'golang',
    kind: 'language',
    finder: 'golang',
    location,
    purl,
    evidence,
  };
}
