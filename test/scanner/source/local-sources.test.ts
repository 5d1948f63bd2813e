import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { isRampartError } from '../../../src/runtime/errors.js';
import { defaultLimits } from '../../../src/runtime/limits.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { indexImage } from '../../../src/scanner/indexer/indexer.js';
import type { ResolvedImage } from '../../../src/scanner/source/contracts.js';
import { dockerArchiveSource } from '../../../src/scanner/source/docker-archive/index.js';
import { ociLayoutSource } from '../../../src/scanner/source/oci-layout/index.js';
import { rootfsSource } from '../../../src/scanner/source/rootfs/index.js';
import { pickSource } from '../../../src/scanner/source/sources.js';
import { fakeImage, fakeIndex, fakeLayer } from '../../helpers/fake-image.js';
import { writeDockerArchive, writeOciLayout, writeRootfs } from '../../helpers/image-writers.js';
import { lineFinder } from '../../helpers/line-finder.js';
import { readAll } from '../../helpers/recording-context.js';
import { buildTar } from '../../helpers/tar-builder.js';

const ctx = { log: silentLogger, limits: defaultLimits };

async function packagesOf(image: ResolvedImage): Promise<string[]> {
  try {
    const r = await indexImage(image, { toolVersion: 't', finders: [lineFinder()], detectors: [] }, ctx);
    return r.packages.map((p) => `${p.name}@${p.version}`);
  } finally {
    await image.close();
  }
}

async function rejectsCode(p: Promise<unknown>, code: string, pattern?: RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isRampartError(err, code), `expected ${code}, got ${String(err)}`);
    if (pattern) assert.match((err as Error).message, pattern);
    return true;
  });
}

describe('local image sources', () => {
  let dir: string;
  let img: ReturnType<typeof fakeImage>;
  before(async () => {
    img = fakeImage([
      fakeLayer(await buildTar([{ name: 'a.pkgs', data: 'one 1\n' }]), 'gzip'),
      fakeLayer(await buildTar([{ name: 'b.pkgs', data: 'two 2\n' }]), 'zstd'),
    ]);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-src-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('OCI layout', () => {
    it('resolves a ref name, verifies blobs and yields the packages', async () => {
      writeOciLayout(join(dir, 'l'), [{ ref: 'v1', image: img }]);
      const image = await ociLayoutSource.resolve(`oci:${join(dir, 'l')}:v1`, {}, ctx);
      assert.equal(image.manifestDigest, img.manifestDigest);
      assert.equal(image.configDigest, img.configDigest);
      assert.deepEqual(
        image.layers.map((l) => l.compression),
        ['gzip', 'zstd'],
      );
      assert.deepEqual(
        image.layers.map((l) => l.createdBy),
        ['RUN step 0', 'RUN step 1'],
      );
      assert.deepEqual(await packagesOf(image), ['one@1', 'two@2']);
    });

    it('picks the platform from an index and lists the offered platforms when absent', async () => {
      const arm = fakeImage(img.layers, { architecture: 'arm64', variant: 'v8' });
      const idx = fakeIndex([
        { image: img, os: 'linux', architecture: 'amd64' },
        { image: arm, os: 'linux', architecture: 'arm64', variant: 'v8' },
      ]);
      writeOciLayout(join(dir, 'l'), [], { ref: 'multi', index: idx, members: [img, arm] });
      const a = await ociLayoutSource.resolve(
        join(dir, 'l'),
        { platform: { os: 'linux', architecture: 'arm64' } },
        ctx,
      );
      assert.equal(a.manifestDigest, arm.manifestDigest);
      await rejectsCode(
        ociLayoutSource.resolve(join(dir, 'l'), { platform: { os: 'linux', architecture: 's390x' } }, ctx),
        'SOURCE_PLATFORM_NOT_FOUND',
        /linux\/amd64, linux\/arm64\/v8/,
      );
    });

    it('names the refs when the layout holds several images and none was chosen', async () => {
      writeOciLayout(join(dir, 'l'), [
        { ref: 'a', image: img },
        { ref: 'b', image: img },
      ]);
      await rejectsCode(ociLayoutSource.resolve(join(dir, 'l'), {}, ctx), 'SOURCE_AMBIGUOUS', /refs: a, b/);
      await rejectsCode(
        ociLayoutSource.resolve(`oci:${join(dir, 'l')}:c`, {}, ctx),
        'SOURCE_NOT_FOUND',
        /has: a, b/,
      );
    });

    it('refuses a tampered manifest, config or layer blob', async () => {
      const l = join(dir, 'l');
      writeOciLayout(l, [{ image: img }]);
      const blob = (d: string) => join(l, 'blobs', 'sha256', d.slice(7));
      // layer: flip a byte → digest mismatch while streaming
      const layerPath = blob(img.layers[0]!.digest);
      const orig = readFileSync(layerPath);
      const bad = Buffer.from(orig);
      bad[bad.length - 5] ^= 0xff;
      writeFileSync(layerPath, bad);
      const image = await ociLayoutSource.resolve(l, {}, ctx);
      await rejectsCode(readAll(await image.openLayer(0, ctx)), 'SOURCE_DIGEST_MISMATCH');
      writeFileSync(layerPath, orig);
      // config
      writeFileSync(blob(img.configDigest), Buffer.concat([img.config, Buffer.from(' ')]));
      await rejectsCode(ociLayoutSource.resolve(l, {}, ctx), 'SOURCE_DIGEST_MISMATCH', /image config/);
    });

    it('reports a missing blob clearly', async () => {
      const l = join(dir, 'l');
      writeOciLayout(l, [{ image: img }]);
      rmSync(join(l, 'blobs', 'sha256', img.configDigest.slice(7)));
      await rejectsCode(ociLayoutSource.resolve(l, {}, ctx), 'SOURCE_BLOB_MISSING');
    });

    it('refuses a malformed index.json', async () => {
      const l = join(dir, 'l');
      writeOciLayout(l, [{ image: img }]);
      writeFileSync(join(l, 'index.json'), '{"manifests": [');
      await rejectsCode(ociLayoutSource.resolve(l, {}, ctx), 'SOURCE_MANIFEST_INVALID', /not valid JSON/);
    });
  });

  describe('docker archive', () => {
    it('reads a docker save archive, with and without a tag, plain and gzipped', async () => {
      const file = join(dir, 'img.tar');
      await writeDockerArchive(file, [{ tags: ['fixture/app:latest'], image: img }]);
      const image = await dockerArchiveSource.resolve(file, {}, ctx);
      assert.equal(image.configDigest, img.configDigest);
      assert.deepEqual(image.repoTags, ['fixture/app:latest']);
      assert.deepEqual(await packagesOf(image), ['one@1', 'two@2']);
      assert.deepEqual(
        await packagesOf(
          await dockerArchiveSource.resolve(`docker-archive:${file}:fixture/app:latest`, {}, ctx),
        ),
        ['one@1', 'two@2'],
      );
      writeFileSync(join(dir, 'img.tar.gz'), gzipSync(readFileSync(file)));
      assert.deepEqual(
        await packagesOf(await dockerArchiveSource.resolve(join(dir, 'img.tar.gz'), {}, ctx)),
        ['one@1', 'two@2'],
      );
    });

    it('selects by tag when the archive holds several images', async () => {
      const other = fakeImage([fakeLayer(await buildTar([{ name: 'c.pkgs', data: 'three 3\n' }]), 'none')]);
      const file = join(dir, 'two.tar');
      await writeDockerArchive(file, [
        { tags: ['a:1'], image: img },
        { tags: ['b:2'], image: other },
      ]);
      await rejectsCode(dockerArchiveSource.resolve(file, {}, ctx), 'SOURCE_AMBIGUOUS', /a:1, b:2/);
      assert.deepEqual(
        await packagesOf(await dockerArchiveSource.resolve(`docker-archive:${file}:b:2`, {}, ctx)),
        ['three@3'],
      );
      await rejectsCode(
        dockerArchiveSource.resolve(`docker-archive:${file}:c:3`, {}, ctx),
        'SOURCE_NOT_FOUND',
      );
    });

    it('refuses a tar that is not an image archive, and a truncated one', async () => {
      const file = join(dir, 'x.tar');
      writeFileSync(file, await buildTar([{ name: 'hello.txt', data: 'hi' }]));
      await rejectsCode(
        dockerArchiveSource.resolve(file, {}, ctx),
        'SOURCE_ARCHIVE_CORRUPT',
        /manifest\.json/,
      );
      const good = join(dir, 'good.tar');
      await writeDockerArchive(good, [{ tags: ['a:1'], image: img }]);
      const bytes = readFileSync(good);
      writeFileSync(file, bytes.subarray(0, 700));
      await assert.rejects(dockerArchiveSource.resolve(file, {}, ctx), (e: unknown) => isRampartError(e));
    });
  });

  describe('root filesystem', () => {
    it('walks a directory without following symlinks out of it', async () => {
      const root = join(dir, 'root');
      writeRootfs(root, { 'app/a.pkgs': 'one 1\n', 'proc/x.pkgs': 'kernel 1\n' });
      writeFileSync(join(dir, 'outside.pkgs'), 'host-secret 1\n');
      mkdirSync(join(root, 'lnk'));
      symlinkSync(join(dir, 'outside.pkgs'), join(root, 'lnk', 'evil.pkgs'));
      symlinkSync(dir, join(root, 'hostdir'));
      assert.deepEqual(await packagesOf(await rootfsSource.resolve(`rootfs:${root}`)), ['one@1']);
    });
  });

  it('picks the source from the reference form', () => {
    const layout = join(dir, 'l');
    writeOciLayout(layout, [{ image: img }]);
    writeFileSync(join(dir, 'a.tar'), '');
    assert.equal(pickSource(layout).name, 'oci-layout');
    assert.equal(pickSource(join(dir, 'a.tar')).name, 'docker-archive');
    assert.equal(pickSource(dir).name, 'rootfs');
    assert.equal(pickSource('registry.example.com/team/app:1').name, 'registry');
    assert.equal(pickSource('oci:/nowhere:tag').name, 'oci-layout');
    assert.equal(pickSource('docker://alpine').name, 'registry');
    assert.throws(
      () => pickSource(join(dir, 'missing.tar')),
      (e: unknown) => isRampartError(e, 'SOURCE_NOT_FOUND'),
    );
    assert.throws(() => pickSource('./no/such/dir'), /does not exist/);
  });
});
