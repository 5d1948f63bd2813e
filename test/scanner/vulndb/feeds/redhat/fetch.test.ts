import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import tar from 'tar-stream';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { Artefact } from '../../../../../src/scanner/vulndb/feeds/contracts.js';
import { changedSince, planAfterArchive } from '../../../../../src/scanner/vulndb/feeds/redhat/fetch.js';
import { redhatFeed } from '../../../../../src/scanner/vulndb/feeds/redhat/index.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
import { FeedServer } from '../../../../helpers/feed-server.js';
import { zstdRawFrame } from '../../../../helpers/zstd-raw-frame.js';

const ORIGIN = 'https://security.access.redhat.com';
const BASE = '/data/csaf/v2/vex/';

function vex(cve: string, fixed: string, modified: string) {
  return {
    document: { category: 'csaf_vex', tracking: { id: cve, current_release_date: modified } },
    product_tree: {
      branches: [
        {
          category: 'product_name',
          product: {
            product_id: 'BaseOS-9.4.0.Z.MAIN',
            product_identification_helper: { cpe: 'cpe:/o:redhat:enterprise_linux:9::baseos' },
          },
        },
      ],
      relationships: [],
    },
    vulnerabilities: [{ cve, product_status: { fixed: [`BaseOS-9.4.0.Z.MAIN:${fixed}`] } }],
  };
}

async function tarOf(files: Record<string, unknown>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, doc] of Object.entries(files)) pack.entry({ name }, JSON.stringify(doc));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('redhat feed: fetch', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'rampart-redhat-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('reads changes.csv lines after the archive date only', () => {
    const csv =
      '"2024/cve-2024-1.json","2024-11-23T10:00:00+00:00"\n"2024/cve-2024-2.json","2024-11-25T01:00:00+00:00"\nbad line\n"../etc/passwd.json","2099-01-01"\n';
    assert.deepEqual(changedSince(csv, '2024-11-24'), ['2024/cve-2024-2.json']);
  });

  const ADV = '/data/csaf/v2/advisories/';
  /** Both CSAF collections on a FeedServer; the advisories one is an empty archive. */
  async function serve(
    vexFiles: Record<string, unknown>,
    changes: string,
    deletions = '',
    docs: Record<string, unknown> = {},
  ): Promise<FeedServer> {
    const server = new FeedServer({
      [`${ORIGIN}${BASE}archive_latest.txt`]: 'csaf_vex_2024-11-24.tar.zst\n',
      [`${ORIGIN}${BASE}csaf_vex_2024-11-24.tar.zst`]: zstdRawFrame(await tarOf(vexFiles)),
      [`${ORIGIN}${BASE}changes.csv`]: changes,
      [`${ORIGIN}${BASE}deletions.csv`]: deletions,
      [`${ORIGIN}${ADV}archive_latest.txt`]: 'csaf_advisories_2024-11-24.tar.zst\n',
      [`${ORIGIN}${ADV}csaf_advisories_2024-11-24.tar.zst`]: zstdRawFrame(await tarOf({})),
      [`${ORIGIN}${ADV}changes.csv`]: '',
      [`${ORIGIN}${ADV}deletions.csv`]: '',
    });
    for (const [p, d] of Object.entries(docs)) server.set(`${ORIGIN}${BASE}${p}`, JSON.stringify(d));
    return server;
  }
  const ctxOf = (server: FeedServer, cacheDir?: string) => ({
    log: silentLogger,
    limits: defaultFeedLimits,
    http: server.agent,
    workDir: tempDir(),
    now: () => new Date('2024-11-26T00:00:00Z'),
    cacheDir,
  });
  const rowsOf = async (artefacts: Artefact[]) => {
    const recs: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
    for await (const r of redhatFeed.parse(artefacts, { log: silentLogger, limits: defaultFeedLimits }))
      if (r.kind === 'advisory') recs.push(r);
    return recs.map((r) => [r.advisory.id, r.affected[0]?.name, r.affected[0]?.fixedVersions[0]]);
  };

  it('plans deletions and changes after the archive date', () => {
    const plan = planAfterArchive(
      '"2024/cve-2024-2.json","2024-11-25T00:00:00+00:00"\n"2024/cve-2024-3.json","2024-11-25T00:00:00+00:00"\n"2024/cve-2024-4.json","2024-11-25T09:00:00+00:00"\n',
      '"2024/cve-2024-1.json","2024-11-25T00:00:00+00:00"\n"2024/cve-2024-3.json","2024-11-25T08:00:00+00:00"\n"2024/cve-2024-4.json","2024-11-25T08:00:00+00:00"\n"2024/cve-2024-9.json","2024-11-01T00:00:00+00:00"\n',
      '2024-11-24',
    );
    assert.deepEqual([...plan.drop].sort(), [
      '2024/cve-2024-1.json',
      '2024/cve-2024-3.json',
      '2024/cve-2024-4.json',
    ]);
    // cve-2024-3 was changed, then deleted: not downloaded; cve-2024-4 came back after its deletion.
    assert.deepEqual(plan.download, ['2024/cve-2024-2.json', '2024/cve-2024-4.json']);
  });

  it('downloads both archives and later changes; the changed document is parsed after the archive; all 304 downloads nothing', async () => {
    const server = await serve(
      {
        '2024/cve-2024-1.json': vex('CVE-2024-1', 'openssl-1:3.0.7-27.el9.x86_64', '2024-11-01T00:00:00Z'),
        '2024/cve-2024-2.json': vex('CVE-2024-2', 'curl-0:7.76.1-29.el9.x86_64', '2024-11-01T00:00:00Z'),
        'README.txt': 'not json',
      },
      '"2024/cve-2024-2.json","2024-11-25T00:00:00+00:00"\n"2024/cve-2024-1.json","2024-11-20T00:00:00+00:00"\n',
      '',
      {
        '2024/cve-2024-2.json': vex('CVE-2024-2', 'curl-0:7.76.1-31.el9.x86_64', '2024-11-25T00:00:00Z'),
      },
    );
    const res = await redhatFeed.fetch(ctxOf(server));
    assert.ok(res !== 'unchanged');
    assert.deepEqual(
      res.artefacts.map((a) => a.name),
      ['csaf-vex.tar', 'csaf-advisories.tar', '2024/cve-2024-2.json'],
    );
    assert.deepEqual(await rowsOf(res.artefacts), [
      ['CVE-2024-1@Red Hat', 'openssl', '1:3.0.7-27.el9'],
      ['CVE-2024-2@Red Hat', 'curl', '0:7.76.1-29.el9'],
      ['CVE-2024-2@Red Hat', 'curl', '0:7.76.1-31.el9'],
    ]);
    assert.equal(Object.keys(res.state.validators ?? {}).length, 8);
    const mark = server.log.length;
    assert.equal(await redhatFeed.fetch(ctxOf(server), res.state), 'unchanged');
    assert.deepEqual(server.downloads(mark), []);
    assert.deepEqual(
      server.log.slice(mark).map((r) => [r.url.replace(ORIGIN, ''), r.status]),
      [
        [`${BASE}archive_latest.txt`, 304],
        [`${BASE}changes.csv`, 304],
        [`${BASE}deletions.csv`, 304],
        [`${ADV}archive_latest.txt`, 304],
        [`${ADV}changes.csv`, 304],
        [`${ADV}deletions.csv`, 304],
      ],
    );
  });

  it('drops documents deleted after the archive; with a cache a new changes.csv does not download the archive again', async () => {
    const server = await serve(
      {
        '2024/cve-2024-1.json': vex('CVE-2024-1', 'openssl-1:3.0.7-27.el9.x86_64', '2024-11-01T00:00:00Z'),
        '2024/cve-2024-2.json': vex('CVE-2024-2', 'curl-0:7.76.1-29.el9.x86_64', '2024-11-01T00:00:00Z'),
      },
      '',
      '"2024/cve-2024-1.json","2024-11-25T00:00:00+00:00"\n',
    );
    const cache = tempDir();
    const res = await redhatFeed.fetch(ctxOf(server, cache));
    assert.ok(res !== 'unchanged');
    assert.deepEqual(await rowsOf(res.artefacts), [['CVE-2024-2@Red Hat', 'curl', '0:7.76.1-29.el9']]);

    server.set(`${ORIGIN}${BASE}changes.csv`, '"2024/cve-2024-3.json","2024-11-25T05:00:00+00:00"\n');
    server.set(
      `${ORIGIN}${BASE}2024/cve-2024-3.json`,
      JSON.stringify(vex('CVE-2024-3', 'zlib-0:1.2.11-40.el9.x86_64', '2024-11-25T05:00:00Z')),
    );
    const mark = server.log.length;
    const next = await redhatFeed.fetch(ctxOf(server, cache), res.state);
    assert.ok(next !== 'unchanged');
    assert.deepEqual(server.downloads(mark), [
      `${ORIGIN}${BASE}changes.csv`,
      `${ORIGIN}${BASE}2024/cve-2024-3.json`,
    ]);
    assert.deepEqual(await rowsOf(next.artefacts), [
      ['CVE-2024-2@Red Hat', 'curl', '0:7.76.1-29.el9'],
      ['CVE-2024-3@Red Hat', 'zlib', '0:1.2.11-40.el9'],
    ]);
  });

  it('refuses an archive_latest.txt that does not name an archive, and corrupt zstd', async () => {
    const server = await serve({}, '');
    server.set(`${ORIGIN}${BASE}archive_latest.txt`, '../../evil');
    await assert.rejects(redhatFeed.fetch(ctxOf(server)), { code: 'FEED_FORMAT' });

    const server2 = await serve({}, '');
    server2.set(`${ORIGIN}${BASE}csaf_vex_2024-11-24.tar.zst`, Buffer.from('not zstd at all'));
    await assert.rejects(redhatFeed.fetch(ctxOf(server2)), { code: 'FEED_FORMAT' });
  });
});
