import { PackageURL } from 'packageurl-js';

import type { Distribution } from '../../model/distribution.js';
import type { PackageRecord } from '../../model/package.js';
import type { DistributionCandidate } from './contracts.js';

/** Best distribution answer: lowest priority value; on a tie the higher layer wins. */
export function pickDistribution(
  cands: { cand: DistributionCandidate; layer: number }[],
): Distribution | undefined {
  let best: { cand: DistributionCandidate; layer: number } | undefined;
  for (const c of cands) {
    if (
      !best ||
      c.cand.priority < best.cand.priority ||
      (c.cand.priority === best.cand.priority && c.layer > best.layer)
    )
      best = c;
  }
  return best?.cand.distribution;
}

/**
 * Mark language packages whose files an OS package installed (python3-requests' egg-info, a
 * Debian-packaged node module): they are reported, marked with the owner, not dropped.
 */
export function assignOwnership(packages: PackageRecord[], owned: Map<string, string>): void {
  if (owned.size === 0) return;
  for (const p of packages) {
    if (p.kind !== 'language') continue;
    let path: string | undefined = p.location;
    // The package's own file, or the directory that holds it (dist-info/egg-info dirs).
    for (let depth = 0; path && depth < 2; depth++) {
      const owner = owned.get(path);
      if (owner) {
        p.ownedByOsPackage = owner;
        break;
      }
      path = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
    }
  }
}

/** purl namespace per distribution id (package-url spec examples: debian, ubuntu, alpine, redhat, fedora …). */
const PURL_NAMESPACE: Record<string, string> = {
  rhel: 'redhat',
  ol: 'oracle',
  sles: 'suse',
  'opensuse-leap': 'opensuse',
};

/** OS package purls carry the distribution as namespace and `distro=<id>-<version>` qualifier. */
export function qualifyOsPurls(packages: PackageRecord[], distro: Distribution | undefined): void {
  for (const p of packages) {
    if (p.kind !== 'os') continue;
    const qualifiers: Record<string, string> = {};
    if (p.arch) qualifiers.arch = p.arch;
    if (p.epoch !== undefined && p.epoch !== 0 && p.type === 'rpm') qualifiers.epoch = String(p.epoch);
    if (distro) qualifiers.distro = distro.versionId ? `${distro.id}-${distro.versionId}` : distro.id;
    if (p.source?.name && p.source.name !== p.name) {
      qualifiers.upstream = p.source.version ? `${p.source.name}@${p.source.version}` : p.source.name;
    }
    const namespace = distro ? (PURL_NAMESPACE[distro.id] ?? distro.id) : undefined;
    const version = p.type === 'rpm' && p.epoch ? p.version.replace(/^\d+:/, '') : p.version;
    p.purl = new PackageURL(p.type, namespace, p.name, version, sortKeys(qualifiers), undefined).toString();
  }
}

function sortKeys(q: Record<string, string>): Record<string, string> | undefined {
  const keys = Object.keys(q).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, q[k]!]));
}
