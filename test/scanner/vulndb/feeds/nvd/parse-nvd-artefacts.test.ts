import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { nvdFeed } from '../../../../../src/scanner/vulndb/feeds/nvd/index.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
import { sampleCve } from './sample-nvd-cve.js';
import { TempArtefacts } from './temp-artefacts.js';

const ctx = { log: silentLogger, limits: defaultFeedLimits };
const page = (ids: string[]) =>
  JSON.stringify({
    resultsPerPage: ids.length,
    startIndex: 0,
    totalResults: ids.length,
    format: 'NVD_CVE',
    version: '2.0',
    vulnerabilities: ids.map((id) => ({ cve: sampleCve(id) })),
  });

async function collect(it: AsyncIterable<FeedRecord>): Promise<FeedRecord[]> {
  const out: FeedRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('NVD artefact parsing', () => {
  let tmp: TempArtefacts;
  beforeEach(() => (tmp = new TempArtefacts()));
  afterEach(() => tmp.remove());

  it('reads API pages (plain and gzip) and 1.1 feeds in artefact order', async () => {
    const a = tmp.write('nvd-page-00000.json', page(['CVE-2024-0001', 'CVE-2024-0002']));
    const b = tmp.write('nvd-page-00001.json.gz', gzipSync(page(['CVE-2024-0003'])));
    const c = tmp.write(
      'nvdcve-1.1-2022.json.gz',
      gzipSync(
        JSON.stringify({
          CVE_data_type: 'CVE',
          CVE_Items: [{ cve: { CVE_data_meta: { ID: 'CVE-2022-0001' } } }],
        }),
      ),
    );
    const recs = await collect(nvdFeed.parse([a, b, c], ctx));
    assert.deepEqual(
      recs.map((r) => (r.kind === 'nvd' ? r.record.cve : r.kind)),
      ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003', 'CVE-2022-0001'],
    );
  });

  it('malformed JSON, an unknown document and a bad record fail with FEED_FORMAT naming file and record', async () => {
    const bad = tmp.write('nvd-page-00000.json', '{"vulnerabilities": [');
    await assert.rejects(collect(nvdFeed.parse([bad], ctx)), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'FEED_FORMAT');
      assert.match(e.message, /feed nvd: nvd-page-00000\.json: malformed JSON/);
      return true;
    });
    const other = tmp.write('other.json', '{"hello": 1}');
    await assert.rejects(collect(nvdFeed.parse([other], ctx)), /neither `vulnerabilities`/);
    const noId = tmp.write(
      'p.json',
      JSON.stringify({ vulnerabilities: [{ cve: sampleCve('CVE-2024-0009') }, { cve: {} }] }),
    );
    await assert.rejects(
      collect(nvdFeed.parse([noId], ctx)),
      /p\.json vulnerabilities\[1\]: a record has no CVE `id`/,
    );
    const gzBad = tmp.write('x.json.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    await assert.rejects(collect(nvdFeed.parse([gzBad], ctx)), { code: 'FEED_FORMAT' });
  });

  it('a record over the record limit, and a page over its bound, are FEED_TOO_LARGE', async () => {
    const huge = sampleCve('CVE-2024-0100');
    huge.descriptions[0]!.value = 'x'.repeat(200_000);
    const small = { ...defaultFeedLimits, maxRecordBytes: 100_000 };
    const p = tmp.write(
      'big.json',
      JSON.stringify({ vulnerabilities: [{ cve: sampleCve('CVE-2024-0099') }, { cve: huge }] }),
    );
    await assert.rejects(
      collect(nvdFeed.parse([p], { ...ctx, limits: small })),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'FEED_TOO_LARGE');
        assert.match(e.message, /big\.json vulnerabilities\[1\]/);
        return true;
      },
    );
    const tiny = { ...defaultFeedLimits, maxRecordBytes: 1000 };
    const q = tmp.write('page.json', page(['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003']));
    await assert.rejects(collect(nvdFeed.parse([q], { ...ctx, limits: tiny })), { code: 'FEED_TOO_LARGE' });
    const bomb = tmp.write('bomb.json.gz', gzipSync(Buffer.alloc(200_000, 0x20)));
    await assert.rejects(
      collect(nvdFeed.parse([bomb], { ...ctx, limits: { ...defaultFeedLimits, maxRecordBytes: 10_000 } })),
      {
        code: 'FEED_TOO_LARGE',
      },
    );
  });

  it('accepts NVD files and not others', () => {
    const head = (s: string) => Buffer.from(s);
    assert.equal(nvdFeed.accepts({ path: 'nvdcve-1.1-2021.json.gz', head: head('') }), 2);
    assert.equal(
      nvdFeed.accepts({ path: 'x/page.json', head: head('{"resultsPerPage":1,"format":"NVD_CVE"') }),
      2,
    );
    assert.equal(nvdFeed.accepts({ path: 'x/GHSA-xxxx.json', head: head('{"id":"GHSA-1"}') }), 0);
  });
});
