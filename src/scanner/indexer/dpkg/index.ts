import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { dpkgChildName, DPKG_INFO, DPKG_STATUS, DPKG_STATUS_D } from './dpkg-paths.js';

/** The parsers load on the first claimed file. */
let parser: Promise<typeof import('./find-dpkg.js')> | undefined;

async function find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
  const { findDpkg } = await (parser ??= import('./find-dpkg.js'));
  return findDpkg(file);
}

export const dpkgFinder = {
  name: 'dpkg',
  version: 1,
  kind: 'os',
  description:
    'Debian packages from var/lib/dpkg/status and distroless status.d/, with the files each package owns (info/*.list, status.d/*.md5sums)',
  claims(path: string): boolean {
    if (path === DPKG_STATUS) return true;
    if (dpkgChildName(path, DPKG_STATUS_D) !== undefined) return true;
    return dpkgChildName(path, DPKG_INFO)?.endsWith('.list') ?? false;
  },
  find,
} satisfies PackageFinder;
