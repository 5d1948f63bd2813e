import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { isRampartError } from '../../../../src/runtime/errors.js';
import { defaultLimits } from '../../../../src/runtime/limits.js';
import type { ResolveOptions } from '../../../../src/scanner/source/contracts.js';
import { registrySource } from '../../../../src/scanner/source/registry/index.js';
import { fakeImage, fakeLayer, type FakeImage } from '../../../helpers/fake-image.js';
import { FakeRegistry } from '../../../helpers/fake-registry.js';
import { readAll, recordingContext, streamOutcome } from '../../../helpers/recording-context.js';

const FAST: ResolveOptions = { retryDelayMs: 1 };

describe('registry source faults (fake registry)', () => {
  let reg: FakeRegistry;
  let image: FakeImage;
  let ref: string;
  let blobPath: string;
  const big = fakeLayer(randomBytes(400_000), 'none');

  beforeEach(async () => {
    reg = await FakeRegistry.start();
    image = fakeImage([fakeLayer('small layer'), big]);
    reg.pushImage('team/app', 'v1', image);
    ref = `${reg.host}/team/app:v1`;
    blobPath = `/v2/team/app/blobs/${big.digest}`;
  });
  afterEach(async () => reg.stop());

  it('retries a 500 and succeeds', async () => {
    reg.fault('/v2/team/app/manifests/v1', { kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(ref, FAST, ctx);
    assert.equal(resolved.manifestDigest, image.manifestDigest);
    await resolved.close();
    assert.equal(reg.requestsTo('/manifests/v1').length, 3);
  });

  it('gives up after the configured retries with the status in the message', async () => {
    const fail = { kind: 'status', status: 502 } as const;
    reg.fault('/v2/team/app/manifests/v1', fail, fail, fail);
    const { ctx } = recordingContext();
    await assert.rejects(registrySource.resolve(ref, { ...FAST, retries: 2 }, ctx), (e) => {
      assert.ok(isRampartError(e, 'SOURCE_REGISTRY_HTTP'));
      assert.match(e.message, /HTTP 502/);
      return true;
    });
    assert.equal(reg.requestsTo('/manifests/v1').length, 3);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    reg.fault('/v2/team/app/manifests/v1', { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const { ctx } = recordingContext();
    const started = Date.now();
    const resolved = await registrySource.resolve(ref, FAST, ctx);
    const elapsed = Date.now() - started;
    await resolved.close();
    assert.ok(elapsed >= 950, `waited ${elapsed} ms`);
    assert.ok(elapsed < 5000, `waited ${elapsed} ms`);
  });

  it('resumes a blob dropped mid-stream with a Range request (206)', async () => {
    reg.fault(blobPath, { kind: 'drop', afterBytes: 150_000 });
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(ref, FAST, ctx);
    const bytes = await readAll(await resolved.openLayer(1, ctx));
    await resolved.close();
    assert.deepEqual(bytes, big.blob);
    const calls = reg.requestsTo(blobPath);
    assert.equal(calls.length, 2);
    assert.equal(calls[0]!.headers.range, undefined);
    assert.match(calls[1]!.headers.range ?? '', /^bytes=\d+-$/);
    assert.ok(Number(/\d+/.exec(calls[1]!.headers.range!)![0]) > 0);
  });

  it('restarts and skips the bytes already read when the server ignores Range (200)', async () => {
    reg.fault(blobPath, { kind: 'drop', afterBytes: 150_000 }, { kind: 'ignore-range' });
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(ref, FAST, ctx);
    const bytes = await readAll(await resolved.openLayer(1, ctx));
    await resolved.close();
    assert.deepEqual(bytes, big.blob);
    assert.equal(reg.requestsTo(blobPath).length, 2);
  });

  it('fails the stream when drops outlast the retries', async () => {
    const drop = { kind: 'drop', afterBytes: 1000 } as const;
    reg.fault(blobPath, drop, drop, drop);
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(ref, { ...FAST, retries: 2 }, ctx);
    const result = await streamOutcome(await resolved.openLayer(1, ctx));
    await resolved.close();
    assert.equal(result.ended, false);
    assert.ok(isRampartError(result.error, 'SOURCE_REGISTRY_UNREACHABLE'));
  });

  it('fails a blob with the wrong digest before the stream ends', async () => {
    reg.fault(blobPath, { kind: 'corrupt' });
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(ref, FAST, ctx);
    const result = await streamOutcome(await resolved.openLayer(1, ctx));
    await resolved.close();
    assert.equal(result.ended, false, 'the consumer never sees a clean end');
    assert.ok(isRampartError(result.error, 'SOURCE_DIGEST_MISMATCH'));
    assert.match(result.error.message, new RegExp(`layer 1 \\(${big.digest}\\)`));
    assert.match(result.error.message, /sha256:[0-9a-f]{64}, but sha256:/);
  });

  for (const chunked of [false, true]) {
    it(`refuses a blob longer than its descriptor${chunked ? ' (chunked)' : ''}`, async () => {
      reg.fault(blobPath, { kind: 'extra', bytes: 10, chunked });
      const { ctx } = recordingContext();
      const resolved = await registrySource.resolve(ref, { ...FAST, retries: 0 }, ctx);
      const result = await streamOutcome(await resolved.openLayer(1, ctx));
      await resolved.close();
      assert.equal(result.ended, false);
      assert.ok(isRampartError(result.error, 'SOURCE_SIZE_MISMATCH'));
      assert.ok(
        result.bytes.length <= big.blob.length,
        'no byte beyond the declared size reaches the consumer',
      );
    });
  }

  it('refuses a manifest larger than limits.maxManifestBytes', async () => {
    const { ctx } = recordingContext({ ...defaultLimits, maxManifestBytes: 200 });
    await assert.rejects(registrySource.resolve(ref, FAST, ctx), (e) => {
      assert.ok(isRampartError(e, 'SOURCE_MANIFEST_TOO_LARGE'));
      assert.match(e.message, /200-byte limit/);
      return true;
    });
    reg.fault('/v2/team/app/manifests/v1', { kind: 'chunked' });
    await assert.rejects(registrySource.resolve(ref, FAST, ctx), (e) =>
      isRampartError(e, 'SOURCE_MANIFEST_TOO_LARGE'),
    );
  });

  it('says a registry is unreachable', async () => {
    const closed = await reg.stop().then(() => reg.host);
    const { ctx } = recordingContext();
    await assert.rejects(
      registrySource.resolve(`${closed}/team/app:v1`, { ...FAST, retries: 1 }, ctx),
      (e) => {
        assert.ok(isRampartError(e, 'SOURCE_REGISTRY_UNREACHABLE'));
        assert.match(e.message, new RegExp(`cannot reach registry ${closed}: .*ECONNREFUSED`));
        return true;
      },
    );
    reg = await FakeRegistry.start(); // for afterEach
  });

  it('times out a registry that never answers, within the retry budget', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const { ctx } = recordingContext();
    const started = Date.now();
    try {
      await assert.rejects(
        registrySource.resolve(`${host}/team/app:v1`, { ...FAST, retries: 1, timeoutMs: 200 }, ctx),
        (e) => isRampartError(e, 'SOURCE_REGISTRY_UNREACHABLE'),
      );
      assert.ok(Date.now() - started < 3000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
