import type { Distribution } from '../../../model/distribution.js';
import type { PackageRecord } from '../../../model/package.js';
import type { Candidate } from '../../vulndb/model.js';
import type { MatchGap, MatchQuery, MatchRule } from '../contracts.js';

/** os-release ids of the Red Hat family and the ecosystem their statements are written under. */
const FAMILY: Readonly<Record<string, string>> = {
  rhel: 'Red Hat',
  centos: 'Red Hat',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
};

function major(dist: Distribution | undefined): string | undefined {
  return dist ? /^(\d+)/.exec(dist.versionId)?.[1] : undefined;
}

/**
 * `enterprise_linux:9` (or `rhel_eus:9.2`, `:9::appstream`) in a product CPE → `9`. Red Hat
 * statements name products; an image only tells its major release, as claircore's RHEL matcher
 * also concludes when it has no repository CPEs from the content manifest.
 */
export function cpeMajor(cpe: string): string | undefined {
  const parts = cpe.replace(/^cpe:\/[aoh]:/, '').split(':');
  if (parts[0] !== 'redhat') return undefined;
  return /^(\d+)/.exec(parts[2] ?? '')?.[1];
}

/**
 * Red Hat family: rows are per BINARY rpm name, with the product CPE and, for modular content,
 * the `name:stream` module. A row applies when its CPE is for the image's major release (or it
 * has none, as Rocky's rows) and its module equals the package's (both absent counts as equal).
 */
export const rhelRule: MatchRule = {
  key: 'rhel',
  claims: (pkg, dist) => pkg.type === 'rpm' && (dist?.id ?? '') in FAMILY,
  query(pkg: PackageRecord, dist: Distribution | undefined): MatchQuery | MatchGap {
    const m = major(dist);
    const base = FAMILY[dist?.id ?? '']!;
    if (!m) {
      return {
        gap: 'MATCH_DISTRO_UNKNOWN',
        subject: dist?.prettyName ?? base,
        message: `release of ${dist?.prettyName ?? base} is unknown (no VERSION_ID): its rpm packages were not matched`,
      };
    }
    const ecosystem = base === 'Red Hat' ? 'Red Hat' : `${base}:${m}`;
    const epoch = pkg.epoch !== undefined && !pkg.version.includes(':') ? `${pkg.epoch}:` : '';
    return { ecosystem, names: [pkg.name], version: `${epoch}${pkg.version}`, scheme: 'rpm' };
  },
  accepts(row: Candidate, pkg: PackageRecord, dist: Distribution | undefined): boolean {
    if (row.cpe && cpeMajor(row.cpe) !== major(dist)) return false;
    return (row.module ?? '') === (pkg.module ?? '');
  },
};
