import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { silentLogger } from '../../../../src/runtime/log.js';
import type { FetchContext } from '../../../../src/scanner/vulndb/feeds/contracts.js';
import { defaultFeedLimits } from '../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { fetchFileSet, fetchOneFile } from '../../../../src/scanner/vulndb/feeds/fetch-one-file.js';
import { FeedServer } from '../../../helpers/feed-server.js';

const A = 'https://feeds.test/a.json';
const B = 'https://feeds.test/b.json';
const sources = [
  { url: A, name: 'a.json' },
  { url: B, name: 'b.json' },
];

describe('conditional fetch of a feed file set', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'rampart-fetch-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const ctxOf = (server: FeedServer, cacheDir?: string): FetchContext => ({
    log: silentLogger,
    limits: defaultFeedLimits,
    http: server.agent,
    workDir: dir(),
    now: () => new Date('2026-01-01T00:00:00Z'),
    cacheDir,
  });
  const text = (p: string) => readFileSync(p, 'utf8');

  it('records validators, then sends them: all 304 is unchanged and downloads nothing', async () => {
    const server = new FeedServer({ [A]: 'a1', [B]: 'b1' });
    const first = await fetchFileSet(ctxOf(server), 'test', sources);
    assert.ok(first !== 'unchanged');
    assert.deepEqual(
      first.artefacts.map((a) => [a.name, text(a.path)]),
      [
        ['a.json', 'a1'],
        ['b.json', 'b1'],
      ],
    );
    assert.match(first.state.validators?.[A]?.etag ?? '', /^"[0-9a-f]{16}"$/);
    assert.equal(first.state.validators?.[A]?.lastModified, 'Mon, 01 Dec 2025 00:00:00 GMT');
    const mark = server.log.length;
    assert.equal(await fetchFileSet(ctxOf(server), 'test', sources, first.state), 'unchanged');
    assert.deepEqual(
      server.log.slice(mark).map((r) => [r.url, r.status, r.conditional]),
      [
        [A, 304, true],
        [B, 304, true],
      ],
    );
  });

  it('one changed file without a cache: the unchanged one is downloaded again, the feed is whole', async () => {
    const server = new FeedServer({ [A]: 'a1', [B]: 'b1' });
    const first = await fetchFileSet(ctxOf(server), 'test', sources);
    assert.ok(first !== 'unchanged');
    server.set(B, 'b2');
    const mark = server.log.length;
    const second = await fetchFileSet(ctxOf(server), 'test', sources, first.state);
    assert.ok(second !== 'unchanged');
    assert.deepEqual(
      second.artefacts.map((a) => text(a.path)),
      ['a1', 'b2'],
    );
    assert.notEqual(second.state.fingerprint, first.state.fingerprint);
    assert.deepEqual(
      server.log.slice(mark).map((r) => [r.url, r.status, r.conditional]),
      [
        [A, 304, true],
        [B, 200, true],
        [A, 200, false],
      ],
    );
  });

  it('with a cache the unchanged file comes from the kept copy; a tampered copy is downloaded again', async () => {
    const server = new FeedServer({ [A]: 'a1', [B]: 'b1' });
    const cache = dir();
    const first = await fetchFileSet(ctxOf(server, cache), 'test', sources);
    assert.ok(first !== 'unchanged');
    server.set(B, 'b2');
    const mark = server.log.length;
    const second = await fetchFileSet(ctxOf(server, cache), 'test', sources, first.state);
    assert.ok(second !== 'unchanged');
    assert.deepEqual(
      second.artefacts.map((a) => text(a.path)),
      ['a1', 'b2'],
    );
    assert.ok(second.artefacts[0]!.path.startsWith(cache));
    assert.deepEqual(server.downloads(mark), [B]);

    writeFileSync(second.artefacts[0]!.path, 'tampered');
    server.set(B, 'b3');
    const mark2 = server.log.length;
    const third = await fetchFileSet(ctxOf(server, cache), 'test', sources, second.state);
    assert.ok(third !== 'unchanged');
    assert.deepEqual(
      third.artefacts.map((a) => text(a.path)),
      ['a1', 'b3'],
    );
    assert.deepEqual(server.downloads(mark2), [B, A]);

    // A URL the feed no longer fetches loses its kept copy; a partial file of a killed update goes too.
    writeFileSync(join(cache, 'x.part-99999'), 'partial');
    server.set(A, 'a2');
    const fourth = await fetchFileSet(ctxOf(server, cache), 'test', sources.slice(0, 1), third.state);
    assert.ok(fourth !== 'unchanged');
    assert.deepEqual(readdirSync(cache), [basename(fourth.artefacts[0]!.path)]);
  });

  it('a server that ignores validators is caught by the fingerprint', async () => {
    const server = new FeedServer({ [A]: 'a1' });
    const first = await fetchOneFile(ctxOf(server), 'test', A, 'a.json');
    assert.ok(first !== 'unchanged');
    const noValidators = { ...first.state, validators: {} };
    assert.equal(await fetchOneFile(ctxOf(server), 'test', A, 'a.json', noValidators), 'unchanged');
  });

  it('a 500 is retried and the 200 that follows is used', async () => {
    const server = new FeedServer({ [A]: 'a1' });
    server.failOnce.add(A);
    const got = await fetchOneFile(ctxOf(server), 'test', A, 'a.json');
    assert.ok(got !== 'unchanged');
    assert.equal(text(got.artefacts[0]!.path), 'a1');
    assert.deepEqual(
      server.log.map((r) => r.status),
      [500, 200],
    );
  });

  it('a 404 fails with FEED_FETCH naming feed and URL and leaves no partial file in the cache', async () => {
    const server = new FeedServer({ [A]: 'a1' });
    const cache = dir();
    await assert.rejects(
      fetchOneFile(ctxOf(server, cache), 'test', 'https://feeds.test/missing.json', 'm.json'),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_FETCH' && /feed test/.test(e.message) && /missing\.json/.test(e.message),
    );
    assert.deepEqual(readdirSync(cache), []);
  });
});
