import type { Distribution } from '../../../model/distribution.js';
import type { PackageRecord } from '../../../model/package.js';
import { packageKey } from '../../vulndb/ecosystem-key.js';
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

/**
 * Ubuntu: like Debian, rows are per SOURCE package and release (`Ubuntu:22.04`). Rows of the
 * Ubuntu Pro/ESM pockets are not for a plain image and are skipped.
 */
export const ubuntuRule: MatchRule = {
  key: 'ubuntu',
  claims: (pkg, dist) => pkg.type === 'deb' && dist?.id === 'ubuntu',
  query(pkg: PackageRecord, dist: Distribution | undefined): MatchQuery | MatchGap {
    const m = dist ? /^(\d+\.\d+)/.exec(dist.versionId) : null;
    if (!m) {
      return {
        gap: 'MATCH_DISTRO_UNKNOWN',
        subject: dist?.prettyName ?? 'ubuntu',
        message: `Ubuntu release of ${dist?.prettyName ?? 'the image'} is unknown (no VERSION_ID): its OS packages were not matched`,
      };
    }
    const ecosystem = `Ubuntu:${m[1]}`;
    return {
      ecosystem,
      names: [packageKey(ecosystem, pkg.source?.name ?? pkg.name)],
      version: pkg.source?.version ?? pkg.version,
      scheme: 'dpkg',
    };
  },
  accepts: (row) => row.pocket === undefined,
  endOfLife: (dist) => UBUNTU_EOL[/^(\d+\.\d+)/.exec(dist.versionId)?.[1] ?? ''],
};
