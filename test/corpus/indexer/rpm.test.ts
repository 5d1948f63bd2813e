import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageRecord } from '../../../src/model/package.js';
import { rpmFinder } from '../../../src/scanner/indexer/rpm/index.js';
import { parseHeader } from '../../../src/scanner/indexer/rpm/parse-header.js';
import { parseRpmdb } from '../../../src/scanner/indexer/rpm/parse-rpmdb.js';
import { parseSourceRpm } from '../../../src/scanner/indexer/rpm/rpm-package-record.js';
import { agreement, requirePkgdb, runFinderOnDir } from './run-finder-on-dir.js';

interface GoRpmPkg {
  Name: string;
  Version: string;
  Release: string;
  Epoch?: number | null;
  Arch: string;
  SourceRpm: string;
  License: string;
  Modularitylabel?: string;
}

/** name, [epoch:]version-release, arch, source, licence and module of a go-rpmdb package. */
function goKey(p: GoRpmPkg): string {
  const src = parseSourceRpm(p.SourceRpm);
  const mod = p.Modularitylabel ? p.Modularitylabel.split(':').slice(0, 2).join(':') : '';
  const epoch = p.Epoch !== undefined && p.Epoch !== null ? `${p.Epoch}:` : '';
  return `${p.Name}@${epoch}${p.Version}-${p.Release} ${p.Arch} src=${src?.name}@${src?.version} lic=${p.License} mod=${mod}`;
}

function ourKey(p: PackageRecord): string {
  return `${p.name}@${p.version} ${p.arch} src=${p.source?.name}@${p.source?.version} lic=${p.licenses?.[0] ?? ''} mod=${p.module ?? ''}`;
}

const figures: string[] = [];

describe('corpus: rpm finder against pkgdb/rpm', function () {
  let root = '';
  before(function () {
    root = requirePkgdb(this);
  });
  after(() => {
    if (figures.length) console.log(`rpm agreement:\n  ${figures.join('\n  ')}`);
  });

  it('ndb/sle15-bci: all 35 packages as go-rpmdb lists them', async () => {
    const dir = join(root, 'rpm/ndb/sle15-bci');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    const start = performance.now();
    const got = await runFinderOnDir(rpmFinder, dir);
    const ms = performance.now() - start;
    assert.deepEqual(got.claimed, ['var/lib/rpm/Packages.db']);
    const a = agreement((expected.packages as GoRpmPkg[]).map(goKey), got.packages.map(ourKey));
    figures.push(`ndb sle15-bci: ${a.matched}/${a.total} (extra ${a.extra.length}, ${ms.toFixed(0)} ms)`);
    assert.deepEqual(a.missing, []);
    assert.deepEqual(a.extra, []);
    assert.deepEqual(got.warnings, []);
    // Same iteration order as upstream (slot order).
    assert.deepEqual(
      got.packages.map((p) => p.name),
      (expected.packages as GoRpmPkg[]).map((p) => p.Name),
    );
  });

  for (const [name, format, dbPath] of [
    ['bdb/libuuid', 'bdb', 'var/lib/rpm/Packages'],
    ['sqlite/cbl-mariner-2.0', 'sqlite', 'var/lib/rpm/rpmdb.sqlite'],
  ] as const) {
    it(`${name}: the package go-rpmdb asserts, with its installed files`, async () => {
      const dir = join(root, 'rpm', name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const got = await runFinderOnDir(rpmFinder, dir);
      assert.deepEqual(got.claimed, [dbPath]);
      assert.deepEqual(got.warnings, []);
      const want = expected.want as GoRpmPkg;
      const ours = got.packages.find((p) => p.name === expected.package_name);
      assert.ok(ours, `${expected.package_name} found`);
      assert.equal(ourKey(ours), goKey(want));
      const owned = got.ownedFiles.find((o) => o.owner === expected.package_name);
      assert.deepEqual(
        owned?.paths,
        (expected.wantInstalledFileNames as string[]).map((f) => f.slice(1)),
      );
      figures.push(`${format} ${name}: 1/1 asserted package identical (DB holds ${got.packages.length})`);
    });
  }

  it('sqlite/cbl-mariner-2.0: every one of the 129 rows is a package', async () => {
    const got = await runFinderOnDir(rpmFinder, join(root, 'rpm/sqlite/cbl-mariner-2.0'));
    assert.equal(got.packages.length, 129);
    for (const p of got.packages) assert.match(p.purl, /^pkg:rpm\/[^/]+@[^?]+\?arch=/);
  });

  it('bdb/syft-dive: the dive package, with the same purl as syft', async () => {
    const dir = join(root, 'rpm/bdb/syft-dive');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    const got = await runFinderOnDir(rpmFinder, dir);
    assert.equal(got.packages.length, expected.package_count);
    const [want] = expected.expected;
    const [ours] = got.packages;
    assert.equal(ours?.name, want.Name);
    assert.equal(ours?.version, want.Version);
    assert.equal(ours?.purl, want.PURL);
    assert.deepEqual(ours?.licenses, [want.Licenses.args[1]]);
    assert.deepEqual(ours?.source, parseSourceRpm(want.Metadata.SourceRpm));
    figures.push('bdb syft-dive: 1/1 (purl identical)');
  });

  it('sqlite/claircore-no-packages: no packages, and a warning that there is no Packages table', () => {
    const data = readFileSync(join(root, 'rpm/sqlite/claircore-no-packages/rpmdb.sqlite'));
    const got = parseRpmdb(data, 'var/lib/rpm/rpmdb.sqlite');
    assert.equal(got.packages.length, 0);
    assert.match(got.warnings[0]?.message ?? '', /no Packages table/);
  });

  it('header/claircore-package.header: a raw header blob parses and its SOURCERPM matches its NEVRA', () => {
    const h = parseHeader(readFileSync(join(root, 'rpm/header/claircore-package.header')));
    assert.ok(h.name && h.version && h.release && h.arch);
    assert.equal(h.sourceRpm, `${h.name}-${h.version}-${h.release}.src.rpm`);
    assert.ok(h.files.length > 0);
    for (const f of h.files) assert.ok(!f.startsWith('/'), f);
  });
});
