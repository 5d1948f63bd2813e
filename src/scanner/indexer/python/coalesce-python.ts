import type { PackageRecord } from '../../../model/package.js';

/**
 * Image-level rule: an installed distribution is what Python imports, whatever a lockfile or
 * requirements file asks for. A lockfile entry is dropped when a distribution of the same
 * (PEP 503-normalised) name is installed anywhere in the image; entries for projects that are
 * installed nowhere stay, as the only evidence there is. Site-packages and lockfiles are not
 * tied by directory (a virtualenv can live anywhere), so the rule is by name, not by folder.
 */
export function coalescePython(packages: PackageRecord[]): PackageRecord[] {
  const installed = new Set<string>();
  for (const p of packages) if (p.evidence === 'installed') installed.add(p.name);
  if (installed.size === 0) return packages;
  return packages.filter((p) => p.evidence !== 'lockfile' || !installed.has(p.name));
}
