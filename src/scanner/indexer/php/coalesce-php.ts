import type { PackageRecord } from '../../../model/package.js';

const INSTALLED_SUFFIX = 'vendor/composer/installed.json';

/**
 * Image-level rule: `<dir>/vendor/composer/installed.json` lists what Composer actually
 * installed for the project in `<dir>`. When it exists, the project's `<dir>/composer.lock`
 * adds nothing true (dev packages skipped by `--no-dev` are not on disk), so its entries are
 * dropped. A lockfile with no installed vendor folder beside it stays.
 */
export function coalescePhp(packages: PackageRecord[]): PackageRecord[] {
  const installedProjects = new Set<string>();
  for (const p of packages) {
    if (p.evidence === 'installed' && p.location.endsWith(INSTALLED_SUFFIX)) {
      installedProjects.add(p.location.slice(0, -INSTALLED_SUFFIX.length));
    }
  }
  if (installedProjects.size === 0) return packages;
  return packages.filter((p) => {
    if (p.evidence !== 'lockfile') return true;
    const dir = p.location.slice(0, p.location.lastIndexOf('/') + 1);
    return !installedProjects.has(dir);
  });
}
