import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';

/** Where rpm keeps its database (classic and /usr/lib/sysimage), in all three formats. */
const DB_PATHS = new Set(
  ['var/lib/rpm', 'usr/lib/sysimage/rpm', 'usr/share/rpm'].flatMap((dir) => [
    `${dir}/Packages`,
    `${dir}/Packages.db`,
    `${dir}/rpmdb.sqlite`,
  ]),
);

/** The parsers (SQLite among them) load on the first claimed file. */
let parser: Promise<typeof import('./find-rpm.js')> | undefined;

async function find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
  const { findRpm } = await (parser ??= import('./find-rpm.js'));
  return findRpm(file);
}

export const rpmFinder = {
  name: 'rpm',
  version: 1,
  kind: 'os',
  description: 'RPM packages from the rpm database in SQLite, Berkeley DB hash or NDB format, read natively',
  claims: (path: string): boolean => DB_PATHS.has(path),
  find,
} satisfies PackageFinder;
