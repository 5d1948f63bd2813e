import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { isRampartError } from '../../../../src/runtime/errors.js';
import type { ResolveOptions } from '../../../../src/scanner/source/contracts.js';
import { registrySource } from '../../../../src/scanner/source/registry/index.js';
import { fakeImage, fakeLayer } from '../../../helpers/fake-image.js';
import { FakeRegistry } from '../../../helpers/fake-registry.js';
import { readAll, recordingContext } from '../../../helpers/recording-context.js';
import { selfSignedCert } from '../../../helpers/self-signed-cert.js';

const FAST: ResolveOptions = { retryDelayMs: 1 };

describe('registry source auth and transport (fake registry)', () => {
  let reg: FakeRegistry;
  afterEach(async () => reg?.stop());

  const layers = [fakeLayer('base layer '.repeat(500)), fakeLayer('second layer '.repeat(800))];
  it('uses HTTP Basic credentials from options and refuses wrong ones with a clear message', async () => {
    reg = await FakeRegistry.start({ auth: 'basic' });
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const { ctx, logged } = recordingContext();
    const resolved = await registrySource.resolve(
      `${reg.host}/team/app:v1`,
      { ...FAST, username: reg.user, password: reg.pass },
      ctx,
    );
    assert.equal((await readAll(await resolved.openLayer(0, ctx))).length, layers[0]!.blob.length);
    await resolved.close();
    assert.ok(!JSON.stringify(logged).includes(reg.pass), 'the password never reaches the log');

    await assert.rejects(
      registrySource.resolve(
        `${reg.host}/team/app:v1`,
        { ...FAST, username: 'alice', password: 'wrong' },
        ctx,
      ),
      (e) => {
        assert.ok(isRampartError(e, 'SOURCE_REGISTRY_AUTH'));
        assert.match(
          e.message,
          new RegExp(
            `authentication to ${reg.host} failed: .*--username/--password or log in with docker login`,
          ),
        );
        return true;
      },
    );
    await assert.rejects(registrySource.resolve(`${reg.host}/team/app:v1`, FAST, ctx), (e) =>
      isRampartError(e, 'SOURCE_REGISTRY_AUTH'),
    );
  });

  it('follows the Bearer token flow and reuses the token for later requests', async () => {
    reg = await FakeRegistry.start({ auth: 'token', tokenField: 'access_token' });
    const image = fakeImage(layers);
    reg.pushImage('team/app', 'v1', image);
    const { ctx, logged } = recordingContext();
    const resolved = await registrySource.resolve(
      `${reg.host}/team/app:v1`,
      { ...FAST, username: reg.user, password: reg.pass },
      ctx,
    );
    for (let i = 0; i < layers.length; i++) await readAll(await resolved.openLayer(i, ctx));
    await resolved.close();
    assert.equal(reg.tokenRequests.length, 1, 'one token for manifest, config and both layers');
    assert.deepEqual(reg.tokenRequests[0]!.scopes, ['repository:team/app:pull']);
    assert.equal(reg.tokenRequests[0]!.service, 'fake-registry');
    const registryCalls = reg.requests.filter((r) => r.path.startsWith('/v2/'));
    assert.equal(
      registryCalls.filter((r) => r.headers.authorization === undefined).length,
      1,
      'only the first request is unauthenticated',
    );
    assert.ok(registryCalls.slice(1).every((r) => r.headers.authorization?.startsWith('Bearer ')));
    const text = JSON.stringify(logged);
    assert.ok(!text.includes(reg.pass) && !text.includes('Bearer '), 'no credentials or tokens in the log');
  });

  it('fetches a new token once the cached one expires', async () => {
    reg = await FakeRegistry.start({ auth: 'token', tokenExpiresIn: 1 });
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(
      `${reg.host}/team/app:v1`,
      { ...FAST, username: reg.user, password: reg.pass },
      ctx,
    );
    assert.equal(reg.tokenRequests.length, 1);
    await new Promise((r) => setTimeout(r, 1100));
    await readAll(await resolved.openLayer(0, ctx));
    await resolved.close();
    assert.equal(reg.tokenRequests.length, 2, 'refreshed before use: the server still accepted the old one');
  });

  it('fetches a new token when the registry stops accepting the cached one', async () => {
    reg = await FakeRegistry.start({ auth: 'token' });
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(
      `${reg.host}/team/app:v1`,
      { ...FAST, username: reg.user, password: reg.pass },
      ctx,
    );
    reg.revokeTokens();
    assert.deepEqual(await readAll(await resolved.openLayer(1, ctx)), layers[1]!.blob);
    await resolved.close();
    assert.equal(reg.tokenRequests.length, 2);
  });

  it('reads credentials from a Docker config.json and warns about credential helpers it cannot run', async () => {
    reg = await FakeRegistry.start({ auth: 'token' });
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const dir = await mkdtemp(join(tmpdir(), 'rampart-dockercfg-'));
    try {
      const path = join(dir, 'config.json');
      const auth = Buffer.from(`${reg.user}:${reg.pass}`).toString('base64');
      await writeFile(path, JSON.stringify({ auths: { [`http://${reg.host}/v2/`]: { auth } } }));
      const { ctx } = recordingContext();
      const resolved = await registrySource.resolve(
        `${reg.host}/team/app:v1`,
        { ...FAST, dockerConfigPath: path },
        ctx,
      );
      await resolved.close();
      assert.equal(reg.tokenRequests[0]!.authorization, `Basic ${auth}`);

      await writeFile(
        path,
        JSON.stringify({ auths: { [reg.host]: {} }, credHelpers: { [reg.host]: 'ecr-login' } }),
      );
      const second = recordingContext();
      await assert.rejects(
        registrySource.resolve(`${reg.host}/team/app:v1`, { ...FAST, dockerConfigPath: path }, second.ctx),
        (e) => isRampartError(e, 'SOURCE_REGISTRY_AUTH'),
      );
      const warning = second.logged.find((l) => l.level === 'warn');
      assert.equal(warning?.msg, 'docker credential helper unsupported');
      assert.equal(warning?.fields?.helper, 'ecr-login');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('follows a blob redirect to another origin without sending it the credentials', async () => {
    reg = await FakeRegistry.start({ auth: 'basic' });
    const image = fakeImage(layers);
    reg.pushImage('team/app', 'v1', image);
    const seen: http.IncomingHttpHeaders[] = [];
    const storage = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-length': layers[0]!.blob.length }).end(layers[0]!.blob);
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
    try {
      const port = (storage.address() as AddressInfo).port;
      reg.fault(`/v2/team/app/blobs/${layers[0]!.digest}`, {
        kind: 'redirect',
        location: `http://127.0.0.1:${port}/bucket/blob?sig=1`,
      });
      const { ctx } = recordingContext();
      const resolved = await registrySource.resolve(
        `${reg.host}/team/app:v1`,
        { ...FAST, username: reg.user, password: reg.pass },
        ctx,
      );
      assert.deepEqual(await readAll(await resolved.openLayer(0, ctx)), layers[0]!.blob);
      await resolved.close();
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.authorization, undefined);
    } finally {
      storage.closeAllConnections();
      storage.close();
    }
  });

  it('shares one token between layers opened in parallel', async () => {
    reg = await FakeRegistry.start({ auth: 'token', tokenExpiresIn: 1 });
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(
      `${reg.host}/team/app:v1`,
      { ...FAST, username: reg.user, password: reg.pass },
      ctx,
    );
    await new Promise((r) => setTimeout(r, 1000)); // the cached token is now past its refresh time
    const streams = await Promise.all([0, 1, 0, 1].map((i) => resolved.openLayer(i, ctx)));
    const bodies = await Promise.all(streams.map(readAll));
    await resolved.close();
    assert.deepEqual(
      bodies,
      [0, 1, 0, 1].map((i) => layers[i]!.blob),
    );
    assert.equal(reg.tokenRequests.length, 2, 'the first token, then one refresh for four parallel opens');
  });

  it('reports refused token-server credentials as an authentication failure', async () => {
    reg = await FakeRegistry.start({ auth: 'token' });
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const { ctx } = recordingContext();
    await assert.rejects(
      registrySource.resolve(
        `${reg.host}/team/app:v1`,
        { ...FAST, username: 'alice', password: 'nope' },
        ctx,
      ),
      (e) => {
        assert.ok(isRampartError(e, 'SOURCE_REGISTRY_AUTH'));
        assert.match(
          e.message,
          new RegExp(
            `^authentication to ${reg.host} failed: the token server .* refused the credentials \\(bad credentials\\); pass --username/--password or log in with docker login$`,
          ),
        );
        assert.ok(!e.message.includes('nope'));
        return true;
      },
    );
  });

  it('refuses a redirect to plain HTTP on a non-loopback host', async () => {
    reg = await FakeRegistry.start();
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    reg.fault(`/v2/team/app/blobs/${layers[0]!.digest}`, {
      kind: 'redirect',
      location: 'http://198.51.100.7/blob',
    });
    const { ctx } = recordingContext();
    const resolved = await registrySource.resolve(`${reg.host}/team/app:v1`, FAST, ctx);
    await assert.rejects(resolved.openLayer(0, ctx), (e) => {
      assert.ok(isRampartError(e, 'SOURCE_REGISTRY_HTTP'));
      assert.match(e.message, /to http:\/\/198\.51\.100\.7, which is not HTTPS; refused/);
      return true;
    });
    await resolved.close();
  });

  it('speaks HTTPS to a loopback registry with a self-signed certificate (no plain-HTTP fallback needed)', async function () {
    const tls = selfSignedCert();
    if (!tls) {
      console.warn('SKIP: openssl not found — cannot make a test certificate');
      this.skip();
    }
    reg = await FakeRegistry.start({ tls, auth: 'token' });
    reg.pushImage('team/app', 'v1', fakeImage(layers));
    const { ctx, logged } = recordingContext();
    const resolved = await registrySource.resolve(
      `${reg.host}/team/app:v1`,
      { ...FAST, username: reg.user, password: reg.pass },
      ctx,
    );
    assert.deepEqual(await readAll(await resolved.openLayer(1, ctx)), layers[1]!.blob);
    await resolved.close();
    assert.equal(reg.tokenRequests.length, 1);
    assert.equal(logged.filter((l) => l.msg === 'registry https failed, trying http').length, 0);
  });
});
