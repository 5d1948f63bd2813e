import type { FinderContext, LayerFile } from '../../src/scanner/indexer/contracts.js';
import { defaultLimits } from '../../src/runtime/limits.js';
import { silentLogger } from '../../src/runtime/log.js';

/** A LayerFile for a finder test: `data` as given (a string is UTF-8 encoded), mode 0644. */
export function layerFileOf(path: string, data: string | Buffer | Uint8Array): LayerFile {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  return { path, data: buf, size: buf.length, mode: 0o644 };
}

/** A quiet FinderContext with the default limits. */
export const finderContext: FinderContext = { log: silentLogger, limits: defaultLimits };
