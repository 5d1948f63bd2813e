import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { parseInstalled } from './parse-installed.js';

const INSTALLED = 'lib/apk/db/installed';

function find(file: LayerFile, _ctx: FinderContext): FinderResult {
  return parseInstalled(file.data.toString('utf8'), file.path);
}

export const apkFinder = {
  name: 'apk',
  version: 1,
  kind: 'os',
  description:
    'Alpine, Wolfi and Chainguard packages from lib/apk/db/installed, with the files each package owns',
  claims: (path: string): boolean => path === INSTALLED,
  find,
} satisfies PackageFinder;
