import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

/**
 * `pkg:deb/NAME@VERSION?arch=ARCH&upstream=SOURCE`. No namespace and no `distro` qualifier:
 * one status file does not say which distribution it belongs to; the indexer adds both once
 * it has detected the distribution.
 */
export function debPurl(record: Pick<PackageRecord, 'name' | 'version' | 'arch' | 'source'>): string {
  const qualifiers: Record<string, string> = {};
  if (record.arch) qualifiers.arch = record.arch;
  if (record.source && record.source.name !== record.name) {
    qualifiers.upstream = record.source.version
      ? `${record.source.name}@${record.source.version}`
      : record.source.name;
  }
  return new PackageURL('deb', undefined, record.name, record.version, qualifiers, undefined).toString();
}
