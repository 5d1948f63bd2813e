import { isRampartError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { parseComposerLock } from './parse-composer-lock.js';
import { parseInstalledJson } from './parse-installed-json.js';

/** Read vendor/composer/installed.json (`installed`) or a composer.lock; a broken file is a warning. */
export function findPhp(file: LayerFile, installed: boolean): FinderResult {
  try {
    const parse = installed ? parseInstalledJson : parseComposerLock;
    return { packages: parse(file.data, file.path), warnings: [] };
  } catch (err) {
    const message = isRampartError(err) ? err.message : `${file.path} could not be read: ${String(err)}`;
    return {
      packages: [],
      warnings: [{ code: 'FINDER_PARSE', message, subject: file.path, source: 'php' }],
    };
  }
}
