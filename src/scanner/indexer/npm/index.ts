import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalesceNpm } from './coalesce-npm.js';

/** The lockfiles read (find-npm.ts holds their parsers). */
const LOCKFILE_NAMES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);

/** A package.json at a package root inside node_modules (not one in its sub-folders). */
const INSTALLED_MANIFEST = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function underNodeModules(path: string): boolean {
  return path.startsWith('node_modules/') || path.includes('/node_modules/');
}

/** The parsers load on the first claimed file. */
let parser: Promise<typeof import('./find-npm.js')> | undefined;

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
    return LOCKFILE_NAMES.has(base) && !underNodeModules(path);
  },
  async find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
    const { findNpm } = await (parser ??= import('./find-npm.js'));
    return findNpm(file);
  },
  coalesce: coalesceNpm,
} satisfies PackageFinder;
