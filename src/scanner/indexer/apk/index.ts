import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { parseInstalled } from './parse-installed.js';

/**
 * The classic location, and the one of usr-merged images (Wolfi/Chainguard since 2025, apk-tools 3),
 * where `lib` is a symlink to `usr/lib` so the file itself lives under `usr/lib`.
 */
const INSTALLED = new Set(['lib/apk/db/installed', 'usr/lib/apk/db/installed']);

function find(file: LayerFile, _ctx: FinderContext): FinderResult {
  return parseInstalled(file.data.toString('utf8'), file.path);
}

export const apkFinder = {
  name: 'apk',
  version: 1,
  kind: 'os',
  description:
    'Alpine, Wolfi and Chainguard packages from lib/apk/db/installed, with the files each package owns',
  claims: (path: string): boolean => INSTALLED.has(path),
  find,
} satisfies PackageFinder;
