import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { alpineBranches } from '../../../../../src/scanner/vulndb/feeds/alpine/fetch.js';
import { alpineFeed, wolfiFeed } from '../../../../../src/scanner/vulndb/feeds/alpine/index.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';

const secdb = (branch: string | undefined, name: string, fixed: string, cve: string) =>
  JSON.stringify({
    ...(branch ? { distroversion: branch } : {}),
    reponame: branch ? 'main' : 'os',
    urlprefix: branch ? 'https://dl-cdn.alpinelinux.org/alpine' : 'https://packages.wolfi.dev',
    packages: [{ pkg: { name, secfixes: { [fixed]: [cve] } } }],
  });

describe('secdb feeds: fetch', () => {
  const dirs: string[] = [];
  const ctxWith = (http: MockAgent) => {
    const workDir = mkdtempSync(join(tmpdir(), 'rampart-secdb-'));
    dirs.push(workDir);
    return {
      log: silentLogger,
      limits: defaultFeedLimits,
      http,
      workDir,
      now: () => new Date('2026-01-01T00:00:00Z'),
    };
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('Alpine: downloads main and community of every branch, parses them together, unchanged when identical', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get('https://secdb.alpinelinux.org');
    for (const b of alpineBranches)
      for (const r of ['main', 'community'])
        pool
          .intercept({ path: `/${b}/${r}.json` })
          .reply(200, secdb(b, `pkg-${r}`, '1.0-r1', 'CVE-2024-1'))
          .persist();
    const res = await alpineFeed.fetch(ctxWith(agent));
    assert.notEqual(res, 'unchanged');
    if (res === 'unchanged') return;
    assert.equal(res.artefacts.length, alpineBranches.length * 2);
    const recs: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
    for await (const r of alpineFeed.parse(res.artefacts, ctxWith(agent)))
      if (r.kind === 'advisory') recs.push(r);
    assert.equal(recs.length, 1);
    assert.equal(recs[0]!.affected.length, alpineBranches.length * 2);
    assert.equal(await alpineFeed.fetch(ctxWith(agent), res.state), 'unchanged');
  });

  it('Wolfi: one security.json; an HTTP 404 is a FEED_FETCH error', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://packages.wolfi.dev')
      .intercept({ path: '/os/security.json' })
      .reply(200, secdb(undefined, 'busybox', '1.36-r0', 'CVE-2022-1'));
    const res = await wolfiFeed.fetch(ctxWith(agent));
    assert.ok(res !== 'unchanged');
    const recs: FeedRecord[] = [];
    for await (const r of wolfiFeed.parse(res.artefacts, ctxWith(agent))) recs.push(r);
    assert.ok(recs[0]?.kind === 'advisory');
    assert.equal(recs[0].advisory.id, 'CVE-2022-1@Wolfi');

    const agent404 = new MockAgent();
    agent404.disableNetConnect();
    agent404.get('https://packages.wolfi.dev').intercept({ path: '/os/security.json' }).reply(404, 'no');
    await assert.rejects(wolfiFeed.fetch(ctxWith(agent404)), { code: 'FEED_FETCH' });
  });
});
