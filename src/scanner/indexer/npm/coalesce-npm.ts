import type { PackageRecord } from '../../../model/package.js';

/**
 * Image-level rule: an installed tree is the truth about what runs. When any package is
 * installed under `<dir>/node_modules/`, every lockfile entry read from `<dir>` (package-lock,
 * yarn.lock, pnpm-lock) is dropped: the installed copies are reported from their own
 * package.json, and lockfile entries that were never installed (dev dependencies pruned by
 * `npm ci --omit=dev`, a stale lockfile) are not on disk. A lockfile whose directory has no
 * installed packages is all we know, so its entries stay (evidence `lockfile`).
 */
export function coalesceNpm(packages: PackageRecord[]): PackageRecord[] {
  const installedRoots = new Set<string>();
  for (const p of packages) {
    if (p.evidence !== 'installed') continue;
    const root = installRoot(p.location);
    if (root !== undefined) installedRoots.add(root);
  }
  if (installedRoots.size === 0) return packages;
  return packages.filter((p) => p.evidence !== 'lockfile' || !installedRoots.has(dirOf(p.location)));
}

/** `app/node_modules/a/node_modules/b/package.json` → `app`; undefined when not under node_modules. */
function installRoot(location: string): string | undefined {
  if (location.startsWith('node_modules/')) return '';
  const at = location.indexOf('/node_modules/');
  return at === -1 ? undefined : location.slice(0, at);
}

function dirOf(location: string): string {
  const slash = location.lastIndexOf('/');
  return slash === -1 ? '' : location.slice(0, slash);
}
