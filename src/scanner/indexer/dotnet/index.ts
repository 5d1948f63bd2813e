import { describeError, RampartError } from '../../../runtime/errors.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { parseDepsJson } from './parse-deps-json.js';
import { parsePackagesConfig } from './parse-packages-config.js';
import { parsePackagesLock } from './parse-packages-lock.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function find(file: LayerFile, _ctx: FinderContext): FinderResult {
  const base = baseName(file.path);
  const text = file.data.toString('utf8').replace(/^\uFEFF/, '');
  try {
    if (base === 'packages.lock.json') return { packages: parsePackagesLock(text, file.path), warnings: [] };
    if (base === 'packages.config') return { packages: parsePackagesConfig(text, file.path), warnings: [] };
    return { packages: parseDepsJson(text, file.path), warnings: [] };
  } catch (err) {
    // Any failure on a hostile file is a warning: the rest of the layer is still scanned.
    const code = err instanceof RampartError ? err.code : 'INDEXER_DOTNET_UNREADABLE';
    const message =
      err instanceof RampartError
        ? err.message
        : `${base} could not be read (${describeError(err)}); its packages are not reported`;
    return { packages: [], warnings: [{ code, message, subject: file.path, source: 'dotnet' }] };
  }
}

export const dotnetFinder = {
  name: 'dotnet',
  version: 1,
  kind: 'language',
  description:
    '.NET packages from *.deps.json (published apps), NuGet packages.lock.json and packages.config',
  claims(path: string): boolean {
    const base = baseName(path);
    return base.endsWith('.deps.json') || base === 'packages.lock.json' || base === 'packages.config';
  },
  find,
} satisfies PackageFinder;
