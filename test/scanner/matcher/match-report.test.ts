import assert from 'node:assert/strict';

import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { filterReport } from '../../../src/scanner/matcher/summarize-findings.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';
import type { VulnStore } from '../../../src/scanner/vulndb/store.js';
import {
  advisoryOf,
  affectedOf,
  bookworm,
  buildStore,
  indexOf,
  pkgOf,
} from '../../helpers/vuln-store-builder.js';

const NOW = new Date('2026-11-24T00:00:00Z');
const adv = (a: ReturnType<typeof advisoryOf>, affected: ReturnType<typeof affectedOf>[]): FeedRecord => ({
  kind: 'advisory',
  advisory: a,
  affected,
});
const deb = (cve: string, extra: Parameters<typeof affectedOf>[2], name = 'openssl') =>
  adv(advisoryOf(`${cve}@Debian`, 'debian', { aliases: [cve] }), [
    affectedOf('Debian:12', name, { scheme: 'dpkg', ...extra }),
  ]);

describe('matcher: matchReport', () => {
  let store: VulnStore;
  before(() => {
    store = buildStore({
      debian: [
        deb('CVE-2024-0001', {
          state: 'fixed',
          fixedVersions: ['3.0.13-1~deb12u1'],
          severity: { source: 'vendor', name: 'high', cvss: [] },
        }),
        deb('CVE-2023-0002', { state: 'fixed', fixedVersions: ['3.0.9-1'] }),
        deb('CVE-2024-0003', { state: 'unfixed' }),
        deb('CVE-2024-0004', { state: 'no_dsa' }),
        deb('CVE-2024-0005', { state: 'not_affected' }),
        deb('CVE-2024-0006', {
          state: 'ignored',
          severity: { source: 'vendor', name: 'unimportant', cvss: [] },
        }),
        deb('CVE-2024-0007', { state: 'fixed', fixedVersions: ['1:2.39-1'] }, 'util-linux'),
        deb('CVE-2019-0008', { state: 'fixed', fixedVersions: ['2.0-1'] }, 'oldpkg'),
        // DSA lists keep no affected rows: the matcher joins them through the CVE alias.
        adv(
          advisoryOf('DSA-5000-1', 'debian', {
            aliases: ['CVE-2024-0001'],
            references: [{ type: 'ADVISORY', url: 'https://example.org/DSA-5000-1' }],
            extra: { fixed: [{ ecosystem: 'Debian:12', name: 'openssl', version: '3.0.13-1~deb12u1' }] },
          }),
          [],
        ),
        adv(
          advisoryOf('DSA-4999-1', 'debian', {
            aliases: ['CVE-2024-0001'],
            extra: { fixed: [{ ecosystem: 'Debian:12', name: 'other-source', version: '1' }] },
          }),
          [],
        ),
      ],
      osv: [
        adv(
          advisoryOf('GHSA-35jh-r3h4-6jhm', 'osv', {
            aliases: ['CVE-2021-23337'],
            summary: 'Command Injection in lodash',
            severity: [
              {
                source: 'vendor',
                name: 'HIGH',
                cvss: [
                  { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
                ],
              },
            ],
            references: [{ type: 'ADVISORY', url: 'https://example.org/advisory/1' }],
          }),
          [
            affectedOf('npm', 'lodash', {
              scheme: 'semver',
              ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
              fixedVersions: ['4.17.21'],
            }),
          ],
        ),
        // A second record of the same CVE (another id, aliasing it) merges into one finding.
        adv(advisoryOf('OSV-2021-9', 'osv', { aliases: ['CVE-2021-23337'] }), [
          affectedOf('npm', 'lodash', {
            scheme: 'semver',
            ranges: [{ type: 'SEMVER', events: [{ introduced: '4.0.0' }, { fixed: '4.17.21' }] }],
          }),
        ]),
        adv(advisoryOf('PYSEC-2023-192', 'osv', { aliases: ['CVE-2023-43804'] }), [
          affectedOf('PyPI', 'urllib3', {
            scheme: 'pep440',
            ranges: [
              {
                type: 'ECOSYSTEM',
                events: [
                  { introduced: '0' },
                  { fixed: '1.26.17' },
                  { introduced: '2.0.0' },
                  { fixed: '2.0.6' },
                ],
              },
            ],
            fixedVersions: ['1.26.17', '2.0.6'],
          }),
        ]),
        adv(advisoryOf('PYSEC-2020-1', 'osv', { aliases: ['CVE-2020-1747'] }), [
          affectedOf('PyPI', 'pyyaml', {
            scheme: 'pep440',
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.3.1' }] }],
          }),
        ]),
      ],
      nvd: [
        {
          kind: 'nvd',
          record: {
            cve: 'CVE-2023-0002',
            descriptions: [],
            cvss: [],
            cwes: [],
            references: [],
          },
        },
        {
          kind: 'nvd',
          record: {
            cve: 'CVE-2024-0003',
            descriptions: [{ lang: 'en', value: 'a buffer overflow' }],
            cvss: [
              {
                version: '3.1',
                vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
                score: 9.8,
                source: 'nvd@nist.gov',
                type: 'Primary',
              },
              {
                version: '3.1',
                vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
                score: 4.0,
                source: 'cna@example.org',
                type: 'Secondary',
              },
            ],
            cwes: [],
            references: [],
          },
        },
        { kind: 'kev', record: { cve: 'CVE-2024-0003', dateAdded: '2024-03-01' } },
        { kind: 'epss', record: { cve: 'CVE-2024-0003', epss: 0.42, percentile: 0.97, date: '2026-11-01' } },
      ],
    });
  });
  after(() => store.close());

  const libssl = pkgOf({
    name: 'libssl3',
    version: '3.0.11-1~deb12u2',
    type: 'deb',
    source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
  });

  it('matches Debian binaries by source package and source version, honouring every tracker state', () => {
    const r = matchReport(indexOf([libssl], bookworm), store, { now: NOW });
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    assert.deepEqual([...byId.keys()].sort(), [
      'CVE-2024-0001',
      'CVE-2024-0003',
      'CVE-2024-0004',
      'CVE-2024-0006',
    ]);
    const fixed = byId.get('CVE-2024-0001')!;
    assert.equal(fixed.state, 'affected');
    assert.deepEqual(fixed.fixedIn, ['3.0.13-1~deb12u1']);
    assert.equal(fixed.package.name, 'libssl3');
    assert.equal(fixed.package.ecosystem, 'Debian:12');
    assert.equal(fixed.package.layer?.createdBy, 'RUN apt-get install -y openssl');
    assert.deepEqual(fixed.severity, { name: 'IMPORTANT', source: 'vendor', vendorName: 'high' });
    assert.deepEqual(fixed.advisory, { name: 'DSA-5000-1', link: 'https://example.org/DSA-5000-1' });
    assert.deepEqual(fixed.aliases, ['DSA-5000-1']);
    assert.equal(byId.get('CVE-2024-0003')!.state, 'unfixed');
    assert.equal(byId.get('CVE-2024-0004')!.state, 'will_not_fix');
    assert.match(byId.get('CVE-2024-0004')!.note ?? '', /no-dsa/);
    assert.equal(byId.get('CVE-2024-0006')!.state, 'will_not_fix');
    assert.equal(byId.get('CVE-2024-0006')!.severity.name, 'LOW');
  });

  it('takes NVD severity when the vendor has none, keeps the CNA score, and adds EPSS and KEV', () => {
    const r = matchReport(indexOf([libssl], bookworm), store, { now: NOW });
    const f = r.findings.find((x) => x.id === 'CVE-2024-0003')!;
    assert.deepEqual(f.severity, { name: 'CRITICAL', source: 'nvd' });
    assert.equal(f.cvss.v3?.score, 9.8);
    assert.deepEqual(
      f.cvss.all.map((c) => c.source),
      ['nvd', 'cna'],
    );
    assert.deepEqual(f.epss, { probability: 0.42, percentile: 0.97, date: '2026-11-01' });
    assert.equal(f.kev?.dateAdded, '2024-03-01');
    assert.equal(f.summary, 'a buffer overflow');
    const pinned = matchReport(indexOf([libssl], bookworm), store, { now: NOW, severitySource: 'cna' });
    assert.deepEqual(pinned.findings.find((x) => x.id === 'CVE-2024-0003')!.severity, {
      name: 'MODERATE',
      source: 'cna',
    });
    assert.equal(pinned.findings.find((x) => x.id === 'CVE-2024-0001')!.severity.name, 'UNKNOWN');
  });

  it('compares epochs with the dpkg scheme (1:2.38 < 1:2.39, 2.40 without epoch < 1:2.39)', () => {
    const mk = (v: string) =>
      pkgOf({ name: 'libblkid1', version: v, type: 'deb', source: { name: 'util-linux', version: v } });
    const ids = (v: string) =>
      matchReport(indexOf([mk(v)], bookworm), store, { now: NOW }).findings.map((f) => f.id);
    assert.deepEqual(ids('1:2.38-1'), ['CVE-2024-0007']);
    assert.deepEqual(ids('1:2.39-1'), []);
    assert.deepEqual(ids('2.40-1'), ['CVE-2024-0007']);
  });

  it('npm: lodash 4.17.21 is not flagged, 4.17.15 is, once, with the CVE as primary id and GHSA as alias', () => {
    const mk = (v: string) =>
      pkgOf({
        name: 'lodash',
        version: v,
        type: 'npm',
        location: `app/node_modules/lodash@${v}/package.json`,
      });
    const r = matchReport(indexOf([mk('4.17.21'), mk('4.17.15')], bookworm), store, { now: NOW });
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.equal(f.package.version, '4.17.15');
    assert.equal(f.id, 'CVE-2021-23337');
    assert.deepEqual(f.aliases, ['GHSA-35jh-r3h4-6jhm', 'OSV-2021-9']);
    assert.deepEqual(f.advisories, ['GHSA-35jh-r3h4-6jhm', 'OSV-2021-9']);
    assert.deepEqual(f.fixedIn, ['4.17.21']);
    assert.deepEqual(f.severity, { name: 'IMPORTANT', source: 'vendor', vendorName: 'HIGH' });
    assert.equal(f.links[0], 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337');
    assert.ok(f.links.includes('https://example.org/advisory/1'));
  });

  it("gives the fix on the installed version's own branch (urllib3 1.26.12 → 1.26.17, not 2.0.6)", () => {
    const fix = (v: string) =>
      matchReport(indexOf([pkgOf({ name: 'urllib3', version: v, type: 'pypi' })]), store, {
        now: NOW,
      }).findings.map((f) => f.fixedIn);
    assert.deepEqual(fix('1.26.12'), [['1.26.17']]);
    assert.deepEqual(fix('2.0.1'), [['2.0.6']]);
    assert.deepEqual(fix('2.0.6'), []);
  });

  it('leaves a Python package an OS package owns to the distribution', () => {
    const owned = pkgOf({ name: 'PyYAML', version: '5.1', type: 'pypi', ownedByOsPackage: 'python3-yaml' });
    const free = pkgOf({ name: 'PyYAML', version: '5.1', type: 'pypi', location: 'opt/venv/x' });
    const r = matchReport(indexOf([owned, free], bookworm), store, { now: NOW });
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.package.location]),
      [['CVE-2020-1747', 'opt/venv/x']],
    );
  });

  it('reports an unreadable version as unknown with a MATCH_VERSION_UNPARSEABLE warning', () => {
    const r = matchReport(
      indexOf([pkgOf({ name: 'lodash', version: 'not a version!', type: 'npm' })]),
      store,
      { now: NOW },
    );
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.state, 'unknown');
    assert.ok(r.warnings.some((w) => w.code === 'MATCH_VERSION_UNPARSEABLE'));
  });

  it('names coverage gaps: unknown distro, EOL release, ecosystem without data', () => {
    const gentoo = { id: 'gentoo', versionId: '2.15', prettyName: 'Gentoo', location: 'etc/os-release' };
    const a = matchReport(indexOf([libssl], gentoo), store, { now: NOW });
    assert.deepEqual(
      a.warnings.map((w) => w.code),
      ['MATCH_DISTRO_UNKNOWN'],
    );
    const buster = { ...bookworm, versionId: '10', versionCodename: 'buster', prettyName: 'Debian 10' };
    const b = matchReport(indexOf([libssl], buster), store, { now: NOW });
    assert.deepEqual(
      b.warnings.map((w) => w.code),
      ['MATCH_DISTRO_EOL', 'MATCH_DISTRO_UNCOVERED'],
    );
    const c = matchReport(
      indexOf([pkgOf({ name: 'rails', version: '5.0.0', type: 'gem' })], bookworm),
      store,
      { now: NOW },
    );
    assert.deepEqual(
      c.warnings.map((w) => [w.code, w.subject]),
      [['MATCH_ECOSYSTEM_UNCOVERED', 'RubyGems']],
    );
    const testing = { ...bookworm, versionId: '', versionCodename: undefined };
    const d = matchReport(indexOf([libssl], testing), store, { now: NOW });
    assert.deepEqual(
      d.warnings.map((w) => w.code),
      ['MATCH_DISTRO_UNKNOWN'],
    );
  });

  it('counts unique ids across components and is independent of package order', () => {
    const other = pkgOf({
      name: 'openssl',
      version: '3.0.11-1~deb12u2',
      type: 'deb',
      source: { name: 'openssl' },
    });
    const r1 = matchReport(indexOf([libssl, other], bookworm), store, { now: NOW });
    const r2 = matchReport(indexOf([other, libssl], bookworm), store, { now: NOW });
    assert.deepEqual(r1, r2);
    assert.equal(r1.counts.findings, 8);
    assert.equal(r1.counts.vulnerabilities, 4);
    assert.equal(r1.counts.components, 2);
    assert.deepEqual(r1.counts.bySeverity, { UNKNOWN: 1, LOW: 1, MODERATE: 0, IMPORTANT: 1, CRITICAL: 1 });
    // roxctl order: component max severity desc, then name; severity desc inside.
    assert.deepEqual(
      r1.findings.slice(0, 4).map((f) => f.id),
      ['CVE-2024-0003', 'CVE-2024-0001', 'CVE-2024-0006', 'CVE-2024-0004'],
    );
  });

  it('filters by severity, fix availability and ignored ids, recounting', () => {
    const r = matchReport(indexOf([libssl], bookworm), store, { now: NOW });
    assert.deepEqual(
      filterReport(r, { severities: ['CRITICAL'] }).findings.map((f) => f.id),
      ['CVE-2024-0003'],
    );
    assert.deepEqual(
      filterReport(r, { ignoreUnfixed: true }).findings.map((f) => f.id),
      ['CVE-2024-0001'],
    );
    const ign = filterReport(r, { ignoreIds: new Set(['CVE-2024-0003', 'CVE-2024-0001']) });
    assert.equal(ign.counts.vulnerabilities, 2);
    assert.equal(
      filterReport(r, { ignoreIds: new Set(['CVE-2024-0003']), includeIgnored: true }).counts.vulnerabilities,
      4,
    );
  });
});
