import type { PackageRecord } from '../../../model/package.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { isExecutablePath } from '../is-executable-path.js';
import { binaryFinderResult } from './find-in-binary.js';
import { parseGoMod } from './parse-go-mod.js';
import { parseGoSum } from './parse-go-sum.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

function find(file: LayerFile, _ctx: FinderContext): FinderResult {
  const base = baseName(file.path);
  if (base === 'go.mod')
    return { packages: parseGoMod(file.data.toString('utf8'), file.path).packages, warnings: [] };
  if (base === 'go.sum') return { packages: parseGoSum(file.data.toString('utf8'), file.path), warnings: [] };
  return binaryFinderResult(file);
}

/** A go.sum beside a go.mod adds nothing the go.mod does not already say: the go.mod wins. */
function coalesce(packages: PackageRecord[]): PackageRecord[] {
  const modDirs = new Set(
    packages.filter((p) => baseName(p.location) === 'go.mod').map((p) => dirName(p.location)),
  );
  return packages.filter((p) => baseName(p.location) !== 'go.sum' || !modDirs.has(dirName(p.location)));
}

export const golangFinder = {
  name: 'golang',
  version: 1,
  kind: 'language',
  description: 'Go modules from the build info embedded in Go binaries (ELF, PE, Mach-O), go.mod and go.sum',
  claims(path: string): boolean {
    const base = baseName(path);
    return base === 'go.mod' || base === 'go.sum' || isExecutablePath(path);
  },
  find,
  coalesce,
} satisfies PackageFinder;
