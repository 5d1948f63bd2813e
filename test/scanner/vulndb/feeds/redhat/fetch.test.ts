import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import tar from 'tar-stream';
import { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { changedSince } from '../../../../../src/scanner/vulndb/feeds/redhat/fetch.js';
import { redhatFeed } from '../../../../../src/scanner/vulndb/feeds/redhat/index.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
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

  it('downloads the zstd archive and later changes; the changed document is parsed after the archive', async () => {
    const archive = zstdRawFrame(
      await tarOf({
        '2024/cve-2024-1.json': vex('CVE-2024-1', 'openssl-1:3.0.7-27.el9.x86_64', '2024-11-01T00:00:00Z'),
        '2024/cve-2024-2.json': vex('CVE-2024-2', 'curl-0:7.76.1-29.el9.x86_64', '2024-11-01T00:00:00Z'),
        'README.txt': 'not json',
      }),
    );
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: `${BASE}archive_latest.txt` })
      .reply(200, 'csaf_vex_2024-11-24.tar.zst\n')
      .persist();
    pool
      .intercept({ path: `${BASE}csaf_vex_2024-11-24.tar.zst` })
      .reply(200, archive)
      .persist();
    pool
      .intercept({ path: `${BASE}changes.csv` })
      .reply(
        200,
        '"2024/cve-2024-2.json","2024-11-25T00:00:00+00:00"\n"2024/cve-2024-1.json","2024-11-20T00:00:00+00:00"\n',
      )
      .persist();
    pool
      .intercept({ path: `${BASE}2024/cve-2024-2.json` })
      .reply(200, JSON.stringify(vex('CVE-2024-2', 'curl-0:7.76.1-31.el9.x86_64', '2024-11-25T00:00:00Z')))
      .persist();
    const ctx = {
      log: silentLogger,
      limits: defaultFeedLimits,
      http: agent,
      workDir: tempDir(),
      now: () => new Date('2024-11-26T00:00:00Z'),
    };
    const res = await redhatFeed.fetch(ctx);
    assert.notEqual(res, 'unchanged');
    if (res === 'unchanged') return;
    assert.deepEqual(
      res.artefacts.map((a) => a.name),
      ['csaf-vex.tar', '2024/cve-2024-2.json'],
    );
    const recs: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
    for await (const r of redhatFeed.parse(res.artefacts, ctx)) if (r.kind === 'advisory') recs.push(r);
    assert.deepEqual(
      recs.map((r) => [
        r.advisory.id,
        r.affected[0]?.name,
        r.affected[0]?.fixedVersions[0],
        r.affected[0]?.cpe,
      ]),
      [
        ['CVE-2024-1@Red Hat', 'openssl', '1:3.0.7-27.el9', 'cpe:/o:redhat:enterprise_linux:9::baseos'],
        ['CVE-2024-2@Red Hat', 'curl', '0:7.76.1-29.el9', 'cpe:/o:redhat:enterprise_linux:9::baseos'],
        ['CVE-2024-2@Red Hat', 'curl', '0:7.76.1-31.el9', 'cpe:/o:redhat:enterprise_linux:9::baseos'],
      ],
    );
    // Same upstream content again: unchanged.
    assert.equal(await redhatFeed.fetch({ ...ctx, workDir: tempDir() }, res.state), 'unchanged');
  });

  it('refuses an archive_latest.txt that does not name an archive, and corrupt zstd', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: `${BASE}archive_latest.txt` })
      .reply(200, '../../evil')
      .persist();
    const ctx = {
      log: silentLogger,
      limits: defaultFeedLimits,
      http: agent,
      workDir: tempDir(),
      now: () => new Date(),
    };
    await assert.rejects(redhatFeed.fetch(ctx), { code: 'FEED_FORMAT' });

    const agent2 = new MockAgent();
    agent2.disableNetConnect();
    const pool2 = agent2.get(ORIGIN);
    pool2
      .intercept({ path: `${BASE}archive_latest.txt` })
      .reply(200, 'csaf_vex_2024-11-24.tar.zst')
      .persist();
    pool2
      .intercept({ path: `${BASE}csaf_vex_2024-11-24.tar.zst` })
      .reply(200, Buffer.from('not zstd at all'))
      .persist();
    await assert.rejects(redhatFeed.fetch({ ...ctx, http: agent2, workDir: tempDir() }), {
      code: 'FEED_FORMAT',
    });
  });
});
