import type { PackageRecord } from '../../../model/package.js';
import { describeError } from '../../../runtime/errors.js';
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
  if (base !== 'go.mod' && base !== 'go.sum') return binaryFinderResult(file);
  const text = file.data.toString('utf8');
  try {
    const packages = base === 'go.mod' ? parseGoMod(text, file.path).packages : parseGoSum(text, file.path);
    return { packages, warnings: [] };
  } catch (err) {
    const message = `${base} could not be read (${describeError(err)}); its modules are not reported`;
    return {
      packages: [],
      warnings: [{ code: 'INDEXER_GO_MOD_MALFORMED', message, subject: file.path, source: 'golang' }],
    };
  }
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
