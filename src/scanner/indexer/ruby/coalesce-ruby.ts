import type { PackageRecord } from '../../../model/package.js';

/**
 * Image-level rule: an installed gem is what `require` loads. A Gemfile.lock entry is dropped
 * when a gem of the same name is installed anywhere in the image (gems install into a shared
 * GEM_HOME or a vendor/bundle folder, not next to the lockfile, so the rule is by name);
 * entries for gems installed nowhere stay.
 */
export function coalesceRuby(packages: PackageRecord[]): PackageRecord[] {
  const installed = new Set<string>();
  for (const p of packages) if (p.evidence === 'installed') installed.add(p.name);
  if (installed.size === 0) return packages;
  return packages.filter((p) => p.evidence !== 'lockfile' || !installed.has(p.name));
}
