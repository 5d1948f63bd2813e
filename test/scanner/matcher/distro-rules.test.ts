/**
 * The distribution rules against a real store: RHEL family (product CPE, minor streams, modules,
 * NEVRA with epochs, vendor states), Alpine (origin package and branch) and Ubuntu (release,
 * source package, Pro pockets).
 */
import assert from 'node:assert/strict';

import type { Distribution } from '../../../src/model/distribution.js';
import type { PackageRecord } from '../../../src/model/package.js';
import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { cpeMajor, cpeMinorStream } from '../../../src/scanner/matcher/rules/rhel.js';
import type { AffectedPackage, FeedRecord } from '../../../src/scanner/vulndb/model.js';
import type { VulnStore } from '../../../src/scanner/vulndb/store.js';
import { advisoryOf, affectedOf, buildStore, indexOf, pkgOf } from '../../helpers/vuln-store-builder.js';

const NOW = new Date('2026-11-24T00:00:00Z');

function record(id: string, feed: string, cve: string, affected: AffectedPackage[]): FeedRecord {
  return { kind: 'advisory', advisory: advisoryOf(id, feed, { aliases: [cve] }), affected };
}

function dist(id: string, versionId: string, extra: Partial<Distribution> = {}): Distribution {
  return { id, versionId, prettyName: `${id} ${versionId}`, location: 'etc/os-release', ...extra };
}

function scan(store: VulnStore, pkgs: PackageRecord[], d: Distribution) {
  return matchReport(indexOf(pkgs, d), store, { now: NOW });
}

/** finding id → [state, fixedIn] for a compact comparison. */
function summary(r: ReturnType<typeof scan>): Record<string, [string, string[]]> {
  return Object.fromEntries(r.findings.map((f) => [f.id, [f.state, f.fixedIn]]));
}

describe('matcher rules: RHEL family', () => {
  const rh = (id: string, extra: Partial<AffectedPackage>, name = 'perl-FCGI') =>
    record(`${id}@Red Hat`, 'redhat', id, [affectedOf('Red Hat', name, { scheme: 'rpm', ...extra })]);
  const mod = 'perl-FCGI:0.78';
  const el8Fix = '1:0.78-12.module+el8.10.0+23147+95b68fad';
  const ausFix = '1:0.78-11.module+el8.2.0+23234+854d7c34.1';
  let store: VulnStore;
  before(() => {
    store = buildStore({
      redhat: [
        // One CVE, fixed for RHEL 8 mainline, an 8.2 AUS stream, RHEL 9 (no module) and a
        // layered product whose version (7) is no RHEL release.
        record('CVE-2025-40907@Red Hat', 'redhat', 'CVE-2025-40907', [
          affectedOf('Red Hat', 'perl-FCGI', {
            scheme: 'rpm',
            state: 'fixed',
            cpe: 'cpe:/a:redhat:enterprise_linux:8::appstream',
            module: mod,
            fixedVersions: [el8Fix],
          }),
          affectedOf('Red Hat', 'perl-FCGI', {
            scheme: 'rpm',
            state: 'fixed',
            cpe: 'cpe:/a:redhat:rhel_aus:8.2::appstream',
            module: mod,
            fixedVersions: [ausFix],
          }),
          affectedOf('Red Hat', 'perl-FCGI', {
            scheme: 'rpm',
            state: 'fixed',
            cpe: 'cpe:/a:redhat:enterprise_linux:9::appstream',
            fixedVersions: ['0.79-8.el9_6'],
          }),
          affectedOf('Red Hat', 'perl-FCGI', {
            scheme: 'rpm',
            state: 'fixed',
            cpe: 'cpe:/a:redhat:jboss_enterprise_application_platform:7',
            fixedVersions: ['9:9.9-9'],
          }),
        ]),
        rh('CVE-2024-1001', { state: 'will_not_fix', cpe: 'cpe:/o:redhat:enterprise_linux:9' }, 'bash'),
        rh('CVE-2024-1002', { state: 'unfixed', cpe: 'cpe:/o:redhat:enterprise_linux:9' }, 'bash'),
        rh('CVE-2024-1003', { state: 'not_affected', cpe: 'cpe:/o:redhat:enterprise_linux:9' }, 'bash'),
        rh(
          'CVE-2024-1004',
          { state: 'under_investigation', cpe: 'cpe:/o:redhat:enterprise_linux:9' },
          'bash',
        ),
        rh(
          'CVE-2024-1005',
          { state: 'fixed', cpe: 'cpe:/o:redhat:enterprise_linux:9::baseos', fixedVersions: ['5.1.8-9.el9'] },
          'bash',
        ),
        rh(
          'CVE-2024-1006',
          { state: 'fixed', cpe: 'cpe:/o:redhat:rhel_eus:9.2::baseos', fixedVersions: ['5.1.8-6.el9_2.1'] },
          'bash',
        ),
      ],
      rocky: [
        record('RLSA-2024:1@Rocky', 'rocky', 'CVE-2024-2001', [
          affectedOf('Rocky Linux:9', 'openssl', {
            scheme: 'rpm',
            state: 'fixed',
            cpe: 'cpe:/o:rocky:rocky:9',
            fixedVersions: ['1:3.0.7-25.el9_3'],
          }),
        ]),
      ],
    });
  });
  after(() => store.close());

  const ubi8 = dist('rhel', '8.10');
  const fcgi = (version: string, extra: Partial<PackageRecord> = {}) =>
    pkgOf({
      name: 'perl-FCGI',
      version,
      type: 'rpm',
      location: 'var/lib/rpm/rpmdb.sqlite',
      module: mod,
      ...extra,
    });

  it('reads the RHEL release of platform CPEs only', () => {
    assert.equal(cpeMajor('cpe:/a:redhat:enterprise_linux:8::appstream'), '8');
    assert.equal(cpeMajor('cpe:/o:redhat:enterprise_linux:10.0'), '10');
    assert.equal(cpeMajor('cpe:/o:redhat:rhel_eus:9.2::baseos'), '9');
    assert.equal(cpeMajor('cpe:/o:redhat:rhel_els:7'), '7');
    assert.equal(cpeMajor('cpe:/o:rocky:rocky:9'), '9');
    assert.equal(cpeMajor('cpe:/a:redhat:jboss_enterprise_application_platform:7'), undefined);
    assert.equal(cpeMajor('cpe:/a:redhat:rhel_satellite_client:6::el8'), undefined);
    assert.equal(cpeMajor('cpe:/a:redhat:openshift:4.14::el9'), undefined);
    assert.equal(cpeMinorStream('cpe:/a:redhat:rhel_aus:8.2::appstream'), '8.2');
    assert.equal(cpeMinorStream('cpe:/o:redhat:enterprise_linux_eus:10.0'), '10.0');
    assert.equal(cpeMinorStream('cpe:/o:redhat:enterprise_linux:10.0'), undefined);
    assert.equal(cpeMinorStream('cpe:/o:redhat:rhel_els:7'), undefined);
  });

  it("selects the rows of the image's major release and mainline stream", () => {
    const old = fcgi('1:0.78-10.module+el8.1.0+4000+aaaaaaaa');
    assert.deepEqual(summary(scan(store, [old], ubi8)), { 'CVE-2025-40907': ['affected', [el8Fix]] });
    // An image of the 8.2 minor release gets the AUS build too; fixes of several rows are
    // merged lowest first (rpm order), so the table's FIXED VERSION is the nearest fix.
    assert.deepEqual(summary(scan(store, [old], dist('rhel', '8.2'))), {
      'CVE-2025-40907': ['affected', [ausFix, el8Fix]],
    });
    // RHEL 9 rows (no module) are not about a RHEL 8 package, nor RHEL 8 rows about RHEL 9.
    const el9 = pkgOf({ name: 'perl-FCGI', version: '1:0.79-7.el9', type: 'rpm' });
    assert.deepEqual(summary(scan(store, [el9], dist('rhel', '9.6'))), {});
    const el9Epochless = pkgOf({ name: 'perl-FCGI', version: '0.79-7.el9', type: 'rpm' });
    assert.deepEqual(summary(scan(store, [el9Epochless], dist('rhel', '9.6'))), {
      'CVE-2025-40907': ['affected', ['0.79-8.el9_6']],
    });
    // A layered product's version 7 is not RHEL 7.
    const el7 = pkgOf({ name: 'perl-FCGI', version: '1:0.74-8.el7', type: 'rpm' });
    assert.deepEqual(summary(scan(store, [el7], dist('rhel', '7.9'))), {});
  });

  it('matches modular rows only to a package of the same module stream', () => {
    const v = '1:0.78-11.module+el8.9.0+19000+95b68fad';
    assert.equal(scan(store, [fcgi(v)], ubi8).findings.length, 1);
    assert.equal(scan(store, [fcgi(v, { module: undefined })], ubi8).findings.length, 0);
    assert.equal(scan(store, [fcgi(v, { module: 'perl-FCGI:0.80' })], ubi8).findings.length, 0);
  });

  it('compares NEVRA with epochs: the epoch outranks version and release', () => {
    const ids = (version: string, extra: Partial<PackageRecord> = {}) =>
      scan(store, [fcgi(version, extra)], ubi8).findings.map((f) => f.id);
    assert.deepEqual(ids(el8Fix), []);
    assert.deepEqual(ids('1:0.78-13.module+el8.10.0+24000+95b68fad'), []);
    // No epoch = epoch 0: a far higher version is still below the 1: fix.
    assert.deepEqual(ids('0.99-1.module+el8.10.0+1+95b68fad'), ['CVE-2025-40907']);
    // The rpm DB's explicit epoch (kept apart from the version string) is compared too.
    assert.deepEqual(ids('0.78-13.module+el8.10.0+24000+95b68fad', { epoch: 1 }), []);
    assert.deepEqual(ids('0.78-11.module+el8.10.0+22000+95b68fad', { epoch: 1 }), ['CVE-2025-40907']);
    assert.deepEqual(ids('2:0.1-1.module+el8.10.0+1+95b68fad'), []);
  });

  it("reports the vendor's states: will not fix, unfixed and under investigation; not affected is absent", () => {
    const bash = (version: string) => pkgOf({ name: 'bash', version, type: 'rpm' });
    const r = scan(store, [bash('5.1.8-6.el9')], dist('rhel', '9.4'));
    assert.deepEqual(summary(r), {
      'CVE-2024-1001': ['will_not_fix', []],
      'CVE-2024-1002': ['unfixed', []],
      'CVE-2024-1004': ['under_investigation', []],
      'CVE-2024-1005': ['affected', ['5.1.8-9.el9']],
    });
    assert.match(r.findings.find((f) => f.id === 'CVE-2024-1001')!.note ?? '', /will not fix/);
    // The 9.2 EUS fix counts for a 9.2 image only.
    assert.deepEqual(summary(scan(store, [bash('5.1.8-6.el9')], dist('rhel', '9.2')))['CVE-2024-1006'], [
      'affected',
      ['5.1.8-6.el9_2.1'],
    ]);
    // A CentOS Stream / RHEL image with no VERSION_ID is a named gap, not a silent zero.
    const noVersion = scan(store, [bash('5.1.8-6.el9')], dist('rhel', ''));
    assert.equal(noVersion.findings.length, 0);
    assert.deepEqual(
      noVersion.warnings.map((w) => w.code),
      ['MATCH_DISTRO_UNKNOWN'],
    );
  });

  it("matches Rocky Linux by its own ecosystem and its OVAL rows' rocky CPE", () => {
    const openssl = (version: string) => pkgOf({ name: 'openssl', version, type: 'rpm' });
    assert.deepEqual(summary(scan(store, [openssl('1:3.0.7-24.el9')], dist('rocky', '9.3'))), {
      'CVE-2024-2001': ['affected', ['1:3.0.7-25.el9_3']],
    });
    assert.deepEqual(summary(scan(store, [openssl('1:3.0.7-25.el9_3')], dist('rocky', '9.3'))), {});
    // Red Hat's rows are not Rocky's, and Rocky 8 has no data here: a named gap.
    const r8 = scan(store, [openssl('1:1.1.1k-5.el8')], dist('rocky', '8.9'));
    assert.equal(r8.findings.length, 0);
    assert.deepEqual(
      r8.warnings.map((w) => [w.code, w.subject]),
      [['MATCH_DISTRO_UNCOVERED', 'Rocky Linux:8']],
    );
  });
});

describe('matcher rules: Alpine', () => {
  let store: VulnStore;
  // secdb's "0" fix = the branch was never affected.
  const secfix = (branch: string, fixed: string) =>
    affectedOf(`Alpine:${branch}`, 'openssl', {
      scheme: 'apk',
      state: fixed === '0' ? 'not_affected' : 'fixed',
      fixedVersions: fixed === '0' ? [] : [fixed],
    });
  before(() => {
    store = buildStore({
      alpine: [
        record('CVE-2024-0727@Alpine', 'alpine', 'CVE-2024-0727', [
          secfix('v3.19', '3.1.4-r5'),
          secfix('v3.18', '3.1.4-r6'),
        ]),
        record('CVE-2023-9999@Alpine', 'alpine', 'CVE-2023-9999', [secfix('v3.19', '0')]),
      ],
      wolfi: [
        record('CVE-2024-0727@Wolfi', 'wolfi', 'CVE-2024-0727', [
          affectedOf('Wolfi', 'openssl', { scheme: 'apk', state: 'fixed', fixedVersions: ['3.2.1-r1'] }),
        ]),
      ],
    });
  });
  after(() => store.close());

  // libcrypto3 is a subpackage: the secfix is listed under its origin, openssl.
  const libcrypto = (version: string, origin: string | null = 'openssl') =>
    pkgOf({
      name: 'libcrypto3',
      version,
      type: 'apk',
      location: 'lib/apk/db/installed',
      ...(origin ? { source: { name: origin } } : {}),
    });

  it("matches a subpackage through its origin's secfix on the image's branch", () => {
    const r = scan(store, [libcrypto('3.1.4-r1')], dist('alpine', '3.19.1'));
    assert.deepEqual(summary(r), { 'CVE-2024-0727': ['affected', ['3.1.4-r5']] });
    assert.equal(r.findings[0]!.package.name, 'libcrypto3');
    assert.equal(r.findings[0]!.package.ecosystem, 'Alpine:v3.19');
    assert.deepEqual(summary(scan(store, [libcrypto('3.1.4-r5')], dist('alpine', '3.19.1'))), {});
    // The v3.18 branch has its own fix.
    assert.deepEqual(summary(scan(store, [libcrypto('3.1.4-r5')], dist('alpine', '3.18.6'))), {
      'CVE-2024-0727': ['affected', ['3.1.4-r6']],
    });
  });

  it('finds nothing for the subpackage name itself (no origin recorded)', () => {
    assert.deepEqual(summary(scan(store, [libcrypto('3.1.4-r1', null)], dist('alpine', '3.19.1'))), {});
  });

  it('names a branch with no data and an unreadable release, and uses the rolling Wolfi key', () => {
    const r = scan(store, [libcrypto('3.1.4-r1')], dist('alpine', '3.22.1'));
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.subject]),
      [['MATCH_DISTRO_UNCOVERED', 'Alpine:v3.22']],
    );
    const odd = scan(store, [libcrypto('3.1.4-r1')], dist('alpine', 'x'));
    assert.deepEqual(
      odd.warnings.map((w) => w.code),
      ['MATCH_DISTRO_UNKNOWN'],
    );
    assert.deepEqual(summary(scan(store, [libcrypto('3.2.0-r0')], dist('wolfi', '20230201'))), {
      'CVE-2024-0727': ['affected', ['3.2.1-r1']],
    });
  });
});

describe('matcher rules: Ubuntu', () => {
  let store: VulnStore;
  const ub = (ecosystem: string, extra: Partial<AffectedPackage>) =>
    affectedOf(ecosystem, 'curl', { scheme: 'dpkg', ...extra });
  before(() => {
    store = buildStore({
      ubuntu: [
        record('CVE-2024-2398@Ubuntu', 'ubuntu', 'CVE-2024-2398', [
          ub('Ubuntu:22.04', { state: 'fixed', fixedVersions: ['7.81.0-1ubuntu1.16'] }),
          ub('Ubuntu:16.04', { state: 'unfixed', extra: { action: 'no longer supported' } }),
          ub('Ubuntu:16.04', { state: 'fixed', pocket: 'pro', fixedVersions: ['7.47.0-1ubuntu2.19+esm12'] }),
        ]),
        record('CVE-2023-38545@Ubuntu', 'ubuntu', 'CVE-2023-38545', [
          ub('Ubuntu:22.04', { state: 'not_affected' }),
          ub('Ubuntu:16.04', { state: 'fixed', pocket: 'pro', fixedVersions: ['7.47.0-1ubuntu2.19+esm10'] }),
        ]),
      ],
    });
  });
  after(() => store.close());

  const libcurl = (version: string) =>
    pkgOf({ name: 'libcurl4', version, type: 'deb', source: { name: 'curl', version } });
  const jammy = dist('ubuntu', '22.04', { versionCodename: 'jammy' });

  it('matches the binary by its source package and release', () => {
    const r = scan(store, [libcurl('7.81.0-1ubuntu1.15')], jammy);
    assert.deepEqual(summary(r), { 'CVE-2024-2398': ['affected', ['7.81.0-1ubuntu1.16']] });
    assert.equal(r.findings[0]!.package.name, 'libcurl4');
    assert.equal(r.findings[0]!.package.ecosystem, 'Ubuntu:22.04');
    assert.deepEqual(summary(scan(store, [libcurl('7.81.0-1ubuntu1.16')], jammy)), {});
  });

  it('takes the release from the codename when os-release has no VERSION_ID', () => {
    const r = scan(store, [libcurl('7.81.0-1ubuntu1.15')], dist('ubuntu', '', { versionCodename: 'jammy' }));
    assert.deepEqual(summary(r), { 'CVE-2024-2398': ['affected', ['7.81.0-1ubuntu1.16']] });
    const unknown = scan(
      store,
      [libcurl('7.81.0-1ubuntu1.15')],
      dist('ubuntu', '', { versionCodename: 'zesty-x' }),
    );
    assert.deepEqual(
      unknown.warnings.map((w) => w.code),
      ['MATCH_DISTRO_UNKNOWN'],
    );
  });

  it('keeps Ubuntu Pro rows away from a plain package and applies them to a Pro (+esm) build', () => {
    const xenial = dist('ubuntu', '16.04', { versionCodename: 'xenial' });
    assert.deepEqual(summary(scan(store, [libcurl('7.47.0-1ubuntu2.19')], xenial)), {
      'CVE-2024-2398': ['unfixed', []],
    });
    assert.deepEqual(summary(scan(store, [libcurl('7.47.0-1ubuntu2.19+esm9')], xenial)), {
      'CVE-2023-38545': ['affected', ['7.47.0-1ubuntu2.19+esm10']],
      'CVE-2024-2398': ['affected', ['7.47.0-1ubuntu2.19+esm12']],
    });
  });

  it('lets the Pro rows decide for a Pro build: at the Pro fix the main archive\'s "unfixed" row does not apply', () => {
    const xenial = dist('ubuntu', '16.04', { versionCodename: 'xenial' });
    // at both Pro fixes: nothing, although the main archive still lists CVE-2024-2398 as unfixed
    assert.deepEqual(summary(scan(store, [libcurl('7.47.0-1ubuntu2.19+esm12')], xenial)), {});
    // between the two Pro fixes: only the one not yet fixed in Pro
    assert.deepEqual(summary(scan(store, [libcurl('7.47.0-1ubuntu2.19+esm11')], xenial)), {
      'CVE-2024-2398': ['affected', ['7.47.0-1ubuntu2.19+esm12']],
    });
    // a plain build at the same version still gets the main archive's row
    assert.deepEqual(summary(scan(store, [libcurl('7.47.0-1ubuntu2.20')], xenial)), {
      'CVE-2024-2398': ['unfixed', []],
    });
  });
});

describe('matcher rules: Ubuntu USN OVAL rows (binary packages)', () => {
  let store: VulnStore;
  const bin = (name: string, fixed: string, pocket?: string) =>
    affectedOf('Ubuntu:24.04', name, {
      scheme: 'dpkg',
      state: 'fixed',
      fixedVersions: [fixed],
      extra: { binary: true },
      ...(pocket ? { pocket } : {}),
    });
  before(() => {
    store = buildStore({
      ubuntu: [
        // The shape the USN OVAL parser writes: the notice (no rows) and one record per CVE.
        {
          kind: 'advisory',
          advisory: advisoryOf('USN-7000-1@Ubuntu:24.04', 'ubuntu', {
            aliases: ['USN-7000-1', 'CVE-2024-1111', 'CVE-2024-2222'],
            references: [{ type: 'ADVISORY', url: 'https://ubuntu.com/security/notices/USN-7000-1' }],
          }),
          affected: [],
        },
        ...['CVE-2024-1111', 'CVE-2024-2222'].map((cve): FeedRecord => ({
          kind: 'advisory',
          advisory: advisoryOf(`${cve}@USN-7000-1@Ubuntu:24.04`, 'ubuntu', {
            aliases: [cve],
            related: ['USN-7000-1'],
          }),
          affected: [bin('libfoo1', '1.2-3ubuntu0.1'), bin('libbaz2', '2:0.9-1ubuntu0.1~esm1', 'pro')],
        })),
        // A SOURCE package that happens to share the binary's name: not about binary libfoo1.
        record('CVE-2024-9999@Ubuntu', 'ubuntu', 'CVE-2024-9999', [
          affectedOf('Ubuntu:24.04', 'libfoo1', { scheme: 'dpkg', state: 'unfixed' }),
        ]),
      ],
    });
  });
  after(() => store.close());

  const noble = dist('ubuntu', '24.04', { versionCodename: 'noble' });
  const deb = (name: string, version: string, source: string, sourceVersion = version) =>
    pkgOf({ name, version, type: 'deb', source: { name: source, version: sourceVersion } });

  it('looks a binary up by its own name, with its own version, under the USN and its CVE', () => {
    const r = scan(store, [deb('libfoo1', '1.2-3', 'foo')], noble);
    // Two CVEs of one USN stay two vulnerabilities; each names the USN.
    assert.deepEqual(summary(r), {
      'CVE-2024-1111': ['affected', ['1.2-3ubuntu0.1']],
      'CVE-2024-2222': ['affected', ['1.2-3ubuntu0.1']],
    });
    const f = r.findings.find((x) => x.id === 'CVE-2024-1111')!;
    assert.deepEqual(f.aliases, ['USN-7000-1']);
    assert.deepEqual(f.advisories, ['CVE-2024-1111@USN-7000-1@Ubuntu:24.04']);
    assert.deepEqual(f.advisory, {
      name: 'USN-7000-1',
      link: 'https://ubuntu.com/security/notices/USN-7000-1',
    });
    assert.equal(f.note, undefined);
    // The binary's version decides, not the source's.
    assert.deepEqual(summary(scan(store, [deb('libfoo1', '1.2-3ubuntu0.1', 'foo', '1.2-3')], noble)), {});
    assert.deepEqual(
      Object.keys(summary(scan(store, [deb('libfoo1', '1.2-3', 'foo', '1.2-3ubuntu0.1')], noble))),
      ['CVE-2024-1111', 'CVE-2024-2222'],
    );
  });

  it('another binary of the same source is not matched by a row naming one binary', () => {
    assert.deepEqual(summary(scan(store, [deb('foo-doc', '1.2-3', 'foo')], noble)), {});
  });

  it('a Pro-only fix applies to a plain package and the note says where the fix is', () => {
    const r = scan(store, [deb('libbaz2', '2:0.9-1', 'baz')], noble);
    assert.deepEqual(summary(r), {
      'CVE-2024-1111': ['affected', ['2:0.9-1ubuntu0.1~esm1']],
      'CVE-2024-2222': ['affected', ['2:0.9-1ubuntu0.1~esm1']],
    });
    assert.equal(
      r.findings[0]!.note,
      'the fix (2:0.9-1ubuntu0.1~esm1) is available with Ubuntu Pro (ESM) only',
    );
    assert.deepEqual(summary(scan(store, [deb('libbaz2', '2:0.9-1ubuntu0.1~esm1', 'baz')], noble)), {});
  });
});
