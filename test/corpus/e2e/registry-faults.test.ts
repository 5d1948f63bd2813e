/**
 * Registry faults through a small fault-injecting proxy in front of the real registry: a 500
 * then success, 429 with Retry-After, a connection dropped mid-blob, and a blob served with the
 * wrong bytes. The CLI must retry to the same report, or refuse with one clear line — never
 * print a wrong report.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IndexReport } from '../../../src/model/index-report.js';
import { ensureFixtureImages, sharedAvailable, type FixtureImages } from '../../helpers/fixture-images.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/local-registry.js';
import { runCli } from '../../helpers/run-cli.js';

type Fault = 'none' | '500-once' | '429-once' | 'drop-mid-blob' | 'wrong-digest';

describe('registry faults through a proxy (corpus)', function () {
  let fixtures: FixtureImages;
  let reg: LocalRegistry | undefined;
  let proxy: http.Server;
  let proxyHost = '';
  let fault: Fault = 'none';
  let fired = 0;
  const seen: string[] = [];

  before(async function () {
    if (!sharedAvailable()) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    fixtures = await ensureFixtureImages();
    reg = await startLocalRegistry('none', fixtures.dir);
    const [host, port] = reg.host.split(':') as [string, string];
    proxy = http.createServer((req, res) => {
      const isBlob = /\/blobs\/sha256:/.test(req.url ?? '');
      const isManifest = /\/manifests\//.test(req.url ?? '');
      seen.push(`${req.method} ${req.url}`);
      if (fault === '500-once' && isManifest && fired === 0) {
        fired++;
        res.writeHead(500).end('internal error');
        return;
      }
      if (fault === '429-once' && isBlob && fired === 0) {
        fired++;
        res.writeHead(429, { 'Retry-After': '1' }).end('slow down');
        return;
      }
      const up = http.request(
        { host, port: Number(port), path: req.url, method: req.method, headers: req.headers },
        (upRes) => {
          const big = Number(upRes.headers['content-length'] ?? 0) > 1_000_000;
          if (fault === 'drop-mid-blob' && isBlob && big && fired === 0 && !req.headers.range) {
            fired++;
            res.writeHead(upRes.statusCode ?? 200, upRes.headers);
            let sent = 0;
            upRes.on('data', (c: Buffer) => {
              if (sent > 300_000) return;
              sent += c.length;
              res.write(c);
              if (sent > 300_000) {
                upRes.destroy();
                res.socket?.destroy();
              }
            });
            return;
          }
          if (fault === 'wrong-digest' && isBlob && big) {
            res.writeHead(upRes.statusCode ?? 200, upRes.headers);
            let flipped = false;
            upRes.on('data', (c: Buffer) => {
              if (!flipped && c.length > 100) {
                c = Buffer.from(c);
                c[50] = c[50]! ^ 0xff;
                flipped = true;
              }
              res.write(c);
            });
            upRes.on('end', () => res.end());
            return;
          }
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    proxy?.close();
    await reg?.stop();
  });

  const keyOf = (stdout: string) =>
    (JSON.parse(stdout) as IndexReport).packages
      .map((p) => `${p.type} ${p.name} ${p.version} ${p.location}`)
      .sort();

  let baseline: string[];
  it('through the proxy with no fault, the report equals the direct one', async () => {
    fault = 'none';
    const direct = await runCli([
      'image',
      'sbom',
      `${reg!.host}/fixture/debian-extras:latest`,
      '-o',
      'json',
      '--no-cache',
    ]);
    const via = await runCli([
      'image',
      'sbom',
      `${proxyHost}/fixture/debian-extras:latest`,
      '-o',
      'json',
      '--no-cache',
    ]);
    assert.equal(via.code, 0, via.stderr);
    baseline = keyOf(direct.stdout);
    assert.deepEqual(keyOf(via.stdout), baseline);
  });

  for (const f of ['500-once', '429-once', 'drop-mid-blob'] as const) {
    it(`${f}: retried, same report`, async () => {
      fault = f;
      fired = 0;
      const r = await runCli([
        'image',
        'sbom',
        `${proxyHost}/fixture/debian-extras:latest`,
        '-o',
        'json',
        '--no-cache',
        '--retry-delay',
        '0',
      ]);
      assert.equal(fired, 1, 'the fault was injected');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(keyOf(r.stdout), baseline);
    });
  }

  it('wrong-digest: refused with one clear line, nothing on stdout', async () => {
    fault = 'wrong-digest';
    const r = await runCli([
      'image',
      'sbom',
      `${proxyHost}/fixture/debian-extras:latest`,
      '-o',
      'json',
      '--no-cache',
      '--retry-delay',
      '0',
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('ERROR'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /digest/i);
  });
});
