import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

/**
 * A Go module record: purl `pkg:golang/<path>@<version>` with the path split at its last slash.
 * Throws (packageurl-js PurlError) for an empty path; callers skip empty paths first.
 */
export function golangRecord(
  path: string,
  version: string,
  location: string,
  evidence: NonNullable<PackageRecord['evidence']>,
): PackageRecord {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const namespace = slash === -1 ? undefined : trimmed.slice(0, slash);
  const name = slash === -1 ? trimmed : trimmed.slice(slash + 1);
  const purl = new PackageURL('golang', namespace || undefined, name, version || undefined).toString();
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
