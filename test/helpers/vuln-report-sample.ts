/**
 * A hand-built VulnReport for the renderer tests: a Debian image with OS and npm findings in
 * every state, severities from UNKNOWN to CRITICAL, CVSS v3.1 and v4, an advisory with a link,
 * the same package at two paths, and two coverage-gap warnings. `sampleVulnReport(changes)`
 * returns a fresh copy each time.
 */
import type { Finding, FindingPackage, VulnReport } from '../../src/model/vuln-report.js';

const D = (c: string) => `sha256:${c.repeat(64)}`;

/** A summary no XML or JSON writer may pass through unescaped. */
export const NASTY_SUMMARY = 'Overflow in <parse> & "quote" \'tick\' ]]> \u0001 tab\there\nnew line';

const libssl: FindingPackage = {
  name: 'libssl3',
  version: '3.0.15-1~deb12u1',
  type: 'deb',
  kind: 'os',
  purl: 'pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12',
  location: 'var/lib/dpkg/status',
  source: { name: 'openssl', version: '3.0.15-1~deb12u1' },
  ecosystem: 'Debian:12',
  layer: { index: 0, diffId: D('c'), createdBy: '/bin/sh -c #(nop) ADD file:abc in /' },
};
const libcrypto: FindingPackage = {
  ...libssl,
  name: 'openssl',
  purl: libssl.purl.replace('libssl3', 'openssl'),
};
const zlib: FindingPackage = {
  ...libssl,
  name: 'zlib1g',
  version: '1:1.2.13.dfsg-1',
  purl: 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12',
  source: { name: 'zlib' },
};
const msA: FindingPackage = {
  name: 'ms',
  version: '2.0.0',
  type: 'npm',
  kind: 'language',
  purl: 'pkg:npm/ms@2.0.0',
  location: 'app/node_modules/ms/package.json',
  ecosystem: 'npm',
  layer: { index: 1, diffId: D('e'), createdBy: 'RUN npm ci' },
};
const msB: FindingPackage = { ...msA, location: 'app/node_modules/debug/node_modules/ms/package.json' };

function finding(p: FindingPackage, f: Partial<Finding> & Pick<Finding, 'id'>): Finding {
  return {
    package: p,
    aliases: [],
    advisories: [f.id],
    state: 'affected',
    fixedIn: [],
    severity: { name: 'LOW', source: 'vendor', vendorName: 'Debian' },
    cvss: { all: [] },
    links: [],
    ...f,
  };
}

const v31 = {
  version: '3.1' as const,
  score: 9.8,
  vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  source: 'nvd',
};
const v40 = {
  version: '4.0' as const,
  score: 8.7,
  vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  source: 'cna',
};

export function sampleFindings(): Finding[] {
  return [
    finding(libssl, {
      id: 'CVE-2024-0001',
      aliases: ['DEBIAN-CVE-2024-0001'],
      advisory: { name: 'DSA-5555-1', link: 'https://security-tracker.debian.org/tracker/DSA-5555-1' },
      fixedIn: ['3.0.16-1~deb12u1'],
      severity: { name: 'CRITICAL', source: 'nvd' },
      cvss: { v3: v31, v4: v40, all: [v31, v40] },
      epss: { probability: 0.91, percentile: 0.99 },
      kev: { dateAdded: '2024-02-01' },
      links: ['https://security-tracker.debian.org/tracker/CVE-2024-0001'],
      summary: NASTY_SUMMARY,
    }),
    finding(libcrypto, {
      id: 'CVE-2024-0001',
      state: 'unfixed',
      severity: { name: 'CRITICAL', source: 'nvd' },
      cvss: { v3: v31, all: [v31] },
      links: ['https://security-tracker.debian.org/tracker/CVE-2024-0001'],
    }),
    finding(libssl, {
      id: 'CVE-2024-0002',
      state: 'unknown',
      severity: { name: 'UNKNOWN', source: 'none' },
      note: 'version "3.0.15-1~deb12u1" not comparable with "x!y"',
    }),
    finding(msA, {
      id: 'GHSA-w9mr-4mfr-499f',
      aliases: ['CVE-2017-20162'],
      advisories: ['GHSA-w9mr-4mfr-499f'],
      fixedIn: ['2.0.1'],
      severity: { name: 'MODERATE', source: 'vendor', vendorName: 'GitHub' },
      cvss: {
        v3: { ...v31, score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', source: 'vendor' },
        all: [
          { ...v31, score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', source: 'vendor' },
        ],
      },
      links: ['https://github.com/advisories/GHSA-w9mr-4mfr-499f'],
      summary: 'ms ReDoS',
    }),
    finding(msB, {
      id: 'GHSA-w9mr-4mfr-499f',
      aliases: ['CVE-2017-20162'],
      fixedIn: ['2.0.1'],
      severity: { name: 'MODERATE', source: 'vendor', vendorName: 'GitHub' },
      links: ['https://github.com/advisories/GHSA-w9mr-4mfr-499f'],
      summary: 'ms ReDoS',
    }),
    finding(zlib, {
      id: 'CVE-2023-45853',
      state: 'will_not_fix',
      severity: { name: 'LOW', source: 'vendor', vendorName: 'Debian' },
      note: 'no-dsa: minor issue',
    }),
    finding(zlib, {
      id: 'TEMP-0000001-ABCDEF',
      state: 'under_investigation',
      severity: { name: 'IMPORTANT', source: 'vendor', vendorName: 'Debian' },
    }),
  ];
}

export function sampleVulnReport(changes: Partial<VulnReport> = {}): VulnReport {
  const findings = changes.findings ?? sampleFindings();
  return {
    schemaVersion: 1,
    tool: { name: 'rampart', version: '0.1.0' },
    db: { path: 'db/rampart.db', schemaVersion: 1, builtAt: '2026-01-01T00:00:00Z', feeds: [] },
    image: {
      reference: '127.0.0.1:5000/fixture/app:latest',
      sourceKind: 'registry',
      manifestDigest: D('a'),
      configDigest: D('b'),
      platform: { os: 'linux', architecture: 'amd64' },
      layers: [
        { index: 0, diffId: D('c'), createdBy: '/bin/sh -c #(nop) ADD file:abc in /' },
        { index: 1, diffId: D('e'), createdBy: 'RUN npm ci' },
      ],
    },
    distribution: {
      id: 'debian',
      versionId: '12',
      versionCodename: 'bookworm',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
      location: 'etc/os-release',
    },
    scannedAt: '2026-01-02T03:04:05.678Z',
    packages: 40,
    findings,
    counts: {
      components: new Set(findings.map((f) => `${f.package.purl}#${f.package.location}`)).size,
      vulnerabilities: new Set(findings.map((f) => f.id)).size,
      bySeverity: { UNKNOWN: 1, LOW: 1, MODERATE: 1, IMPORTANT: 1, CRITICAL: 1 },
      findings: findings.length,
    },
    warnings: [
      {
        code: 'MATCH_DISTRO_EOL',
        message: 'debian 12 <is> past its "end" of life & unsupported',
        source: 'matcher',
      },
      {
        code: 'MATCH_ECOSYSTEM_UNCOVERED',
        message: '3 PyPI packages: no feed covers PyPI',
        source: 'matcher',
      },
    ],
    ...changes,
  };
}

export const SAMPLE_OPTIONS = {
  now: new Date('2026-01-02T03:04:05.678Z'),
  uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
};

/** The sample's first finding with every free-text field replaced, for property tests. */
export function sampleWithText(t: {
  id: string;
  name: string;
  version: string;
  summary: string;
  link: string;
  reference: string;
  location: string;
}): VulnReport {
  const [f, ...rest] = sampleFindings();
  const finding: Finding = {
    ...f!,
    id: t.id,
    summary: t.summary,
    note: t.summary,
    links: [t.link],
    advisory: { name: t.summary, link: t.link },
    aliases: [t.id],
    package: { ...f!.package, name: t.name, version: t.version, location: t.location },
  };
  const report = sampleVulnReport({ findings: [finding, ...rest] });
  report.image = { ...report.image, reference: t.reference };
  report.warnings = [{ code: 'MATCH_DISTRO_EOL', message: t.summary }];
  return report;
}
