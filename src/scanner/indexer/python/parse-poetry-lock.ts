import type { PackageRecord } from '../../../model/package.js';
import { lockPackageTables } from './lock-package-tables.js';
import { isValidPypiName, pypiPackageRecord } from './pypi-package-record.js';

/**
 * Reads `poetry.lock`. Dev packages are marked from `category = "dev"` (lock format 1.x) or a
 * `groups` list without `main` (Poetry 2); lock 2.0 files from Poetry 1.5–1.8 record neither,
 * so their packages are all runtime.
 */
export function parsePoetryLock(data: Buffer | string, location: string): PackageRecord[] {
  const out = new Map<string, PackageRecord>();
  for (const pkg of lockPackageTables(data, location)) {
    const { name, version, category, groups } = pkg;
    if (typeof name !== 'string' || typeof version !== 'string' || !isValidPypiName(name) || version === '')
      continue;
    const dev =
      category === 'dev' || (Array.isArray(groups) && groups.length > 0 && !groups.includes('main'));
    const record = pypiPackageRecord({
      name,
      version,
      location,
      evidence: 'lockfile',
      scope: dev ? 'dev' : undefined,
    });
    out.set(`${record.name}@${record.version}`, record);
  }
  return [...out.values()];
}
