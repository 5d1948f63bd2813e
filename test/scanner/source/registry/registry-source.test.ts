import assert from 'node:assert/strict';

import { decompress } from 'fzstd';

import { isRampartError } from '../../../../src/runtime/errors.js';
import type { ResolveOptions } from '../../../../src/scanner/source/contracts.js';
import { registrySource } from '../../../../src/scanner/source/registry/index.js';
import { fakeImage, fakeIndex, fakeLayer, sha256 } from '../../../helpers/fake-image.js';
import { FakeRegistry } from '../../../helpers/fake-registry.js';
import { readAll, recordingContext } from '../../../helpers/recording-context.js';

const FAST: ResolveOptions = { retryDelayMs: 1 };

describe('registry source (fake registry)', () => {
  let reg: FakeRegistry;
  afterEach(async () => reg?.stop());

  const layers = [fakeLayer('base layer '.repeat(500)), fakeLayer('second layer '.repeat(800))];
  it('resolves anonymously and streams every layer with its digest verified', async () => {
    reg = await FakeRegistry.start();
    const image = fakeImage(layers);
    reg.pushImage('team/app', 'v1', image);
    const { ctx, logged } = recordingContext();
    const resolved = await registrySource.resolve(`${reg.host}/team/app:v1`, FAST, ctx);
    try {
      assert.equal(
        logged.filter((l) => l.msg === 'registry https failed, trying http').length,
        1,
        'HTTPS tried once, then plain HTTP kept for this loopback host',
      );
      assert.equal(resolved.reference, `${reg.host}/team/app:v1`);
      assert.equal(resolved.sourceKind, 'registry');
      assert.equal(resolved.manifestDigest, image.manifestDigest);
      assert.equal(resolved.configDigest, image.configDigest);
      assert.equal(resolved.manifestMediaType, 'application/vnd.oci.image.manifest.v1+json');
      assert.deepEqual(resolved.platform, { os: 'linux', architecture: 'amd64' });
      assert.deepEqual(resolved.repoTags, [`${reg.host}/team/app:v1`]);
      assert.deepEqual(
        resolved.layers.map((l) => [l.index, l.digest, l.diffId, l.compression, l.size, l.createdBy]),
        layers.map((l, i) => [i, l.digest, l.diffId, 'gzip', l.blob.length, `RUN step ${i}`]),
      );
      for (const [i, l] of layers.entries()) {
        assert.deepEqual(await readAll(await resolved.openLayer(i, ctx)), l.blob);
      }
      await assert.rejects(resolved.openLayer(2, ctx), (e) => isRampartError(e, 'SOURCE_LAYER_INDEX'));
    } finally {
      await resolved.close();
    }
  });

  it('reports gzip, zstd and uncompressed layers from their media types (OCI and Docker)', async () => {
    reg = await FakeRegistry.start();
    const mixed = [
      fakeLayer('gz '.repeat(100), 'gzip'),
      fakeLayer('zst '.repeat(40000), 'zstd'),
      fakeLayer('plain', 'none'),
    ];
    reg.pushImage('mixed/oci', 'latest', fakeImage(mixed, { format: 'oci' }));
    reg.pushImage('mixed/docker', 'latest', fakeImage(mixed, { format: 'docker' }));
    const { ctx } = recordingContext();
    for (const repo of ['mixed/oci', 'mixed/docker']) {
      const resolved = await registrySource.resolve(`${reg.host}/${repo}`, FAST, ctx);
      assert.deepEqual(
        resolved.layers.map((l) => l.compression),
        ['gzip', 'zstd', 'none'],
      );
      const zst = await readAll(await resolved.openLayer(1, ctx));
      assert.deepEqual(Buffer.from(decompress(zst)), mixed[1]!.content);
      await resolved.close();
    }
  });

  it('pins by digest and refuses a manifest whose bytes do not match it', async () => {
    reg = await FakeRegistry.start();
    const image = fakeImage(layers);
    reg.pushImage('team/app', 'v1', image);
    const { ctx } = recordingContext();
    const ok = await registrySource.resolve(`${reg.host}/team/app@${image.manifestDigest}`, FAST, ctx);
    assert.equal(ok.manifestDigest, image.manifestDigest);
    assert.equal(ok.repoTags, undefined);
    await ok.close();
    reg.fault(`/v2/team/app/manifests/${image.manifestDigest}`, { kind: 'corrupt' });
    await assert.rejects(
      registrySource.resolve(`${reg.host}/team/app@${image.manifestDigest}`, FAST, ctx),
      (e) => {
        assert.ok(isRampartError(e, 'SOURCE_DIGEST_MISMATCH'));
        assert.match(e.message, new RegExp(image.manifestDigest));
        return true;
      },
    );
  });

  it('picks the wanted platform from an index (arm64 = arm64/v8) and lists platforms when absent', async () => {
    reg = await FakeRegistry.start();
    const amd = fakeImage([fakeLayer('amd64 bits')]);
    const arm = fakeImage([fakeLayer('arm64 bits')], { architecture: 'arm64', variant: 'v8' });
    const attestation = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256('x'),
      size: 1,
      platform: { os: 'unknown', architecture: 'unknown' },
    };
    for (const format of ['oci', 'docker'] as const) {
      reg.pushImage('multi/app', undefined, amd);
      reg.pushImage('multi/app', undefined, arm);
      reg.pushIndex(
        'multi/app',
        format,
        fakeIndex(
          [
            { image: amd, os: 'linux', architecture: 'amd64' },
            { image: arm, os: 'linux', architecture: 'arm64', variant: 'v8' },
          ],
          format,
          [attestation],
        ),
      );
      const { ctx } = recordingContext();
      const def = await registrySource.resolve(`${reg.host}/multi/app:${format}`, FAST, ctx);
      assert.equal(def.manifestDigest, amd.manifestDigest);
      await def.close();
      const a64 = await registrySource.resolve(
        `${reg.host}/multi/app:${format}`,
        { ...FAST, platform: { os: 'linux', architecture: 'arm64' } },
        ctx,
      );
      assert.equal(a64.manifestDigest, arm.manifestDigest);
      assert.deepEqual(a64.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
      await a64.close();
      await assert.rejects(
        registrySource.resolve(
          `${reg.host}/multi/app:${format}`,
          { ...FAST, platform: { os: 'linux', architecture: 's390x' } },
          ctx,
        ),
        (e) => {
          assert.ok(isRampartError(e, 'SOURCE_PLATFORM_NOT_FOUND'));
          assert.match(e.message, /no linux\/s390x image; it has linux\/amd64, linux\/arm64\/v8\./);
          return true;
        },
      );
    }
  });

  it('refuses schema 1 manifests and non-image artifacts', async () => {
    reg = await FakeRegistry.start();
    reg.putManifest(
      'old/app',
      'v1',
      Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'old/app', tag: 'v1', fsLayers: [] })),
      'application/vnd.docker.distribution.manifest.v1+prettyjws',
    );
    const helmConfig = Buffer.from('{}');
    reg.putBlob(helmConfig);
    reg.putManifest(
      'charts/x',
      'v1',
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.cncf.helm.config.v1+json',
            digest: sha256(helmConfig),
            size: 2,
          },
          layers: [],
        }),
      ),
      'application/vnd.oci.image.manifest.v1+json',
    );
    const { ctx } = recordingContext();
    await assert.rejects(registrySource.resolve(`${reg.host}/old/app:v1`, FAST, ctx), (e) => {
      assert.ok(isRampartError(e, 'SOURCE_MANIFEST_UNSUPPORTED'));
      assert.match(e.message, /schema 1/);
      return true;
    });
    await assert.rejects(registrySource.resolve(`${reg.host}/charts/x:v1`, FAST, ctx), (e) =>
      isRampartError(e, 'SOURCE_MEDIA_TYPE_UNSUPPORTED'),
    );
  });

  it('says which image is missing on a 404', async () => {
    reg = await FakeRegistry.start();
    const { ctx } = recordingContext();
    await assert.rejects(registrySource.resolve(`${reg.host}/team/nothing:v9`, FAST, ctx), (e) => {
      assert.ok(isRampartError(e, 'SOURCE_IMAGE_NOT_FOUND'));
      assert.match(e.message, new RegExp(`image ${reg.host}/team/nothing:v9 not found in ${reg.host}`));
      return true;
    });
  });

  it('stops when the caller aborts', async () => {
    reg = await FakeRegistry.start();
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const { ctx } = recordingContext();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      registrySource.resolve(`${reg.host}/team/app:v1`, FAST, { ...ctx, signal: controller.signal }),
    );
    assert.equal(reg.requests.length, 0);
  });

  it('accepts registry references and leaves paths and other sources alone', () => {
    for (const r of [
      'nginx',
      'quay.io/a/b:1',
      '127.0.0.1:5000/x@sha256:' + 'a'.repeat(64),
      'docker://alpine',
    ]) {
      assert.equal(registrySource.accepts(r), true, r);
    }
    for (const r of [
      '/tmp/image.tar',
      './layout',
      'oci:/tmp/layout:latest',
      'docker-archive:x.tar',
      'Bad Ref',
      '',
    ]) {
      assert.equal(registrySource.accepts(r), false, r);
    }
  });

  it('closes promptly even with a layer stream nobody read', async () => {
    reg = await FakeRegistry.start();
    reg.pushImage('team/app', 'v1', fakeImage([fakeLayer(Buffer.alloc(2_000_000, 7), 'none')]));
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(`${reg.host}/team/app:v1`, FAST, ctx);
    const unread = await resolved.openLayer(0, ctx);
    const started = Date.now();
    await resolved.close();
    assert.ok(Date.now() - started < 1000);
    unread.destroy();
    await assert.rejects(resolved.openLayer(0, ctx), (e) => isRampartError(e, 'SOURCE_CLOSED'));
  });

  it('refuses malformed digests in manifests and indexes before requesting them', async () => {
    reg = await FakeRegistry.start();
    const image = fakeImage(layers);
    const doc = JSON.parse(image.manifest.toString()) as { layers: { digest: string }[] };
    doc.layers[1]!.digest = 'sha256:../../../etc/passwd';
    reg.pushImage('team/app', undefined, image);
    reg.putManifest('team/app', 'bad-layer', Buffer.from(JSON.stringify(doc)), image.manifestMediaType);
    reg.putManifest(
      'team/app',
      'bad-index',
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            {
              mediaType: image.manifestMediaType,
              digest: 'md5:0123456789abcdef0123456789abcdef',
              size: 10,
              platform: { os: 'linux', architecture: 'amd64' },
            },
          ],
        }),
      ),
      'application/vnd.oci.image.index.v1+json',
    );
    const { ctx } = recordingContext();
    for (const tag of ['bad-layer', 'bad-index']) {
      const before = reg.requests.length;
      await assert.rejects(registrySource.resolve(`${reg.host}/team/app:${tag}`, FAST, ctx), (e) =>
        isRampartError(e, 'SOURCE_DIGEST_INVALID'),
      );
      assert.ok(reg.requests.slice(before).every((r) => !r.path.includes('..') && !r.path.includes('md5')));
    }
  });
  it('checks the config against the manifest: diff-id count and form; history only when it lines up', async () => {
    reg = await FakeRegistry.start();
    const cases: [string, (c: Record<string, unknown>) => void][] = [
      ['fewer-diff-ids', (c) => ((c.rootfs as { diff_ids: string[] }).diff_ids = [layers[0]!.diffId])],
      ['bad-diff-id', (c) => ((c.rootfs as { diff_ids: unknown[] }).diff_ids = [layers[0]!.diffId, 42])],
      ['short-history', (c) => ((c.history as unknown[]).length = 2)],
    ];
    for (const [tag, edit] of cases) reg.pushImage('team/app', tag, fakeImage(layers, { editConfig: edit }));
    const { ctx } = recordingContext();
    await assert.rejects(registrySource.resolve(`${reg.host}/team/app:fewer-diff-ids`, FAST, ctx), (e) => {
      assert.ok(isRampartError(e, 'SOURCE_MANIFEST_INVALID'));
      assert.match(e.message, /lists 2 layers but the config has 1 rootfs\.diff_ids/);
      return true;
    });
    await assert.rejects(registrySource.resolve(`${reg.host}/team/app:bad-diff-id`, FAST, ctx), (e) =>
      isRampartError(e, 'SOURCE_MANIFEST_INVALID'),
    );
    const short = await registrySource.resolve(`${reg.host}/team/app:short-history`, FAST, ctx);
    assert.deepEqual(
      short.layers.map((l) => l.createdBy),
      [undefined, undefined],
      'one history entry for two layers: none is attributed rather than a wrong one',
    );
    assert.deepEqual(
      short.layers.map((l) => l.diffId),
      layers.map((l) => l.diffId),
    );
    await short.close();
  });
  it('takes an index entry without a platform only when its config has the wanted platform', async () => {
    reg = await FakeRegistry.start();
    const amd = fakeImage([fakeLayer('amd64 only')]);
    reg.pushImage('bare/app', undefined, amd);
    const bare = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: amd.manifestMediaType, digest: amd.manifestDigest, size: amd.manifest.length },
      ],
    };
    reg.putManifest(
      'bare/app',
      'v1',
      Buffer.from(JSON.stringify(bare)),
      'application/vnd.oci.image.index.v1+json',
    );
    const { ctx } = recordingContext();
    const ok = await registrySource.resolve(`${reg.host}/bare/app:v1`, FAST, ctx);
    assert.equal(ok.manifestDigest, amd.manifestDigest);
    await ok.close();
    await assert.rejects(
      registrySource.resolve(
        `${reg.host}/bare/app:v1`,
        { ...FAST, platform: { os: 'linux', architecture: 'arm64' } },
        ctx,
      ),
      (e) => {
        assert.ok(isRampartError(e, 'SOURCE_PLATFORM_NOT_FOUND'));
        assert.match(e.message, /has no linux\/arm64 image; its only candidate is linux\/amd64/);
        return true;
      },
    );
  });

  it('warns when a single-platform image is not the platform asked for', async () => {
    reg = await FakeRegistry.start();
    reg.pushImage('arm/app', 'v1', fakeImage(layers, { architecture: 'arm64', variant: 'v8' }));
    const { ctx, logged } = recordingContext();
    const img = await registrySource.resolve(
      `${reg.host}/arm/app:v1`,
      { ...FAST, platform: { os: 'linux', architecture: 'amd64' } },
      ctx,
    );
    await img.close();
    assert.deepEqual(img.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
    const warn = logged.find((l) => l.level === 'warn');
    assert.deepEqual(warn?.fields, {
      reference: `${reg.host}/arm/app:v1`,
      wanted: 'linux/amd64',
      image: 'linux/arm64/v8',
    });
    const quiet = recordingContext();
    await (
      await registrySource.resolve(
        `${reg.host}/arm/app:v1`,
        { ...FAST, platform: { os: 'linux', architecture: 'arm64' } },
        quiet.ctx,
      )
    ).close();
    assert.equal(quiet.logged.filter((l) => l.level === 'warn').length, 0);
  });
});
