import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { parseRpmdb } from './parse-rpmdb.js';

/** Where rpm keeps its database (classic and /usr/lib/sysimage), in all three formats. */
const DB_PATHS = new Set(
  ['var/lib/rpm', 'usr/lib/sysimage/rpm', 'usr/share/rpm'].flatMap((dir) => [
    `${dir}/Packages`,
    `${dir}/Packages.db`,
    `${dir}/rpmdb.sqlite`,
  ]),
);

function find(file: LayerFile, _ctx: FinderContext): FinderResult {
  return parseRpmdb(file.data, file.path);
}

export const rpmFinder = {
  name: 'rpm',
  version: 1,
  kind: 'os',
  description: 'RPM packages from the rpm database in SQLite, Berkeley DB hash or NDB format, read natively',
  claims: (path: string): boolean => DB_PATHS.has(path),
  find,
} satisfies PackageFinder;
