import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageRecord } from '../../../src/model/package.js';
import { dpkgFinder } from '../../../src/scanner/indexer/dpkg/index.js';
import { parseStatus } from '../../../src/scanner/indexer/dpkg/parse-status.js';
import { agreement, requirePkgdb, runFinderOnDir } from './run-finder-on-dir.js';

interface TrivyPkg {
  Name: string;
  Version: string;
  Release?: string;
  Epoch?: number;
  Arch?: string;
  SrcName?: string;
  SrcVersion?: string;
  SrcRelease?: string;
  SrcEpoch?: number;
}

function evr(epoch: number | undefined, version: string, release: string | undefined): string {
  return `${epoch ? `${epoch}:` : ''}${version}${release ? `-${release}` : ''}`;
}

/** One comparable line per package: name, full version, arch, source name and version. */
function trivyKey(p: TrivyPkg): string {
  const version = evr(p.Epoch, p.Version, p.Release);
  const src = p.SrcName ? `${p.SrcName}@${evr(p.SrcEpoch, p.SrcVersion ?? '', p.SrcRelease)}` : '';
  return `${p.Name}@${version} ${p.Arch ?? ''} src=${src}`;
}

function ourKey(p: PackageRecord): string {
  return `${p.name}@${p.version} ${p.arch ?? ''} src=${p.source?.name ?? p.name}@${p.source?.version ?? p.version}`;
}

const figures: string[] = [];

describe('corpus: dpkg finder against pkgdb/dpkg and pkgdb/dpkg-status.d', function () {
  let root = '';
  before(function () {
    root = requirePkgdb(this);
  });
  after(() => {
    if (figures.length) console.log(`dpkg agreement:\n  ${figures.join('\n  ')}`);
  });

  for (const name of [
    'trivy-valid',
    'trivy-corrupsed',
    'trivy-only-apt',
    'trivy-digest',
    'trivy-md5sums',
    'trivy-third-party',
  ]) {
    it(`${name}: same packages, versions, arches and sources as Trivy`, async () => {
      const dir = join(root, 'dpkg', name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const info = expected.want.PackageInfos[0];
      const pkgs: TrivyPkg[] = Array.isArray(info.Packages) ? info.Packages : info.Packages.__items__;
      const got = await runFinderOnDir(dpkgFinder, join(dir, 'root'));
      assert.equal(pkgs.length, expected.package_count);
      const a = agreement(pkgs.map(trivyKey), got.packages.map(ourKey));
      figures.push(`${name}: ${a.matched}/${a.total} (extra ${a.extra.length})`);
      assert.deepEqual(a.missing, []);
      assert.deepEqual(a.extra, []);
      for (const p of got.packages) assert.equal(p.location, 'var/lib/dpkg/status');
      // Deliberate difference: Trivy fills InstalledFiles from info/*.md5sums; we read info/*.list
      // (which also lists conffiles and directories), so the md5sums fixture yields no owned files.
      assert.deepEqual(got.ownedFiles, []);
    });
  }

  it('trivy-corrupsed: the stanza with the invalid version "1:5.#" becomes a warning', async () => {
    const got = await runFinderOnDir(dpkgFinder, join(root, 'dpkg/trivy-corrupsed/root'));
    assert.ok(got.warnings.some((w) => w.code === 'DPKG_BAD_VERSION' && w.message.includes('invalidpkg')));
  });

  it('claircore: texlive has 357 packages, keyring version, postgresql source, vcpkg refused', () => {
    const read = (f: string) => parseStatus(readFileSync(join(root, 'dpkg/claircore', f), 'utf8'), f);
    const tex = read('texlive.status');
    assert.equal(tex.packages.length, 357);
    assert.equal(read('debian-only.status').packages[0]?.version, '2019.1');
    const pg = read('postgresql.status').packages.find((p) => p.name === 'postgresql-client');
    assert.deepEqual(pg?.source, { name: 'postgresql-common', version: '200+deb10u5' });
    const vcpkg = read('vcpkg.status');
    assert.equal(vcpkg.packages.length, 0);
    assert.equal(vcpkg.warnings[0]?.code, 'DPKG_NOT_DPKG_DB');
    figures.push('claircore: 4/4 cases');
  });

  for (const name of ['single', 'multiple', 'installed-size-4KB', 'deinstall']) {
    it(`syft status.d/${name}: same entries as syft`, async () => {
      const base = join(root, 'dpkg-status.d/syft');
      const expected = JSON.parse(readFileSync(join(base, 'expected', `${name}.json`), 'utf8'));
      const got = parseStatus(readFileSync(join(base, expected.file), 'utf8'), expected.file);
      // Deliberate difference: syft keeps the "no-version" entry of `multiple`; a package without a
      // version cannot be matched against any advisory, so we skip it with a warning.
      const entries = (expected.expected_entries as Record<string, string>[]).filter((e) => e.Version);
      const keys = entries.map(
        (e) => `${e.Package}@${e.Version} ${e.Architecture ?? ''} src=${e.Source ?? ''}`,
      );
      const ours = got.packages.map(
        (p) => `${p.name}@${p.version} ${p.arch ?? ''} src=${p.source?.name ?? ''}`,
      );
      const a = agreement(keys, ours);
      figures.push(`syft ${name}: ${a.matched}/${expected.expected_entries.length}`);
      assert.deepEqual(a.missing, []);
      assert.deepEqual(a.extra, []);
    });
  }

  it('syft status.d/corrupt: no packages, a warning instead of an error', async () => {
    const got = await runFinderOnDir(dpkgFinder, join(root, 'dpkg-status.d/syft'));
    const corrupt = got.warnings.filter((w) => w.subject === 'var/lib/dpkg/status.d/corrupt');
    assert.equal(corrupt.length, 1);
    assert.equal(got.packages.filter((p) => p.location.endsWith('/corrupt')).length, 0);
  });

  it('distroless image layout: the status.d package and the files its .md5sums lists', async () => {
    const got = await runFinderOnDir(dpkgFinder, join(root, 'dpkg-status.d/syft-image-distroless-deb'));
    assert.deepEqual(
      got.packages.map((p) => `${p.name}@${p.version} ${p.arch} ${p.source?.name}`),
      ['libsqlite3-0@3.34.1-3 arm64 sqlite3'],
    );
    assert.equal(got.ownedFiles.length, 1);
    assert.equal(got.ownedFiles[0]?.owner, 'libsqlite3-0');
    assert.ok(got.ownedFiles[0]?.paths.includes('usr/lib/aarch64-linux-gnu/libsqlite3.so.0.8.6'));
  });
});
