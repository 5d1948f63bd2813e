import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apkFinder } from '../../../src/scanner/indexer/apk/index.js';
import { agreement, requirePkgdb, runFinderOnDir } from './run-finder-on-dir.js';

const figures: string[] = [];

describe('corpus: apk finder against pkgdb/apk', function () {
  let root = '';
  before(function () {
    root = requirePkgdb(this);
  });
  after(() => {
    if (figures.length) console.log(`apk agreement:\n  ${figures.join('\n  ')}`);
  });

  it('trivy: same 15 packages, versions, arches, origins and owned files as Trivy', async () => {
    const dir = join(root, 'apk/trivy');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    const got = await runFinderOnDir(apkFinder, dir);
    type P = { Name: string; Version: string; Arch: string; SrcName: string; InstalledFiles?: string[] };
    const pkgs = expected.packages as P[];
    const a = agreement(
      pkgs.map((p) => `${p.Name}@${p.Version} ${p.Arch} src=${p.SrcName}`),
      got.packages.map((p) => `${p.name}@${p.version} ${p.arch} src=${p.source?.name ?? p.name}`),
    );
    figures.push(`trivy: ${a.matched}/${a.total} (extra ${a.extra.length})`);
    assert.deepEqual(a.missing, []);
    assert.deepEqual(a.extra, []);
    // Trivy drops "invalidPackageWithoutAVersion"; we do too, and say so.
    assert.ok(
      got.warnings.some(
        (w) => w.code === 'APK_INCOMPLETE_ENTRY' && w.message.includes('invalidPackageWithoutAVersion'),
      ),
    );
    // Licences: Trivy rewrites them to SPDX ids (GPL2 -> GPL-2.0-only); we keep the DB's text, so
    // only the ones already written as SPDX ids in the DB are compared.
    let owned = 0;
    for (const p of pkgs) {
      const ours = got.ownedFiles.find((o) => o.owner === p.Name);
      if (!p.InstalledFiles) continue;
      assert.deepEqual(ours?.paths, p.InstalledFiles, `owned files of ${p.Name}`);
      owned++;
    }
    figures.push(
      `trivy owned files: ${owned}/${pkgs.filter((p) => p.InstalledFiles).length} packages identical`,
    );
  });

  for (const name of ['base', 'single', 'empty-deps-and-provides']) {
    it(`syft ${name}: first package as syft describes it`, async () => {
      const dir = join(root, 'apk/syft', name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const want = expected.expected_first_package;
      const got = await runFinderOnDir(apkFinder, dir);
      const first = got.packages[0];
      assert.ok(first);
      assert.equal(first.name, want.Name);
      assert.equal(first.version, want.Version);
      assert.equal(first.arch, want.Metadata.Architecture);
      assert.equal(first.source?.name, want.Metadata.OriginPackage);
      type Lic = { call: string; args: (string | Lic)[] };
      const lic = want.Licenses as Lic | undefined;
      const licArgs = lic?.call === 'pkg.NewLicenseSet' ? (lic.args as Lic[]) : lic ? [lic] : [];
      const wantLicenses = licArgs.map((l) => l.args[1]);
      assert.deepEqual(first.licenses ?? [], wantLicenses);
      // syft lists F: directories and R: files together; we own only files, so syft's list must be
      // exactly our files plus the F: directories of the first entry.
      const raw = readFileSync(join(dir, 'lib/apk/db/installed'), 'utf8').split('\n\n')[0]!;
      const dirs = raw
        .split('\n')
        .filter((l) => l.startsWith('F:'))
        .map((l) => l.slice(2));
      const wantPaths = (want.Metadata.Files as { Path: string }[])
        .map((f) => f.Path.replace(/^\//, ''))
        .sort();
      assert.deepEqual([...dirs, ...(got.ownedFiles[0]?.paths ?? [])].sort(), wantPaths);
      figures.push(`syft ${name}: 1/1`);
    });
  }

  it('syft multiple-1/-2, extra-file-attributes: every entry read, no warnings', async () => {
    for (const [name, count] of [
      ['multiple-1', 4],
      ['multiple-2', 14],
      ['extra-file-attributes', 1],
    ] as const) {
      const got = await runFinderOnDir(apkFinder, join(root, 'apk/syft', name));
      assert.equal(got.packages.length, count, name);
      assert.deepEqual(got.warnings, [], name);
    }
  });

  it('syft corrupt: the garbage line is a warning, the intact entry is still read', async () => {
    const got = await runFinderOnDir(apkFinder, join(root, 'apk/syft/corrupt'));
    assert.equal(got.warnings[0]?.code, 'APK_MALFORMED_LINES');
    assert.deepEqual(
      got.packages.map((p) => p.name),
      ['alpine-baselayout-data'],
    );
  });
});
