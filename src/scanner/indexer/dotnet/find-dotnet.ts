import { describeError, RampartError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { parseDepsJson } from './parse-deps-json.js';
import { parsePackagesConfig } from './parse-packages-config.js';
import { parsePackagesLock } from './parse-packages-lock.js';

/** Read a *.deps.json, packages.lock.json or packages.config; a broken file is a warning. */
export function findDotnet(file: LayerFile): FinderResult {
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
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
