import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { debianFeed } from '../../../../../src/scanner/vulndb/feeds/debian/index.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';

describe('debian feed: fetch', () => {
  const dirs: string[] = [];
  const ctxWith = (http: MockAgent) => {
    const workDir = mkdtempSync(join(tmpdir(), 'rampart-debian-'));
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

  it('downloads the tracker JSON with validators and answers unchanged on 304', async () => {
    const body = JSON.stringify({
      tar: { 'CVE-2005-2541': { releases: { bookworm: { status: 'open', urgency: 'unimportant' } } } },
    });
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://security-tracker.debian.org')
      .intercept({ path: '/tracker/data/json' })
      .reply((opts) => {
        const h = opts.headers as Record<string, string>;
        return h['if-none-match'] === '"v1"'
          ? { statusCode: 304, data: '' }
          : { statusCode: 200, data: body, responseOptions: { headers: { etag: '"v1"' } } };
      })
      .persist();
    const res = await debianFeed.fetch(ctxWith(agent));
    assert.ok(res !== 'unchanged');
    assert.equal(
      res.state.validators?.['https://security-tracker.debian.org/tracker/data/json']?.etag,
      '"v1"',
    );
    assert.equal(debianFeed.accepts({ path: res.artefacts[0]!.name, head: Buffer.from(body) }), 2);
    const recs: FeedRecord[] = [];
    for await (const r of debianFeed.parse(res.artefacts, ctxWith(agent))) recs.push(r);
    assert.ok(recs[0]?.kind === 'advisory');
    assert.deepEqual(
      recs[0].affected.map((a) => [a.ecosystem, a.name, a.state]),
      [['Debian:12', 'tar', 'unfixed']],
    );
    assert.equal(await debianFeed.fetch(ctxWith(agent), res.state), 'unchanged');
  });
});
