// CISA KEV and FIRST EPSS samples from ../shared/vulndata/enrichment: totals and fields
// against the source files.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import { epssFeed } from '../../../src/scanner/vulndb/feeds/epss/index.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { kevFeed } from '../../../src/scanner/vulndb/feeds/kev/index.js';
import type { EpssRecord, KevRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

describe('corpus: KEV and EPSS feeds', function () {
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('KEV: every catalog entry, fields as published', async () => {
    const path = `${shared}vulndata/enrichment/kev/known_exploited_vulnerabilities.sample.json`;
    const name = 'kev/known_exploited_vulnerabilities.sample.json';
    assert.equal(kevFeed.accepts({ path: name, head: readFileSync(path).subarray(0, 4096) }), 2);
    const recs: KevRecord[] = [];
    for await (const r of kevFeed.parse([{ path, name }], ctx)) if (r.kind === 'kev') recs.push(r.record);
    const src = JSON.parse(readFileSync(path, 'utf8')) as {
      count: number;
      vulnerabilities: Record<string, string>[];
    };
    assert.equal(recs.length, src.count);
    assert.equal(recs.length, 2);
    src.vulnerabilities.forEach((v, i) => {
      const r = recs[i]!;
      assert.equal(r.cve, v.cveID);
      for (const k of [
        'vendorProject',
        'product',
        'dateAdded',
        'dueDate',
        'knownRansomwareCampaignUse',
        'requiredAction',
      ] as const) {
        assert.equal(r[k], v[k], `${v.cveID} ${k}`);
      }
    });
    const log4j = recs.find((r) => r.cve === 'CVE-2021-44228')!;
    assert.deepEqual(
      [log4j.dateAdded, log4j.dueDate, log4j.knownRansomwareCampaignUse],
      ['2021-12-10', '2021-12-24', 'Known'],
    );
  });

  it('EPSS: one record per data row, score date from the comment line', async () => {
    const path = `${shared}vulndata/enrichment/epss/epss_scores.sample.csv`;
    const name = 'epss/epss_scores.sample.csv';
    assert.equal(epssFeed.accepts({ path: name, head: readFileSync(path).subarray(0, 4096) }), 2);
    const recs: EpssRecord[] = [];
    for await (const r of epssFeed.parse([{ path, name }], ctx)) if (r.kind === 'epss') recs.push(r.record);
    const rows = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => /^CVE-/.test(l))
      .map((l) => l.split(','));
    assert.equal(recs.length, rows.length);
    assert.equal(recs.length, 29);
    rows.forEach(([cve, epss, pct], i) => {
      assert.deepEqual(recs[i], { cve, epss: Number(epss), percentile: Number(pct), date: '2024-10-25' });
    });
    assert.deepEqual(recs[0], {
      cve: 'CVE-1999-0005',
      epss: 0.91963,
      percentile: 0.9903,
      date: '2024-10-25',
    });
  });
});
