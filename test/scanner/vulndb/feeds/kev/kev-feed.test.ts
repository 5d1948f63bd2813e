import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { kevFeed } from '../../../../../src/scanner/vulndb/feeds/kev/index.js';
import { parseKevCsv, parseKevJson } from '../../../../../src/scanner/vulndb/feeds/kev/parse-kev-catalog.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';

const entry = (cve: string, extra: Record<string, unknown> = {}) => ({
  cveID: cve,
  vendorProject: 'Acme',
  product: 'Widget',
  vulnerabilityName: 'Acme Widget RCE',
  dateAdded: '2025-02-24',
  shortDescription: 'ignored',
  requiredAction: 'Patch.',
  dueDate: '2025-03-17',
  knownRansomwareCampaignUse: 'Known',
  notes: '',
  cwes: ['CWE-502'],
  ...extra,
});
const catalog = (entries: unknown[]) =>
  JSON.stringify({
    title: 'CISA Catalog',
    catalogVersion: '2025.02.24',
    count: entries.length,
    vulnerabilities: entries,
  });

describe('KEV catalog', () => {
  it('JSON entries keep the catalog fields (empty ones dropped)', () => {
    const recs = [
      ...parseKevJson(
        catalog([entry('CVE-2017-3066'), entry('CVE-2024-1234', { knownRansomwareCampaignUse: 'Unknown' })]),
        'kev.json',
      ),
    ];
    assert.equal(recs.length, 2);
    assert.deepEqual(recs[0], {
      cve: 'CVE-2017-3066',
      vendorProject: 'Acme',
      product: 'Widget',
      vulnerabilityName: 'Acme Widget RCE',
      dateAdded: '2025-02-24',
      dueDate: '2025-03-17',
      requiredAction: 'Patch.',
      knownRansomwareCampaignUse: 'Known',
    });
    assert.equal(recs[1]?.knownRansomwareCampaignUse, 'Unknown');
  });

  it('CSV form with quoted commas and CRLF', () => {
    const csv =
      'cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes\r\n' +
      'CVE-2021-44228,Apache,Log4j2,"Log4j2 RCE, aka ""Log4Shell""",2021-12-10,x,Apply updates.,2021-12-24,Known,\r\n';
    const [r] = [...parseKevCsv(csv, 'kev.csv')];
    assert.equal(r?.vulnerabilityName, 'Log4j2 RCE, aka "Log4Shell"');
    assert.equal(r?.dueDate, '2021-12-24');
    assert.equal(r?.notes, undefined);
    assert.throws(() => [...parseKevCsv(csv + 'CVE-2021-0001,a\r\n', 'kev.csv')], /kev\.csv row 3: 2 fields/);
  });

  it('malformed input is FEED_FORMAT naming the entry', () => {
    assert.throws(() => [...parseKevJson('{"vulnerabilities": [', 'kev.json')], { code: 'FEED_FORMAT' });
    assert.throws(() => [...parseKevJson('{"x": []}', 'kev.json')], /no `vulnerabilities` list/);
    assert.throws(
      () => [...parseKevJson(catalog([entry('CVE-2024-0001'), entry('nope')]), 'kev.json')],
      /kev\.json vulnerabilities\[1\]: `cveID` "nope"/,
    );
    assert.throws(
      () => [...parseKevJson(catalog([entry('CVE-2024-1234', { dueDate: 5 })]), 'kev.json')],
      /CVE-2024-1234.*dueDate/,
    );
  });

  it('fetches conditionally and parses the download; an oversized catalog is FEED_TOO_LARGE', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const workDir = mkdtempSync(join(tmpdir(), 'rampart-kev-'));
    try {
      const pool = agent.get('https://www.cisa.gov');
      const path = '/sites/default/files/feeds/known_exploited_vulnerabilities.json';
      pool
        .intercept({ path, method: 'GET' })
        .reply(200, catalog([entry('CVE-2017-3066'), entry('CVE-2018-0001')]), { headers: { etag: '"v1"' } });
      pool.intercept({ path, method: 'GET', headers: { 'if-none-match': '"v1"' } }).reply(304, '');
      const ctx = {
        log: silentLogger,
        limits: defaultFeedLimits,
        http: agent,
        workDir,
        now: () => new Date('2026-01-01T00:00:00Z'),
      };
      const got = await kevFeed.fetch(ctx);
      assert.ok(got !== 'unchanged');
      const recs: FeedRecord[] = [];
      for await (const r of kevFeed.parse(got.artefacts, ctx)) recs.push(r);
      assert.deepEqual(
        recs.map((r) => r.kind === 'kev' && r.record.cve),
        ['CVE-2017-3066', 'CVE-2018-0001'],
      );
      assert.equal(await kevFeed.fetch(ctx, got.state), 'unchanged');
      const big = join(workDir, 'big.json');
      writeFileSync(big, catalog([entry('CVE-2017-3066', { notes: 'x'.repeat(5000) })]));
      await assert.rejects(
        (async () => {
          for await (const _ of kevFeed.parse([{ path: big, name: 'big.json' }], {
            ...ctx,
            limits: { ...defaultFeedLimits, maxRecordBytes: 1000 },
          }));
        })(),
        { code: 'FEED_TOO_LARGE' },
      );
    } finally {
      await agent.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('accepts the catalog by name or content', () => {
    assert.equal(
      kevFeed.accepts({ path: 'kev/known_exploited_vulnerabilities.json', head: Buffer.from('') }),
      2,
    );
    assert.equal(
      kevFeed.accepts({
        path: 'a.json',
        head: Buffer.from('{"catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-1-1"'),
      }),
      2,
    );
    assert.equal(kevFeed.accepts({ path: 'a.json', head: Buffer.from('{"id": "GHSA"}') }), 0);
  });
});
