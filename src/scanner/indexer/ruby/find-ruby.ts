import { isRampartError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { parseGemfileLock } from './parse-gemfile-lock.js';
import { parseGemspec } from './parse-gemspec.js';

/** Read an installed gemspec (`gemspec`) or a Gemfile.lock; a broken file is a warning. */
export function findRuby(file: LayerFile, gemspec: boolean): FinderResult {
  try {
    if (gemspec) return { packages: [parseGemspec(file.data, file.path)], warnings: [] };
    return { packages: parseGemfileLock(file.data, file.path), warnings: [] };
  } catch (err) {
    const message = isRampartError(err) ? err.message : `${file.path} could not be read: ${String(err)}`;
    return {
      packages: [],
      warnings: [{ code: 'FINDER_PARSE', message, subject: file.path, source: 'ruby' }],
    };
  }
}
