import type { Distribution } from '../../../model/distribution.js';
import type { PackageRecord } from '../../../model/package.js';
import type { AffectedRow } from '../../vulndb/model.js';
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

/** `8.10` from VERSION_ID `8.10`; undefined when the image names only its major release. */
function minorRelease(dist: Distribution | undefined): string | undefined {
  return dist ? /^(\d+\.\d+)/.exec(dist.versionId)?.[1] : undefined;
}

/**
 * The RHEL platform products. Mainline (`enterprise_linux`) and Extended Life (`rhel_els`) are
 * per major release; the others keep one MINOR release alive after the next one ships (Extended
 * Update Support, Advanced Update Support, Update Services for SAP / E4S, Telecommunications
 * Update Service) and their fixes are built for that minor release only (`…+el8.2.0+…`).
 * Layered products (`openshift:4.14::el9`, `satellite:6.15::el8`, `jboss_…:7`) carry a product
 * version, not a RHEL release, and ship from repositories a base image does not have.
 * Rocky's OVAL rows carry `rocky:rocky:<N>`.
 */
const MAJOR_PRODUCTS = new Set(['redhat:enterprise_linux', 'redhat:rhel_els', 'rocky:rocky']);
const MINOR_STREAM_PRODUCTS = new Set(
  ['enterprise_linux_eus', 'rhel_eus', 'rhel_eus_long_life', 'rhel_aus', 'rhel_e4s', 'rhel_tus'].map(
    (p) => `redhat:${p}`,
  ),
);

function cpeParts(cpe: string): string[] {
  return cpe.replace(/^cpe:\/[aoh]:/, '').split(':');
}

/**
 * `enterprise_linux:9` (or `rhel_eus:9.2`, `:9::appstream`) in a product CPE → `9`. Red Hat
 * statements name products; an image only tells its release, as claircore's RHEL matcher also
 * concludes when it has no repository CPEs from the content manifest. Undefined for a CPE that
 * is not a RHEL platform product (a layered product's version is not a RHEL release).
 */
export function cpeMajor(cpe: string): string | undefined {
  const [vendor = '', product = '', version = ''] = cpeParts(cpe);
  const key = `${vendor}:${product}`;
  if (!MAJOR_PRODUCTS.has(key) && !MINOR_STREAM_PRODUCTS.has(key)) return undefined;
  return /^(\d+)/.exec(version)?.[1];
}

/**
 * `rhel_aus:8.2::appstream` → `8.2`: the minor release a minor-stream product CPE is for;
 * undefined for mainline products (`enterprise_linux:8`, `enterprise_linux:10.0`) and ELS.
 */
export function cpeMinorStream(cpe: string): string | undefined {
  const [vendor = '', product = '', version = ''] = cpeParts(cpe);
  if (!MINOR_STREAM_PRODUCTS.has(`${vendor}:${product}`)) return undefined;
  return /^(\d+\.\d+)/.exec(version)?.[1] ?? version;
}

/**
 * Red Hat family: rows are per BINARY rpm name, with the product CPE and, for modular content,
 * the `name:stream` module. A row applies when its CPE is a RHEL platform product of the image's
 * major release (or it has none) and its module equals the package's (both
 * absent counts as equal). A minor-stream product's row (EUS/AUS/E4S/TUS, `rhel_aus:8.2`)
 * applies only to an image of that very minor release: an 8.10 image gets its packages from the
 * mainline repositories, where an 8.2 AUS build (`0.78-11.module+el8.2.0…`) is no fix.
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
  accepts(row: AffectedRow, pkg: PackageRecord, dist: Distribution | undefined): boolean {
    if (row.cpe) {
      if (cpeMajor(row.cpe) !== major(dist)) return false;
      const stream = cpeMinorStream(row.cpe);
      if (stream !== undefined && stream !== minorRelease(dist)) return false;
    }
    return (row.module ?? '') === (pkg.module ?? '');
  },
};
