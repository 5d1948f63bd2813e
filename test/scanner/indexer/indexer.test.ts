import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { defaultLimits } from '../../../src/runtime/limits.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { indexImage, type IndexOptions } from '../../../src/scanner/indexer/indexer.js';
import { distributionDetectors, packageFinders } from '../../../src/scanner/indexer/registry.js';
import { ociLayoutSource } from '../../../src/scanner/source/oci-layout/index.js';
import { fakeImage, fakeLayer, type FakeLayer } from '../../helpers/fake-image.js';
import { writeOciLayout } from '../../helpers/image-writers.js';
import { lineFinder, testReleaseDetector } from '../../helpers/line-finder.js';
import { buildTar, type TarEntry } from '../../helpers/tar-builder.js';

const ctx = { log: silentLogger, limits: defaultLimits };

async function layer(entries: TarEntry[]): Promise<FakeLayer> {
  return fakeLayer(await buildTar(entries), 'gzip');
}

describe('indexer pipeline', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-indexer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function index(layers: FakeLayer[], opts: Partial<IndexOptions> = {}, name = 'img') {
    const layout = join(dir, name);
    writeOciLayout(layout, [{ ref: 'latest', image: fakeImage(layers) }]);
    const image = await ociLayoutSource.resolve(layout, {}, ctx);
    let opened = 0;
    const openLayer = image.openLayer.bind(image);
    image.openLayer = (i, c) => {
      opened++;
      return openLayer(i, c);
    };
    const report = await indexImage(
      image,
      { toolVersion: 'test', finders: [lineFinder()], detectors: [testReleaseDetector], ...opts },
      ctx,
    );
    return { report, opened };
  }

  it('applies whiteouts and opaque directories across layers, as a container sees the files', async () => {
    const l0 = await layer([
      { name: 'etc/test-release', data: 'ID=base' },
      { name: 'app/a.pkgs', data: 'alpha 1\nbeta 1\n' },
      { name: 'app/mods/m.pkgs', data: 'lodash 4.17.15\n' },
      { name: 'gone/x.pkgs', data: 'ghost 1\n' },
      { name: 'tz/z.pkgs', data: 'tzdata 2024a\n' },
    ]);
    const l1 = await layer([
      { name: 'app/a.pkgs', data: 'alpha 1\nbeta 2\ngamma 1\n' },
      { name: '.wh.gone', data: '' },
      { name: 'tz/.wh.z.pkgs', data: '' },
    ]);
    const l2 = await layer([
      { name: 'app/mods/.wh..wh..opq', data: '' },
      { name: 'app/mods/n.pkgs', data: 'lodash 4.17.21\n' },
    ]);
    const { report } = await index([l0, l1, l2]);
    const got = report.packages.map((p) => `${p.name}@${p.version} ${p.location} L${p.layer!.index}`);
    assert.deepEqual(got, [
      'alpha@1 app/a.pkgs L0',
      'beta@2 app/a.pkgs L1',
      'gamma@1 app/a.pkgs L1',
      'lodash@4.17.21 app/mods/n.pkgs L2',
    ]);
    assert.equal(report.distribution?.id, 'base');
    assert.equal(report.packages[0]!.layer!.diffId, l0.diffId);
  });

  it('the topmost copy of a release file decides the distribution', async () => {
    const l0 = await layer([{ name: 'etc/test-release', data: 'ID=old' }]);
    const l1 = await layer([{ name: 'etc/test-release', data: 'ID=new' }]);
    const { report } = await index([l0, l1]);
    assert.equal(report.distribution?.id, 'new');
  });

  it('reads each layer once per cache: a warm run opens no layer and returns the same report', async () => {
    const cacheDir = join(dir, 'cache');
    const l0 = await layer([{ name: 'a.pkgs', data: 'one 1\n' }]);
    const l1 = await layer([{ name: 'b.pkgs', data: 'two 2\n' }]);
    const cold = await index([l0, l1], { cacheDir });
    assert.equal(cold.opened, 2);
    const warm = await index([l0, l1], { cacheDir });
    assert.equal(warm.opened, 0);
    assert.deepEqual(warm.report, cold.report);
    const forced = await index([l0, l1], { cacheDir, force: true });
    assert.equal(forced.opened, 2);
  });

  it('a layer shared by another image comes from the cache', async () => {
    const cacheDir = join(dir, 'cache');
    const base = await layer([{ name: 'base.pkgs', data: 'libc 2\n' }]);
    await index([base], { cacheDir }, 'first');
    const top = await layer([{ name: 'top.pkgs', data: 'app 1\n' }]);
    const second = await index([base, top], { cacheDir }, 'second');
    assert.equal(second.opened, 1);
    assert.deepEqual(
      second.report.packages.map((p) => p.name),
      ['app', 'libc'],
    );
  });

  it('a finder version change re-reads layers for that finder only', async () => {
    const cacheDir = join(dir, 'cache');
    const l0 = await layer([{ name: 'a.pkgs', data: 'one 1\n' }]);
    await index([l0], { cacheDir });
    const calls: string[] = [];
    const again = await index([l0], { cacheDir, finders: [lineFinder(2, calls)] });
    assert.equal(again.opened, 1);
    assert.deepEqual(calls, ['a.pkgs']);
    const third = await index([l0], { cacheDir, finders: [lineFinder(2, calls)] });
    assert.equal(third.opened, 0);
  });

  it('a finder that throws becomes a warning naming the finder and path; the scan goes on', async () => {
    const l0 = await layer([
      { name: 'a.pkgs', data: 'one 1\n' },
      { name: 'b.pkgs', data: 'boom\n' },
    ]);
    const throwing = lineFinder();
    const find = throwing.find.bind(throwing);
    throwing.find = (f, c) => {
      if (f.path === 'b.pkgs') throw new Error('bad file');
      return find(f, c);
    };
    const { report } = await index([l0], { finders: [throwing] });
    assert.deepEqual(
      report.packages.map((p) => p.name),
      ['one'],
    );
    assert.equal(report.warnings[0]!.code, 'FINDER_FAILED');
    assert.match(report.warnings[0]!.message, /lines could not read b\.pkgs: bad file/);
  });

  it('does not cache a layer whose content fails its diff-id', async () => {
    const cacheDir = join(dir, 'cache');
    const good = await layer([{ name: 'a.pkgs', data: 'one 1\n' }]);
    const bad = { ...good, diffId: good.diffId.replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
    await assert.rejects(index([bad], { cacheDir }), /LAYER_DIFF_ID_MISMATCH|uncompressed content/);
    const ok = await index([good], { cacheDir });
    assert.equal(ok.opened, 1);
  });
  it('marks language packages whose files a dpkg package installed, in any layer, and keeps them', async () => {
    const egg = 'usr/lib/python3/dist-packages/requests-2.28.1.egg-info';
    const statusEntry = (name: string, version: string) =>
      `Package: ${name}\nStatus: install ok installed\nArchitecture: all\nVersion: ${version}\n\n`;
    const l0 = await layer([
      { name: 'etc/os-release', data: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' },
      { name: 'var/lib/dpkg/status', data: statusEntry('python3-requests', '2.28.1+dfsg-1') },
      { name: 'var/lib/dpkg/info/python3-requests.list', data: `/.\n/usr\n/${egg}\n/${egg}/PKG-INFO\n` },
      { name: `${egg}/PKG-INFO`, data: 'Metadata-Version: 2.1\nName: requests\nVersion: 2.28.1\n' },
    ]);
    // A later layer adds a pip-installed copy no OS package owns, and a node module dpkg owns.
    const l1 = await layer([
      {
        name: 'usr/local/lib/python3.11/dist-packages/requests-2.31.0.dist-info/METADATA',
        data: 'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n',
      },
      { name: 'usr/share/nodejs/debug/package.json', data: '{"name":"debug","version":"4.3.4"}' },
      {
        name: 'var/lib/dpkg/status',
        data: statusEntry('python3-requests', '2.28.1+dfsg-1') + statusEntry('node-debug', '4.3.4+~4.1.7-1'),
      },
      { name: 'var/lib/dpkg/info/node-debug.list', data: '/usr/share/nodejs/debug/package.json\n' },
    ]);
    const { report } = await index([l0, l1], {
      finders: [...packageFinders],
      detectors: [...distributionDetectors],
    });
    const lang = report.packages
      .filter((p) => p.kind === 'language')
      .map((p) => `${p.type}:${p.name}@${p.version}:${p.ownedByOsPackage ?? '-'}`)
      .sort();
    assert.deepEqual(lang, [
      'npm:debug@4.3.4:node-debug',
      'pypi:requests@2.28.1:python3-requests',
      'pypi:requests@2.31.0:-',
    ]);
    const os = report.packages
      .filter((p) => p.kind === 'os')
      .map((p) => p.name)
      .sort();
    assert.deepEqual(os, ['node-debug', 'python3-requests']);
  });
});
