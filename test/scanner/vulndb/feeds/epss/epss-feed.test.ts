import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { epssFeed } from '../../../../../src/scanner/vulndb/feeds/epss/index.js';
import { EpssLineParser } from '../../../../../src/scanner/vulndb/feeds/epss/parse-epss-csv.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { EpssRecord, FeedRecord } from '../../../../../src/scanner/vulndb/model.js';

const CSV =
  '#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000\ncve,epss,percentile\nCVE-1999-0005,0.91963,0.99030\nCVE-2024-12345,0.00073,0.32734\n';

async function records(path: string, name: string, limits = defaultFeedLimits): Promise<EpssRecord[]> {
  const out: EpssRecord[] = [];
  for await (const r of epssFeed.parse([{ path, name }], { log: silentLogger, limits }))
    if (r.kind === 'epss') out.push(r.record);
  return out;
}

describe('EPSS scores', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rampart-epss-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads score, percentile and the score date from the comment line (plain and gzip)', async () => {
    writeFileSync(join(dir, 'a.csv'), CSV);
    writeFileSync(join(dir, 'b.csv.gz'), gzipSync(CSV.replace(/\n/g, '\r\n')));
    for (const f of ['a.csv', 'b.csv.gz']) {
      const rs = await records(join(dir, f), f);
      assert.deepEqual(rs, [
        { cve: 'CVE-1999-0005', epss: 0.91963, percentile: 0.9903, date: '2024-10-25' },
        { cve: 'CVE-2024-12345', epss: 0.00073, percentile: 0.32734, date: '2024-10-25' },
      ]);
    }
  });

  it('a header-only file without the comment line gives no date', () => {
    const p = new EpssLineParser('x.csv');
    assert.equal(p.push('cve,epss,percentile'), undefined);
    assert.deepEqual(p.push('CVE-2020-1234,1,0.5'), { cve: 'CVE-2020-1234', epss: 1, percentile: 0.5 });
    p.end();
  });

  it('malformed rows and files are FEED_FORMAT naming line and CVE', async () => {
    const p = new EpssLineParser('x.csv');
    assert.throws(() => p.push('cve,score'), /x\.csv line 1: the header/);
    const q = new EpssLineParser('x.csv');
    q.push('cve,epss,percentile');
    assert.throws(() => q.push('CVE-2020-1234,abc,0.5'), /x\.csv line 2 \(CVE-2020-1234\): epss "abc"/);
    assert.throws(() => q.push('CVE-2020-1235,0.1,1.5'), /percentile "1.5"/);
    assert.throws(() => q.push('not-a-cve,0.1,0.5'), { code: 'FEED_FORMAT' });
    assert.throws(() => new EpssLineParser('e.csv').end(), /no `cve,epss,percentile` header/);
    writeFileSync(join(dir, 'bad.csv.gz'), Buffer.concat([gzipSync(CSV).subarray(0, 30)]));
    await assert.rejects(records(join(dir, 'bad.csv.gz'), 'bad.csv.gz'), { code: 'FEED_FORMAT' });
    writeFileSync(join(dir, 'long.csv'), `cve,epss,percentile\nCVE-2020-1,${'1'.repeat(5000)},0.1\n`);
    await assert.rejects(
      records(join(dir, 'long.csv'), 'long.csv', { ...defaultFeedLimits, maxRecordBytes: 1000 }),
      { code: 'FEED_TOO_LARGE' },
    );
  });

  it('fetches the gz file and parses it', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    try {
      agent
        .get('https://epss.empiricalsecurity.com')
        .intercept({ path: '/epss_scores-current.csv.gz', method: 'GET' })
        .reply(200, gzipSync(CSV));
      const ctx = {
        log: silentLogger,
        limits: defaultFeedLimits,
        http: agent,
        workDir: dir,
        now: () => new Date(),
      };
      const got = await epssFeed.fetch(ctx);
      assert.ok(got !== 'unchanged');
      const recs: FeedRecord[] = [];
      for await (const r of epssFeed.parse(got.artefacts, ctx)) recs.push(r);
      assert.equal(recs.length, 2);
    } finally {
      await agent.close();
    }
  });
});
