import { isRampartError } from '../../../runtime/errors.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalesceRuby } from './coalesce-ruby.js';
import { parseGemfileLock } from './parse-gemfile-lock.js';
import { parseGemspec } from './parse-gemspec.js';

/** Installed gem specifications, default gems included (`specifications/default/`). */
const GEMSPEC = /(?:^|\/)specifications\/(?:default\/)?[^/]+\.gemspec$/;
const LOCKFILE = /(?:^|\/)(?:Gemfile\.lock|gems\.locked)$/;
/** A lockfile inside an installed gem's folder describes that gem's own development. */
const INSIDE_GEM = /(?:^|\/)gems\/[^/]+\//;

export const rubyFinder = {
  name: 'ruby',
  version: 1,
  kind: 'language',
  description: 'Ruby gems: installed specifications/*.gemspec; Gemfile.lock when not installed',
  claims(path: string): boolean {
    return GEMSPEC.test(path) || (LOCKFILE.test(path) && !INSIDE_GEM.test(path));
  },
  find(file: LayerFile, _ctx: FinderContext): FinderResult {
    try {
      if (GEMSPEC.test(file.path)) return { packages: [parseGemspec(file.data, file.path)], warnings: [] };
      return { packages: parseGemfileLock(file.data, file.path), warnings: [] };
    } catch (err) {
      const message = isRampartError(err) ? err.message : `${file.path} could not be read: ${String(err)}`;
      return {
        packages: [],
        warnings: [{ code: 'FINDER_PARSE', message, subject: file.path, source: 'ruby' }],
      };
    }
  },
  coalesce: coalesceRuby,
} satisfies PackageFinder;
