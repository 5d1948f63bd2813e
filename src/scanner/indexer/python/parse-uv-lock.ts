import type { PackageRecord } from '../../../model/package.js';
import { lockPackageTables } from './lock-package-tables.js';
import { isValidPypiName, pypiPackageRecord } from './pypi-package-record.js';

/**
 * Reads `uv.lock`. The project itself and workspace members (`source = { editable = … }` or
 * `{ virtual = … }`) are not releases and are skipped; so are packages with no version.
 */
export function parseUvLock(data: Buffer | string, location: string): PackageRecord[] {
  const out = new Map<string, PackageRecord>();
  for (const pkg of lockPackageTables(data, location)) {
    const { name, version, source } = pkg;
    if (typeof name !== 'string' || typeof version !== 'string' || !isValidPypiName(name) || version === '')
      continue;
    if (typeof source === 'object' && source !== null && ('editable' in source || 'virtual' in source))
      continue;
    const record = pypiPackageRecord({ name, version, location, evidence: 'lockfile' });
    out.set(`${record.name}@${record.version}`, record);
  }
  return [...out.values()];
}
