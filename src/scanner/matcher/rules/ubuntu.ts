import type { Distribution } from '../../../model/distribution.js';
import type { PackageRecord } from '../../../model/package.js';
import { packageKey } from '../../vulndb/ecosystem-key.js';
import { ubuntuReleases } from '../../vulndb/feeds/ubuntu-releases.js';
import type { AffectedRow } from '../../vulndb/model.js';
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

/** A row of the USN OVAL: named by the BINARY package, compared with the binary version. */
function binaryRow(row: AffectedRow): boolean {
  return row.extra?.binary === true;
}

/**
 * Ubuntu: like Debian, rows are per SOURCE package and release (`Ubuntu:22.04`). Rows of the
 * Ubuntu Pro/ESM pockets (`pocket` set) are skipped for a plain image and used for a package
 * that is itself a Pro build.
 *
 * USN OVAL rows (`extra.binary`) name the BINARY package: the package is also looked up under
 * its own name, such a row applies only to the binary it names and is compared with the
 * binary's version. OVAL's check is "this binary of this release below the fix", whatever the
 * archive it came from, so a Pro-only fix (`pocket: pro`) applies to a plain image too: the
 * finding's note says the fix is available with Ubuntu Pro.
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
    const source = packageKey(ecosystem, pkg.source?.name ?? pkg.name);
    const binary = packageKey(ecosystem, pkg.name);
    return {
      ecosystem,
      names: source === binary ? [source] : [source, binary],
      version: pkg.source?.version ?? pkg.version,
      scheme: 'dpkg',
    };
  },
  accepts(row, pkg) {
    if (binaryRow(row)) return row.name === packageKey(row.ecosystem, pkg.name);
    // A source-package row looked up under the binary's name is another package's.
    if (row.name !== packageKey(row.ecosystem, pkg.source?.name ?? pkg.name)) return false;
    return row.pocket === undefined || proBuild(pkg, row.pocket);
  },
  // A Pro build comes from the Pro archive: where Pro rows speak for a vulnerability (accepted
  // only for Pro builds), the main archive's row ("unfixed" there) does not describe this build.
  decisive(rows) {
    if (!rows.some((r) => r.pocket !== undefined && !binaryRow(r))) return rows;
    return rows.filter((r) => r.pocket !== undefined || binaryRow(r));
  },
  rowVersion: (row, pkg) => (binaryRow(row) ? pkg.version : (pkg.source?.version ?? pkg.version)),
  rowNote(row) {
    if (!binaryRow(row) || row.pocket === undefined) return undefined;
    const fix = row.fixedVersions[0];
    return `${fix ? `the fix (${fix}) is` : 'fixes are'} available with Ubuntu Pro (${row.pocket === 'pro-fips' ? 'FIPS' : 'ESM'}) only`;
  },
  endOfLife: (dist) => UBUNTU_EOL[ubuntuRelease(dist) ?? ''],
};
