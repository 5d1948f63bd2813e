import assert from 'node:assert/strict';
import { Readable, type Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import { pack } from 'tar-stream';

import { defaultLimits, withLimits, type Limits } from '../../../src/runtime/limits.js';
import { isRampartError } from '../../../src/runtime/errors.js';
import type { LayerFile } from '../../../src/scanner/indexer/contracts.js';
import { decompressLayer } from '../../../src/scanner/layers/decompress.js';
import { walkLayer, type LayerShape } from '../../../src/scanner/layers/walk-layer.js';
import { digestVerifier } from '../../../src/scanner/source/verify-digest.js';
import { sha256, zstdRawFrame } from '../../helpers/fake-image.js';
import { buildTar, type TarEntry } from '../../helpers/tar-builder.js';
import { packageFinders } from '../../../src/scanner/indexer/registry.js';

interface Walked {
  shape: LayerShape;
  files: LayerFile[];
}

async function walkBlob(
  blob: Buffer,
  opts: { diffId?: string; limits?: Limits; claim?: (p: string) => boolean } = {},
): Promise<Walked> {
  const limits = opts.limits ?? defaultLimits;
  const { stream } = await decompressLayer(Readable.from([blob]), {
    hint: 'gzip',
    expectedDiffId: opts.diffId,
    label: 'layer 0',
    limits,
  });
  const files: LayerFile[] = [];
  const claim = opts.claim ?? (() => true);
  const shape = await walkLayer(stream, {
    label: 'layer 0',
    limits,
    claimants: (p) => (claim(p) ? ['test'] : []),
    onFile: (f) => void files.push(f),
  });
  return { shape, files };
}

async function walkEntries(
  entries: TarEntry[],
  opts: { limits?: Limits; claim?: (p: string) => boolean } = {},
) {
  const tar = await buildTar(entries);
  return walkBlob(gzipSync(tar), { diffId: sha256(tar), ...opts });
}

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isRampartError(err, code), `expected ${code}, got ${String(err)}`);
    return true;
  });
}

describe('layers: walking one layer', () => {
  it('normalises names and hands claimed regular files to the claimant', async () => {
    const { files, shape } = await walkEntries(
      [
        { name: './etc/', type: 'directory' },
        { name: './etc/os-release', data: 'ID=debian\n' },
        { name: 'usr/lib/other', data: 'not claimed' },
      ],
      { claim: (p) => p === 'etc/os-release' },
    );
    assert.deepEqual(
      files.map((f) => [f.path, f.data.toString()]),
      [['etc/os-release', 'ID=debian\n']],
    );
    assert.equal(shape.entries, 3);
  });

  it('reads gzip, zstd and uncompressed layers alike, whatever the media type says', async () => {
    const tar = await buildTar([{ name: 'a/b', data: 'hello' }]);
    for (const blob of [gzipSync(tar), zstdRawFrame(tar), tar]) {
      const { files } = await walkBlob(blob, { diffId: sha256(tar) });
      assert.equal(files[0]!.data.toString(), 'hello');
    }
  });

  it('records whiteouts and opaque whiteouts without reading them as files', async () => {
    const { shape, files } = await walkEntries([
      { name: 'usr/share/.wh.zoneinfo', data: '' },
      { name: 'app/node_modules/lodash/.wh..wh..opq', data: '' },
      { name: 'app/node_modules/lodash/package.json', data: '{}' },
    ]);
    assert.deepEqual(shape.whiteouts, ['usr/share/zoneinfo']);
    assert.deepEqual(shape.opaqueDirs, ['app/node_modules/lodash']);
    assert.deepEqual(
      files.map((f) => f.path),
      ['app/node_modules/lodash/package.json'],
    );
  });

  it('skips entries whose ../ names climb out of the root, with a warning', async () => {
    const { shape, files } = await walkEntries([
      { name: '../../etc/passwd', data: 'root:x:0:0' },
      { name: 'a/../../escape', data: 'x' },
      { name: 'ok', data: 'fine' },
    ]);
    assert.deepEqual(
      files.map((f) => f.path),
      ['ok'],
    );
    assert.equal(shape.warnings.filter((w) => w.code === 'LAYER_PATH_ESCAPE').length, 2);
  });

  it('treats absolute names as paths inside the image root', async () => {
    const { files } = await walkEntries([{ name: '/etc/os-release', data: 'ID=alpine' }]);
    assert.deepEqual(
      files.map((f) => f.path),
      ['etc/os-release'],
    );
  });

  it('never follows symlinks or hard links that point outside the root', async () => {
    const { shape, files } = await walkEntries([
      { name: 'etc/os-release', type: 'symlink', linkname: '../../../../etc/shadow' },
      { name: 'var/lib/dpkg/status', type: 'link', linkname: '../../../host/status' },
      { name: 'etc/inside', type: 'symlink', linkname: '/usr/lib/os-release' },
    ]);
    assert.equal(files.length, 0);
    assert.deepEqual(shape.warnings.map((w) => w.code).sort(), ['LAYER_LINK_ESCAPE', 'LAYER_LINK_ESCAPE']);
    assert.deepEqual(shape.symlinks, { 'etc/inside': 'usr/lib/os-release' });
  });

  it("serves a hard link to a claimed file of the same layer with that file's bytes", async () => {
    const { files } = await walkEntries([
      { name: 'lib/apk/db/installed', data: 'P:musl\n' },
      { name: 'lib/apk/db/copy', type: 'link', linkname: 'lib/apk/db/installed' },
    ]);
    assert.deepEqual(
      files.map((f) => [f.path, f.data.toString()]),
      [
        ['lib/apk/db/installed', 'P:musl\n'],
        ['lib/apk/db/copy', 'P:musl\n'],
      ],
    );
  });

  it('does not read device files or FIFOs, and warns when one sits at a claimed path', async () => {
    const { shape, files } = await walkEntries(
      [
        { name: 'var/lib/dpkg/status', type: 'character-device' },
        { name: 'dev/null', type: 'character-device' },
        { name: 'run/fifo', type: 'fifo' },
      ],
      { claim: (p) => p === 'var/lib/dpkg/status' },
    );
    assert.equal(files.length, 0);
    assert.deepEqual(
      shape.warnings.map((w) => w.code),
      ['LAYER_SPECIAL_FILE'],
    );
  });

  it('refuses a decompression bomb past the byte limit', async () => {
    const tar = await buildTar([{ name: 'zeros', data: Buffer.alloc(8 * 1024 * 1024) }]);
    await rejects(
      walkBlob(gzipSync(tar), { limits: withLimits({ maxLayerBytes: 1024 * 1024 }) }),
      'LAYER_TOO_LARGE',
    );
  });

  it('refuses a layer that expands more than the allowed ratio', async () => {
    const tar = await buildTar([{ name: 'zeros', data: Buffer.alloc(80 * 1024 * 1024) }]);
    const blob = gzipSync(tar, { level: 9 });
    await rejects(
      walkBlob(blob, { limits: withLimits({ maxCompressionRatio: 100 }) }),
      'LAYER_COMPRESSION_BOMB',
    );
  });

  it('refuses a layer with more entries than allowed', async () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, data: '' }));
    await rejects(
      walkEntries(entries, { limits: withLimits({ maxLayerEntries: 10 }) }),
      'LAYER_TOO_MANY_ENTRIES',
    );
  });

  it('skips a claimed file above the in-memory limit with a warning', async () => {
    const { files, shape } = await walkEntries([{ name: 'big', data: Buffer.alloc(4096) }], {
      limits: withLimits({ maxClaimedFileBytes: 1024 }),
    });
    assert.equal(files.length, 0);
    assert.deepEqual(
      shape.warnings.map((w) => w.code),
      ['LAYER_FILE_TOO_LARGE'],
    );
  });

  it('drains a 1 GiB package-lock.json without buffering it, warns, and still reads the files after it', async () => {
    const GiB = 1024 ** 3;
    const chunk = Buffer.alloc(1024 ** 2, 0x20);
    const tar = pack();
    const big: Writable = tar.entry(
      { name: 'app/package-lock.json', size: GiB },
      (e) => e && tar.destroy(e),
    ) as unknown as Writable;
    void (async () => {
      for (let written = 0; written < GiB; written += chunk.length) {
        if (!big.write(chunk)) await new Promise<void>((r) => big.once('drain', () => r()));
      }
      big.end();
      tar.entry({ name: 'app/node_modules/lodash/package.json' }, '{"name":"lodash","version":"4.17.21"}');
      tar.finalize();
    })();
    const npm = packageFinders.find((f) => f.name === 'npm')!;
    const files: LayerFile[] = [];
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    try {
      const shape = await walkLayer(tar as unknown as Readable, {
        label: 'layer 0',
        limits: defaultLimits,
        claimants: (p) => (npm.claims(p) ? ['npm'] : []),
        onFile: (f) => void files.push(f),
      });
      assert.deepEqual(
        shape.warnings.map((w) => `${w.code} ${w.subject}`),
        ['LAYER_FILE_TOO_LARGE app/package-lock.json'],
      );
    } finally {
      clearInterval(sampler);
    }
    assert.deepEqual(
      files.map((f) => f.path),
      ['app/node_modules/lodash/package.json'],
    );
    // The gigabyte streamed through; it was never held (a buffered copy alone would add 1 GiB).
    assert.ok(rssPeak - rssBefore < 256 * 1024 ** 2, `RSS grew by ${rssPeak - rssBefore} bytes`);
  }).timeout(120_000);

  it('fails on truncated gzip, naming the layer', async () => {
    const tar = await buildTar([{ name: 'a', data: Buffer.alloc(100_000, 7) }]);
    const gz = gzipSync(tar);
    await rejects(walkBlob(gz.subarray(0, Math.floor(gz.length / 2))), 'LAYER_CORRUPT');
  });

  it('fails when the uncompressed content does not match the diff-id', async () => {
    const tar = await buildTar([{ name: 'a', data: 'x' }]);
    await rejects(walkBlob(gzipSync(tar), { diffId: sha256('something else') }), 'LAYER_DIFF_ID_MISMATCH');
  });

  it('reports a tampered blob as a digest mismatch even when the corruption breaks gzip first', async () => {
    const tar = await buildTar([
      { name: 'a', data: Buffer.alloc(200_000, 7) },
      { name: 'b', data: randomBytes(50_000) },
    ]);
    const gz = gzipSync(tar);
    const bad = Buffer.from(gz);
    bad[40] = bad[40]! ^ 0xff;
    const verifier = digestVerifier(sha256(gz), gz.length, 'layer 0 blob');
    const blob = Readable.from([bad.subarray(0, 1000), bad.subarray(1000)]).pipe(verifier);
    const { stream } = await decompressLayer(blob, { hint: 'gzip', label: 'layer 0', limits: defaultLimits });
    const walk = walkLayer(stream, {
      label: 'layer 0',
      limits: defaultLimits,
      claimants: () => [],
      onFile: () => undefined,
    });
    await rejects(walk, 'SOURCE_DIGEST_MISMATCH');
  });

  it('fails on data that is not a tar archive', async () => {
    await assert.rejects(walkBlob(gzipSync(Buffer.alloc(2048, 0x41))), (err: unknown) => isRampartError(err));
  });
});
