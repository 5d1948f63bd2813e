import type { Distribution } from '../../../model/distribution.js';
import type { PackageRecord } from '../../../model/package.js';
import { debianReleases } from '../../vulndb/feeds/debian-releases.js';
import { packageKey } from '../../vulndb/ecosystem-key.js';
import type { MatchGap, MatchQuery, MatchRule } from '../contracts.js';

/** End of (LTS) support per Debian major release, from Debian's release and LTS pages. */
const DEBIAN_EOL: Readonly<Record<string, string>> = {
  '7': '2018-05-31',
  '8': '2020-06-30',
  '9': '2022-06-30',
  '10': '2024-06-30',
  '11': '2026-08-31',
  '12': '2028-06-30',
  '13': '2030-06-30',
};

/** `12` from VERSION_ID `12` or `12.5`, else from the codename (testing images have no VERSION_ID). */
export function debianMajor(dist: Distribution): string | undefined {
  const m = /^(\d+)/.exec(dist.versionId);
  if (m) return m[1];
  return dist.versionCodename ? debianReleases[dist.versionCodename.toLowerCase()] : undefined;
}

/**
 * Debian: the tracker speaks of SOURCE packages and source versions per release, so a binary
 * (`libssl3`) is looked up as its source (`openssl`) with the source version when dpkg records
 * one (binNMU binaries carry `+bN` the tracker never lists).
 */
export const debianRule: MatchRule = {
  key: 'debian',
  claims: (pkg, dist) => pkg.type === 'deb' && dist?.id === 'debian',
  query(pkg: PackageRecord, dist: Distribution | undefined): MatchQuery | MatchGap {
    const major = dist ? debianMajor(dist) : undefined;
    if (!major) {
      return {
        gap: 'MATCH_DISTRO_UNKNOWN',
        subject: dist?.prettyName ?? 'debian',
        message: `Debian release of ${dist?.prettyName ?? 'the image'} is unknown (no VERSION_ID or known codename): its OS packages were not matched`,
      };
    }
    const ecosystem = `Debian:${major}`;
    const name = pkg.source?.name ?? pkg.name;
    return {
      ecosystem,
      names: [packageKey(ecosystem, name)],
      version: pkg.source?.version ?? pkg.version,
      scheme: 'dpkg',
    };
  },
  endOfLife: (dist) => {
    const major = debianMajor(dist);
    return major ? DEBIAN_EOL[major] : undefined;
  },
};
