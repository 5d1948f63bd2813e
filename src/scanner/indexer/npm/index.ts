import type { PackageRecord } from '../../../model/package.js';
import { isRampartError } from '../../../runtime/errors.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalesceNpm } from './coalesce-npm.js';
import { parsePackageJson } from './parse-package-json.js';
import { parsePackageLock } from './parse-package-lock.js';
import { parsePnpmLock } from './parse-pnpm-lock.js';
import { parseYarnLock } from './parse-yarn-lock.js';

const LOCKFILES: Record<string, (data: Buffer, location: string) => PackageRecord[]> = {
  'package-lock.json': parsePackageLock,
  'npm-shrinkwrap.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
};

/** A package.json at a package root inside node_modules (not one in its sub-folders). */
const INSTALLED_MANIFEST = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function underNodeModules(path: string): boolean {
  return path.startsWith('node_modules/') || path.includes('/node_modules/');
}

export const npmFinder = {
  name: 'npm',
  version: 1,
  kind: 'language',
  description:
    'Node.js packages: installed node_modules/*/package.json, app package.json, package-lock, yarn.lock, pnpm-lock',
  claims(path: string): boolean {
    const base = baseName(path);
    if (base === 'package.json') return !underNodeModules(path) || INSTALLED_MANIFEST.test(path);
    // A lockfile shipped inside an installed package describes that package's development, not the image.
    return base in LOCKFILES && !underNodeModules(path);
  },
  find(file: LayerFile, _ctx: FinderContext): FinderResult {
    const base = baseName(file.path);
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
  },
  coalesce: coalesceNpm,
} satisfies PackageFinder;
