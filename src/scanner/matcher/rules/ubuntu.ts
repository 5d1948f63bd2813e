import type { Distribution } from '../../../model/distribution.js';
import type { PackageRecord } from '../../../model/package.js';
import { packageKey } from '../../vulndb/ecosystem-key.js';
import { ubuntuReleases } from '../../vulndb/feeds/ubuntu/ubuntu-releases.js';
import type { MatchGap, MatchQuery, MatchRule } from '../contracts.js';

/** End of standard support per Ubuntu release (LTS: 5 years; interim: 9 months). */
const UBUNTU_EOL: Readonly<Record<string, string>> = {
  '16.04': '2021-04-30',
  '18.04': '2023-05-31',
  '20.04': '2025-05-31',
  '22.04': '2027-06-30',
  '23.04': '2024-01-25',
  '23.10': '2024-07-11',
  '24.04': '2029-05-31',
  '24.10': '2025-07-10',
  '25.04': '2026-01-15',
};

/** `22.04` from VERSION_ID `22.04`, else from the codename (`jammy`). */
export function ubuntuRelease(dist: Distribution): string | undefined {
  const m = /^(\d+\.\d+)/.exec(dist.versionId);
  if (m) return m[1];
  return dist.versionCodename ? ubuntuReleases[dist.versionCodename.toLowerCase()] : undefined;
}

/**
 * Whether a row of an Ubuntu Pro pocket is about this installed package: only when the package
 * itself is a Pro build (`…+esm3`, `…~esm1`; FIPS builds carry `fips`), i.e. the image has the
 * Pro archive attached. A plain image cannot install those fixes.
 */
function proBuild(pkg: PackageRecord, pocket: string): boolean {
  const v = pkg.source?.version ?? pkg.version;
  return pocket === 'pro-fips' ? /fips/i.test(v) : /[+~]esm\d/.test(v);
}

/**
 * Ubuntu: like Debian, rows are per SOURCE package and release (`Ubuntu:22.04`). Rows of the
 * Ubuntu Pro/ESM pockets (`pocket` set) are skipped for a plain image and used for a package
 * that is itself a Pro build.
 */
export const ubuntuRule: MatchRule = {
  key: 'ubuntu',
  claims: (pkg, dist) => pkg.type === 'deb' && dist?.id === 'ubuntu',
  query(pkg: PackageRecord, dist: Distribution | undefined): MatchQuery | MatchGap {
    const release = dist ? ubuntuRelease(dist) : undefined;
    if (!release) {
      return {
        gap: 'MATCH_DISTRO_UNKNOWN',
        subject: dist?.prettyName ?? 'ubuntu',
        message: `Ubuntu release of ${dist?.prettyName ?? 'the image'} is unknown (no VERSION_ID or known codename): its OS packages were not matched`,
      };
    }
    const ecosystem = `Ubuntu:${release}`;
    return {
      ecosystem,
      names: [packageKey(ecosystem, pkg.source?.name ?? pkg.name)],
      version: pkg.source?.version ?? pkg.version,
      scheme: 'dpkg',
    };
  },
  accepts: (row, pkg) => row.pocket === undefined || proBuild(pkg, row.pocket),
  endOfLife: (dist) => UBUNTU_EOL[ubuntuRelease(dist) ?? ''],
};
