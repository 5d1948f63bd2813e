import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import type { FetchContext } from '../../../../../src/scanner/vulndb/feeds/contracts.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { makeNvdFeed } from '../../../../../src/scanner/vulndb/feeds/nvd/index.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
import { sampleCve } from './sample-nvd-cve.js';

const ORIGIN = 'https://services.nvd.nist.gov';
const PATH = '/rest/json/cves/2.0';
const ids = ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003', 'CVE-2024-0004', 'CVE-2024-0005'];

const pageBody = (start: number, size: number, total = ids.length) =>
  JSON.stringify({
    resultsPerPage: size,
    startIndex: start,
    totalResults: total,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp: new Date().toISOString(),
    vulnerabilities: ids.slice(start, start + size).map((id) => ({ cve: sampleCve(id) })),
  });

describe('NVD fetch (CVE API 2.0 paging)', () => {
  let agent: MockAgent;
  let workDir: string;
  let ctx: FetchContext;
  const seen: { path: string; apiKey?: string }[] = [];

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    workDir = mkdtempSync(join(tmpdir(), 'rampart-nvd-'));
    seen.length = 0;
    ctx = {
      log: silentLogger,
      limits: defaultFeedLimits,
      http: agent,
      workDir,
      now: () => new Date('2026-01-10T00:00:00Z'),
    };
  });
  afterEach(async () => {
    await agent.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const pool = () => agent.get(ORIGIN);
  const page = (start: number, size: number, status = 200) =>
    pool()
      .intercept({
        path: (p) =>
          p.startsWith(PATH) && new URL(p, ORIGIN).searchParams.get('startIndex') === String(start),
        method: 'GET',
      })
      .reply((opts) => {
        const h = opts.headers as Record<string, string>;
        seen.push({ path: opts.path, ...(h.apiKey ? { apiKey: h.apiKey } : {}) });
        return { statusCode: status, data: status === 200 ? pageBody(start, size) : 'busy' };
      });

  it('walks startIndex by the records received until totalResults, one file per page, with the API key', async () => {
    page(0, 2);
    page(2, 2);
    page(4, 2);
    const feed = makeNvdFeed({ apiKey: 'k-123', delayMs: 0, pageSize: 2 });
    const got = await feed.fetch(ctx);
    assert.ok(got !== 'unchanged');
    assert.deepEqual(
      got.artefacts.map((a) => a.name),
      ['nvd-page-00000.json', 'nvd-page-00001.json', 'nvd-page-00002.json'],
    );
    assert.deepEqual(
      seen.map((s) => new URL(s.path, ORIGIN).searchParams.get('startIndex')),
      ['0', '2', '4'],
    );
    assert.ok(
      seen.every(
        (s) => s.apiKey === 'k-123' && new URL(s.path, ORIGIN).searchParams.get('resultsPerPage') === '2',
      ),
    );
    const recs: FeedRecord[] = [];
    for await (const r of feed.parse(got.artefacts, ctx)) recs.push(r);
    assert.deepEqual(
      recs.map((r) => (r.kind === 'nvd' ? r.record.cve : '')),
      ids,
    );
    assert.equal(got.state.fetchedAt, '2026-01-10T00:00:00.000Z');
    assert.match(got.state.fingerprint, /^[0-9a-f]{64}$/);
    assert.ok(readFileSync(got.artefacts[0]!.path, 'utf8').includes('CVE-2024-0002'));
  });

  it('retries 503 and 429 answers, then continues', async () => {
    page(0, 3, 503);
    page(0, 3, 429);
    page(0, 3);
    page(3, 3);
    const got = await makeNvdFeed({ delayMs: 0, retryDelayMs: 1, pageSize: 3 }).fetch(ctx);
    assert.ok(got !== 'unchanged');
    assert.equal(got.artefacts.length, 2);
    assert.equal(seen.length, 4);
  });

  it('gives up after the attempts with FEED_FETCH, and fails at once on a 404', async () => {
    for (let i = 0; i < 3; i++) page(0, 2, 503);
    await assert.rejects(
      makeNvdFeed({ delayMs: 0, retryDelayMs: 1, attempts: 3, pageSize: 2 }).fetch(ctx),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'FEED_FETCH');
        assert.match(e.message, /after 3 attempts/);
        return true;
      },
    );
    page(0, 2, 404);
    await assert.rejects(makeNvdFeed({ delayMs: 0, retryDelayMs: 1, pageSize: 2 }).fetch(ctx), /HTTP 404/);
    assert.equal(seen.length, 4);
  });

  it('with a previous state, one lastMod query decides: 0 results is unchanged', async () => {
    pool()
      .intercept({ path: (p) => p.startsWith(PATH) && p.includes('lastModStartDate'), method: 'GET' })
      .reply((opts) => {
        seen.push({ path: opts.path });
        return { statusCode: 200, data: JSON.stringify({ totalResults: 0, vulnerabilities: [] }) };
      });
    const previous = { fetchedAt: '2026-01-09T00:00:00.000Z', fingerprint: 'x' };
    const got = await makeNvdFeed({ delayMs: 0 }).fetch(ctx, previous);
    assert.equal(got, 'unchanged');
    const q = new URL(seen[0]!.path, ORIGIN).searchParams;
    assert.equal(q.get('lastModStartDate'), '2026-01-09T00:00:00.000+00:00');
    assert.equal(q.get('lastModEndDate'), '2026-01-10T00:00:00.000+00:00');
  });

  it('with a previous state and changes, downloads every page again', async () => {
    pool()
      .intercept({ path: (p) => p.startsWith(PATH) && p.includes('lastModStartDate'), method: 'GET' })
      .reply(200, JSON.stringify({ totalResults: 2, vulnerabilities: [] }));
    page(0, 5);
    const got = await makeNvdFeed({ delayMs: 0, pageSize: 5 }).fetch(ctx, {
      fetchedAt: '2026-01-09T00:00:00.000Z',
      fingerprint: 'x',
    });
    assert.ok(got !== 'unchanged');
    assert.equal(got.artefacts.length, 1);
  });
});
