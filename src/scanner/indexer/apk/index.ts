import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';

/**
 * The classic location, and the one of usr-merged images (Wolfi/Chainguard since 2025, apk-tools 3),
 * where `lib` is a symlink to `usr/lib` so the file itself lives under `usr/lib`.
 */
const INSTALLED = new Set(['lib/apk/db/installed', 'usr/lib/apk/db/installed']);

/** The parser loads on the first claimed file, so a scan that never needs it never pays for it. */
let parser: Promise<typeof import('./find-apk.js')> | undefined;

async function find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
  const { findApk } = await (parser ??= import('./find-apk.js'));
  return findApk(file);
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
