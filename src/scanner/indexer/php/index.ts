import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalescePhp } from './coalesce-php.js';

const INSTALLED = /(?:^|\/)vendor\/composer\/installed\.json$/;
const LOCKFILE = /(?:^|\/)composer\.lock$/;
/** A lockfile shipped inside an installed package (vendor/acme/lib/composer.lock) is that package's. */
const INSIDE_VENDOR = /(?:^|\/)vendor\/[^/]+\/[^/]+\//;

/** The parsers load on the first claimed file. */
let parser: Promise<typeof import('./find-php.js')> | undefined;

export const phpFinder = {
  name: 'php',
  version: 1,
  kind: 'language',
  description:
    'PHP Composer packages: vendor/composer/installed.json (v1 and v2); composer.lock when not installed',
  claims(path: string): boolean {
    return INSTALLED.test(path) || (LOCKFILE.test(path) && !INSIDE_VENDOR.test(path));
  },
  async find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
    const { findPhp } = await (parser ??= import('./find-php.js'));
    return findPhp(file, INSTALLED.test(file.path));
  },
  coalesce: coalescePhp,
} satisfies PackageFinder;
