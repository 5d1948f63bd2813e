import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

/** A Maven artifact record: name `group:artifact`, namespace = group, purl `pkg:maven/group/artifact@version`. */
export function mavenRecord(
  groupId: string,
  artifactId: string,
  version: string,
  location: string,
  evidence: NonNullable<PackageRecord['evidence']>,
): PackageRecord {
  const purl = new PackageURL('maven', groupId, artifactId, version).toString();
  return {
    name: `${groupId}:${artifactId}`,
    version,
    type: 'maven',
    kind: 'language',
    finder: 'java',
    location,
    namespace: groupId,
    purl,
    evidence,
  };
}
