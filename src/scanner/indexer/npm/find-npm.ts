import type { PackageRecord } from '../../../model/package.js';
import { isRampartError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { parsePackageJson } from './parse-package-json.js';
import { parsePackageLock } from './parse-package-lock.js';
import { parsePnpmLock } from './parse-pnpm-lock.js';
import { parseYarnLock } from './parse-yarn-lock.js';

/** Each lockfile name the npm finder claims (index.ts lists the same names for claims), with its parser. */
const LOCKFILES: Record<string, (data: Buffer, location: string) => PackageRecord[]> = {
  'package-lock.json': parsePackageLock,
  'npm-shrinkwrap.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
};

/** Read a package.json or a lockfile; a broken file is a warning. */
export function findNpm(file: LayerFile): FinderResult {
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  try {
    if (base === 'package.json') {
      const record = parsePackageJson(file.data, file.path);
      return { packages: record ? [record] : [], warnings: [] };
    }
    const parse = LOCKFILES[base];
    return { packages: parse ? parse(file.data, file.path) : [], warnings: [] };
  } catch (err) {
    const message = isRampartError(err) ? err.message : `${file.path} could not be read: ${String(err)}`;
    return {
      packages: [],
      warnings: [{ code: 'FINDER_PARSE', message, subject: file.path, source: 'npm' }],
    };
  }
}
