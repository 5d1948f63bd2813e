import type { PackageRecord } from '../../../model/package.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { isExecutablePath } from '../is-executable-path.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

/** The parsers load on the first claimed file. */
let parser: Promise<typeof import('./find-golang.js')> | undefined;

async function find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
  const { findGolang } = await (parser ??= import('./find-golang.js'));
  return findGolang(file);
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
