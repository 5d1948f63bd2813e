// NVD (API 2.0 responses, 1.1 feed) and CVE 5 records from ../shared/vulndata: totals per file
// and field-by-field checks against the source JSON; the real API pages served through paging.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { MockAgent } from 'undici';

import { silentLogger } from '../../../src/runtime/log.js';
import type { Artefact } from '../../../src/scanner/vulndb/feeds/contracts.js';
import { cve5Feed } from '../../../src/scanner/vulndb/feeds/cve5/index.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { preferredNvdCvss } from '../../../src/scanner/vulndb/feeds/nvd/convert-nvd-cve.js';
import { makeNvdFeed, nvdFeed } from '../../../src/scanner/vulndb/feeds/nvd/index.js';
import type { FeedRecord, NvdRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const nvdDir = `${shared}vulndata/nvd`;
const ctx = { log: silentLogger, limits: defaultFeedLimits };

async function nvdRecords(artefacts: Artefact[], feed = nvdFeed): Promise<NvdRecord[]> {
  const out: NvdRecord[] = [];
  for await (const r of feed.parse(artefacts, ctx)) if (r.kind === 'nvd') out.push(r.record);
  return out;
}

const files = (dir: string) => readdirSync(dir).map((f) => ({ path: join(dir, f), name: f }));
const sourceJson = (a: Artefact): { vulnerabilities?: unknown[]; CVE_Items?: unknown[] } => {
  const raw = readFileSync(a.path);
  return JSON.parse((raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8')) as never;
};

describe('corpus: NVD and CVE 5 feeds', function () {
  this.timeout(120000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('every API 2.0 file gives one record per `vulnerabilities` entry, every mirror file is claimed', async () => {
    const arts = [
      ...files(`${nvdDir}/api-2.0/cves`),
      ...files(`${nvdDir}/api-2.0/pages`).filter((a) => !a.name.endsWith('.meta')),
    ];
    let expected = 0;
    for (const a of arts) {
      expected += sourceJson(a).vulnerabilities!.length;
      const head = readFileSync(a.path).subarray(0, 4096);
      if (!a.name.endsWith('.gz')) assert.equal(nvdFeed.accepts({ path: `nvd/${a.name}`, head }), 2, a.name);
    }
    const recs = await nvdRecords(arts);
    assert.equal(recs.length, expected);
    assert.equal(expected, 23 + 3 + 101 + 2 + 1 + 3 + 1 + 38 + 1); // cves/ then pages/ (stackrox 101, vunnel 38…)
    console.log(
      `    NVD API 2.0: ${arts.length} files, ${recs.length} records, ${recs.reduce((n, r) => n + r.cvss.length, 0)} CVSS metrics`,
    );
    // every CVSS metric of the source is kept, with its vector (records of one file in order)
    let metrics = 0;
    let i = 0;
    for (const a of arts) {
      for (const v of sourceJson(a).vulnerabilities as {
        cve: { id: string; metrics?: Record<string, { cvssData?: { vectorString: string } }[]> };
      }[]) {
        const mine = recs[i++]!;
        assert.equal(mine.cve, v.cve.id);
        const vectors = Object.entries(v.cve.metrics ?? {})
          .filter(([k]) => k.startsWith('cvssMetric'))
          .flatMap(([, m]) => m.map((x) => x.cvssData!.vectorString));
        assert.deepEqual(new Set(mine.cvss.map((c) => c.vector)), new Set(vectors), v.cve.id);
        assert.equal(mine.cvss.length, vectors.length, v.cve.id);
        metrics += vectors.length;
      }
    }
    console.log(`    NVD API 2.0: every one of ${metrics} CVSS metrics matches its source vector`);
  });

  it('CVE-2024-3094 field by field', async () => {
    const [r] = await nvdRecords([
      { path: `${nvdDir}/api-2.0/cves/CVE-2024-3094.json`, name: 'CVE-2024-3094.json' },
    ]);
    assert.ok(r);
    assert.equal(r.published, '2024-03-29T17:15:21.150');
    assert.equal(r.status, 'Modified');
    assert.match(r.descriptions[0]!.value, /^Malicious code was discovered in the upstream tarballs of xz/);
    assert.deepEqual(
      r.cvss.map((c) => [c.version, c.score, c.source, c.type]),
      [
        ['3.1', 10, 'secalert@redhat.com', 'Secondary'],
        ['3.1', 10, 'nvd@nist.gov', 'Primary'],
      ],
    );
    assert.equal(preferredNvdCvss(r)?.source, 'nvd@nist.gov');
    assert.deepEqual(r.cwes, ['CWE-506']);
    assert.deepEqual(r.references[0], {
      type: 'Vendor Advisory',
      url: 'https://access.redhat.com/security/cve/CVE-2024-3094',
    });
  });

  it('the 1.1 feed: 669 CVE_Items, v3 and v2 metrics as NVD primary', async () => {
    const a = {
      path: `${nvdDir}/feed-1.1/nvdcve-1.1-test-data.json.gz`,
      name: 'nvdcve-1.1-test-data.json.gz',
    };
    assert.equal(nvdFeed.accepts({ path: a.name, head: readFileSync(a.path).subarray(0, 64) }), 2);
    const recs = await nvdRecords([a]);
    assert.equal(recs.length, 669);
    const items = sourceJson(a).CVE_Items as {
      cve: { CVE_data_meta: { ID: string } };
      impact: { baseMetricV3?: { cvssV3: { vectorString: string; baseScore: number } } };
    }[];
    let withV3 = 0;
    for (const item of items) {
      const r = recs.find((x) => x.cve === item.cve.CVE_data_meta.ID)!;
      const v3 = item.impact.baseMetricV3?.cvssV3;
      if (!v3) continue;
      withV3++;
      const mine = r.cvss.find((c) => c.version.startsWith('3'))!;
      assert.equal(mine.vector, v3.vectorString);
      assert.equal(mine.score, v3.baseScore);
    }
    console.log(
      `    NVD 1.1 feed: ${recs.length} records, ${withV3} with CVSS v3 checked against the source`,
    );
    const g = recs.find((r) => r.cve === 'CVE-2022-0090')!;
    assert.deepEqual(g.cwes, ['CWE-269']);
    assert.equal(g.cvss[0]?.vector, 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N');
  });

  it('the real paging responses served through fetch (startIndex 0 then 2)', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const workDir = mkdtempSync(join(tmpdir(), 'rampart-nvd-corpus-'));
    try {
      const pages = `${nvdDir}/api-2.0/pages`;
      const byStart: Record<string, string> = {
        '0': readFileSync(`${pages}/vuln-list-update-respPage1.json`, 'utf8'),
        '2': readFileSync(`${pages}/vuln-list-update-respPage2.json`, 'utf8'),
      };
      agent
        .get('https://services.nvd.nist.gov')
        .intercept({ path: (p) => p.startsWith('/rest/json/cves/2.0'), method: 'GET' })
        .reply((o) => ({
          statusCode: 200,
          data: byStart[new URL(o.path, 'https://x').searchParams.get('startIndex')!] ?? '',
        }))
        .times(2);
      const feed = makeNvdFeed({ delayMs: 0, pageSize: 2 });
      const got = await feed.fetch({ ...ctx, http: agent, workDir, now: () => new Date() });
      assert.ok(got !== 'unchanged');
      const recs = await nvdRecords(got.artefacts, feed);
      assert.deepEqual(
        recs.map((r) => r.cve),
        ['CVE-2020-8167', 'CVE-2021-22903', 'CVE-2024-5732'],
      );
    } finally {
      await agent.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('CVE 5: 11 records, CNA and CISA-ADP scores, CWE ids, descriptions', async () => {
    const root = `${shared}vulndata/cve5`;
    const arts: Artefact[] = [];
    const walk = (d: string, rel: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
        else if (e.name.endsWith('.json')) arts.push({ path: join(d, e.name), name: `${rel}${e.name}` });
      }
    };
    walk(root, 'cve5/');
    assert.equal(arts.length, 11);
    for (const a of arts)
      assert.equal(
        cve5Feed.accepts({ path: a.name, head: readFileSync(a.path).subarray(0, 4096) }),
        2,
        a.name,
      );
    const recs: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
    for await (const r of cve5Feed.parse(arts, ctx)) if (r.kind === 'advisory') recs.push(r);
    assert.equal(recs.length, 11);
    const log4shell = recs.find((r) => r.advisory.id === 'CVE-2021-44228')!.advisory;
    assert.equal(log4shell.published, '2021-12-10T00:00:00.000Z');
    assert.deepEqual(log4shell.cwes, ['CWE-502', 'CWE-400', 'CWE-20']);
    assert.deepEqual(log4shell.severity, [
      { source: 'cna', name: 'critical', cvss: [] },
      {
        source: 'CISA-ADP',
        name: 'CRITICAL',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 }],
      },
    ]);
    assert.equal(log4shell.extra?.assigner, 'apache');
    for (const r of recs) {
      const src = JSON.parse(
        readFileSync(arts.find((a) => a.name.endsWith(`${r.advisory.id}.json`))!.path, 'utf8'),
      ) as {
        cveMetadata: { datePublished?: string; state: string };
        containers: { cna: { descriptions?: { lang: string; value: string }[] } };
      };
      assert.equal(r.advisory.published, src.cveMetadata.datePublished);
      if (src.cveMetadata.state === 'PUBLISHED') {
        const en = src.containers.cna.descriptions!.find((d) => d.lang.startsWith('en'))!;
        assert.equal(r.advisory.details, en.value);
      }
    }
    console.log(
      `    CVE 5: ${recs.length} records, ${recs.reduce((n, r) => n + r.advisory.severity.length, 0)} severities`,
    );
  });
});
