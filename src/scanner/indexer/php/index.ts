import { isRampartError } from '../../../runtime/errors.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalescePhp } from './coalesce-php.js';
import { parseComposerLock } from './parse-composer-lock.js';
import { parseInstalledJson } from './parse-installed-json.js';

const INSTALLED = /(?:^|\/)vendor\/composer\/installed\.json$/;
const LOCKFILE = /(?:^|\/)composer\.lock$/;
/** A lockfile shipped inside an installed package (vendor/acme/lib/composer.lock) is that package's. */
const INSIDE_VENDOR = /(?:^|\/)vendor\/[^/]+\/[^/]+\//;

export const phpFinder = {
  name: 'php',
  version: 1,
  kind: 'language',
  description:
    'PHP Composer packages: vendor/composer/installed.json (v1 and v2); composer.lock when not installed',
  claims(path: string): boolean {
    return INSTALLED.test(path) || (LOCKFILE.test(path) && !INSIDE_VENDOR.test(path));
  },
  find(file: LayerFile, _ctx: FinderContext): FinderResult {
    try {
      const parse = INSTALLED.test(file.path) ? parseInstalledJson : parseComposerLock;
      return { packages: parse(file.data, file.path), warnings: [] };
    } catch (err) {
      const message = isRampartError(err) ? err.message : `${file.path} could not be read: ${String(err)}`;
      return {
        packages: [],
        warnings: [{ code: 'FINDER_PARSE', message, subject: file.path, source: 'php' }],
      };
    }
  },
  coalesce: coalescePhp,
} satisfies PackageFinder;
