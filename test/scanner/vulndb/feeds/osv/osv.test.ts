import assert from 'node:assert/strict';
import { join } from 'node:path';

import { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import type { FeedLimits } from '../../../../../src/scanner/vulndb/feeds/contracts.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { convertOsvRecord } from '../../../../../src/scanner/vulndb/feeds/convert-osv-record.js';
import { OSV_BUCKET, osvEcosystems } from '../../../../../src/scanner/vulndb/feeds/osv/fetch-osv.js';
import { osvFeed } from '../../../../../src/scanner/vulndb/feeds/osv/index.js';
import type { Artefact } from '../../../../../src/scanner/vulndb/feeds/contracts.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
import { buildZip } from '../../../../helpers/zip-archive-builder.js';
import { gzipSync } from 'node:zlib';

import { buildTar } from '../../../../helpers/tar-builder.js';
import { osvDoc, osvZip, tempDir, writeArtefact } from '../../../../helpers/osv-feed-builder.js';

async function collect(arts: Artefact[], limits: FeedLimits = defaultFeedLimits): Promise<FeedRecord[]> {
  const out: FeedRecord[] = [];
  for await (const r of osvFeed.parse(arts, { log: silentLogger, limits })) out.push(r);
  return out;
}
const src = { feed: 'osv', where: 'test.json' };

describe('osv feed: record conversion', () => {
  it('maps the OSV fields to the row model', () => {
    const r = convertOsvRecord(
      {
        id: 'GHSA-xxxx-yyyy-zzzz',
        modified: '2024-01-01T00:00:00Z',
        aliases: ['CVE-2024-1', 'GHSA-xxxx-yyyy-zzzz'],
        related: ['CVE-2023-9'],
        summary: 's',
        severity: [
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
          { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N' },
        ],
        database_specific: { severity: 'HIGH', cwe_ids: ['CWE-502'] },
        affected: [
          {
            package: {
              ecosystem: 'PyPI',
              name: 'Django_REST.framework',
              purl: 'pkg:pypi/django-rest-framework',
            },
            ranges: [
              { type: 'GIT', repo: 'https://example.org/r', events: [{ introduced: '0' }, { fixed: 'abc' }] },
              {
                type: 'ECOSYSTEM',
                events: [
                  { introduced: '1.0' },
                  { fixed: '1.5' },
                  { introduced: '2.0' },
                  { last_affected: '2.3' },
                ],
              },
              { type: 'WEIRD', events: [] },
            ],
            versions: ['1.0', '1.1'],
            ecosystem_specific: { x: 1 },
          },
          { ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] },
        ],
        withdrawn: '2024-06-01T00:00:00Z',
      },
      src,
    );
    assert.equal(r.kind, 'advisory');
    if (r.kind !== 'advisory') return;
    assert.deepEqual(r.advisory.aliases, ['CVE-2024-1']);
    assert.deepEqual(r.advisory.related, ['CVE-2023-9']);
    assert.deepEqual(r.advisory.cwes, ['CWE-502']);
    assert.equal(r.advisory.withdrawn, '2024-06-01T00:00:00Z');
    assert.deepEqual(r.advisory.severity, [
      {
        source: 'vendor',
        name: 'HIGH',
        cvss: [
          { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
          { version: '4.0', vector: 'CVSS:4.0/AV:N' },
        ],
      },
    ]);
    assert.equal(r.affected.length, 1, 'the package-less GIT entry has no row');
    const a = r.affected[0]!;
    assert.equal(a.ecosystem, 'PyPI');
    assert.equal(a.name, 'django-rest-framework', 'PEP 503 normalised');
    assert.equal(a.scheme, 'pep440');
    assert.deepEqual(
      a.ranges.map((x) => x.type),
      ['GIT', 'ECOSYSTEM'],
    );
    assert.deepEqual(a.fixedVersions, ['1.5'], 'GIT commits are not fixed versions');
    assert.deepEqual(a.versions, ['1.0', '1.1']);
    assert.deepEqual(a.extra, { ecosystem_specific: { x: 1 } });
  });

  it('moves Ubuntu Pro and the LTS marker out of the ecosystem key', () => {
    const r = convertOsvRecord(
      {
        id: 'UBUNTU-CVE-1',
        modified: 'x',
        upstream: ['CVE-1'],
        severity: [{ type: 'Ubuntu', score: 'medium' }],
        affected: [
          { package: { ecosystem: 'Ubuntu:Pro:16.04:LTS', name: 'wolfssl' } },
          { package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'wolfssl' } },
        ],
      },
      src,
    );
    if (r.kind !== 'advisory') throw new Error('kind');
    assert.deepEqual(
      r.affected.map((a) => [a.ecosystem, a.pocket, a.scheme]),
      [
        ['Ubuntu:16.04', 'pro', 'dpkg'],
        ['Ubuntu:22.04', undefined, 'dpkg'],
      ],
    );
    assert.deepEqual(r.advisory.related, ['CVE-1']);
    assert.equal(r.advisory.severity[0]!.name, 'medium');
  });

  it('refuses documents that are not OSV records, naming feed and place', () => {
    assert.throws(
      () => convertOsvRecord([1, 2], src),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_FORMAT' && /feed osv: test\.json/.test(e.message),
    );
    assert.throws(() => convertOsvRecord({ id: 'A', affected: {} }, src), { code: 'FEED_FORMAT' });
    assert.throws(
      () =>
        convertOsvRecord(
          { id: 'A', affected: [{ package: { ecosystem: 'Go', name: 'x' }, ranges: [{ type: 'SEMVER' }] }] },
          src,
        ),
      /\(A\).*events/,
    );
  });
});

describe('osv feed: artefacts', () => {
  it('reads all.zip, tar.gz of YAML (versions stay strings) and loose JSON files', async () => {
    const dir = tempDir();
    const zip = writeArtefact(
      dir,
      'Go/all.zip',
      osvZip(
        [
          osvDoc({ id: 'GO-1', ecosystem: 'Go', name: 'a' }),
          osvDoc({ id: 'GO-2', ecosystem: 'Go', name: 'b' }),
        ],
        [{ name: 'all.json', data: '[]' }],
      ),
    );
    const yaml =
      'id: PYSEC-1\nmodified: 2024-01-01T00:00:00Z\naffected:\n- package:\n    name: Foo.Bar\n    ecosystem: PyPI\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: 0\n    - fixed: 1.10\n';
    const tgz = writeArtefact(
      dir,
      'advisory-database.tar.gz',
      gzipSync(
        await buildTar([
          { name: 'vulns/foo/PYSEC-1.yaml', data: yaml },
          { name: 'vulns/.id-allocator', data: 'x' },
        ]),
      ),
    );
    const json = writeArtefact(
      dir,
      'x/GHSA-1.json',
      JSON.stringify(osvDoc({ id: 'GHSA-1', ecosystem: 'npm', name: 'Left-Pad' })),
    );
    const recs = await collect([zip, tgz, json]);
    const ids = recs.map((r) => (r.kind === 'advisory' ? r.advisory.id : ''));
    assert.deepEqual(ids, ['GO-1', 'GO-2', 'PYSEC-1', 'GHSA-1']);
    const py = recs[2]!;
    if (py.kind !== 'advisory') throw new Error('kind');
    assert.equal(py.affected[0]!.name, 'foo-bar');
    assert.deepEqual(py.affected[0]!.ranges[0]!.events, [{ introduced: '0' }, { fixed: '1.10' }]);
    const npm = recs[3]!;
    assert.equal(npm.kind === 'advisory' && npm.affected[0]!.name, 'Left-Pad', 'npm names keep their case');
  });

  it('refuses a zip bomb: an entry declaring more than the record limit, and a total over the inflated limit', async () => {
    const dir = tempDir();
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const art = writeArtefact(dir, 'Go/all.zip', buildZip([{ name: 'GO-BOMB.json', data: big }]));
    await assert.rejects(
      collect([art], { ...defaultFeedLimits, maxRecordBytes: 1024 * 1024 }),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_TOO_LARGE' && /feed osv/.test(e.message) && /GO-BOMB\.json/.test(e.message),
    );
    const valid = (i: number) =>
      JSON.stringify({ id: `GO-${i}`, modified: 'x', details: 'd'.repeat(2 * 1024 * 1024) });
    const many = writeArtefact(
      dir,
      'Go/all2.zip',
      buildZip(Array.from({ length: 8 }, (_, i) => ({ name: `GO-${i}.json`, data: valid(i) }))),
    );
    await assert.rejects(
      collect([many], { ...defaultFeedLimits, maxInflatedBytes: 10 * 1024 * 1024 }),
      (e: { code?: string; message: string }) => e.code === 'FEED_TOO_LARGE' && /GO-4\.json/.test(e.message),
    );
    // A header that lies (declares 100 bytes, inflates to 2 MiB) is caught while inflating.
    const liar = writeArtefact(
      dir,
      'Go/liar.zip',
      buildZip([{ name: 'GO-LIE.json', data: big, declaredSize: 100 }]),
    );
    await assert.rejects(
      collect([liar], { ...defaultFeedLimits, maxRecordBytes: 1024 * 1024 }),
      (e: { code?: string }) => e.code === 'FEED_TOO_LARGE' || e.code === 'FEED_FORMAT',
    );
  });

  it('refuses a 100 MB single record with the default limits', async function () {
    this.timeout(60_000);
    const dir = tempDir();
    const huge = Buffer.alloc(100 * 1024 * 1024, 0x20);
    const art = writeArtefact(dir, 'npm/all.zip', buildZip([{ name: 'GHSA-huge.json', data: huge }]));
    await assert.rejects(
      collect([art]),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_TOO_LARGE' && /GHSA-huge\.json/.test(e.message),
    );
    const loose = writeArtefact(dir, 'GHSA-huge.json', huge);
    await assert.rejects(collect([loose]), { code: 'FEED_TOO_LARGE' });
  });

  it('claims OSV files of a mirror by name and content', () => {
    const head = (s: string) => Buffer.from(s);
    assert.equal(osvFeed.accepts({ path: 'osv-go/all.zip', head: head('PK') }), 1);
    assert.equal(osvFeed.accepts({ path: 'osv-pypi/advisory-database-vulns.tar.gz', head: head('') }), 1);
    assert.equal(osvFeed.accepts({ path: 'rubysec/ruby-advisory-db.tar.gz', head: head('') }), 0);
    assert.equal(osvFeed.accepts({ path: 'a/GO-1.json', head: head('{"id": "GO-1", "modified": "x"}') }), 1);
    assert.equal(osvFeed.accepts({ path: 'a/all.json', head: head('[{"id": "x", "modified": "y"}]') }), 0);
    assert.equal(
      osvFeed.accepts({ path: 'nvd/CVE-1.json', head: head('{"id": "CVE-1", "lastModified": "x"}') }),
      0,
    );
    assert.equal(osvFeed.accepts({ path: 'PROVENANCE.md', head: head('# x') }), 0);
  });
});

describe('osv feed: fetch', () => {
  function agentWith(
    reply: (
      eco: string,
      headers: Record<string, string>,
    ) => { status: number; body?: Buffer; headers?: Record<string, string> },
  ) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(OSV_BUCKET);
    for (const eco of osvEcosystems) {
      pool
        .intercept({ path: `/${encodeURIComponent(eco)}/all.zip`, method: 'GET' })
        .reply((opts) => {
          const r = reply(eco, opts.headers as Record<string, string>);
          return {
            statusCode: r.status,
            data: r.body ?? Buffer.alloc(0),
            responseOptions: { headers: r.headers ?? {} },
          };
        })
        .persist();
    }
    return agent;
  }
  const fctx = (http: MockAgent, workDir: string) => ({
    log: silentLogger,
    limits: defaultFeedLimits,
    http,
    workDir,
    now: () => new Date('2026-01-02T00:00:00Z'),
  });

  it('downloads every ecosystem, records validators, and is unchanged on 304', async () => {
    const zip = osvZip([osvDoc({ id: 'X-1', ecosystem: 'Go', name: 'a' })]);
    const seen: Record<string, string>[] = [];
    const agent = agentWith((eco, h) => {
      seen.push(h);
      if (h['if-none-match'] === `"e-${eco}"`) return { status: 304 };
      return {
        status: 200,
        body: zip,
        headers: { etag: `"e-${eco}"`, 'last-modified': 'Mon, 01 Jan 2026 00:00:00 GMT' },
      };
    });
    const first = await osvFeed.fetch(fctx(agent, tempDir()));
    assert.notEqual(first, 'unchanged');
    if (first === 'unchanged') return;
    assert.equal(first.artefacts.length, osvEcosystems.length);
    assert.equal(first.state.fetchedAt, '2026-01-02T00:00:00.000Z');
    assert.match(first.state.fingerprint, /^[0-9a-f]{64}$/);
    assert.equal(first.state.validators?.[`${OSV_BUCKET}/Go/all.zip`]?.etag, '"e-Go"');
    assert.equal((await collect(first.artefacts.slice(0, 1))).length, 1);
    const second = await osvFeed.fetch(fctx(agent, tempDir()), first.state);
    assert.equal(second, 'unchanged');
    assert.equal(seen.at(-1)!['if-modified-since'], 'Mon, 01 Jan 2026 00:00:00 GMT');
  });

  it('retries a 503 with backoff, then fails with FEED_FETCH naming the URL on a 404', async () => {
    const zip = osvZip([]);
    let calls = 0;
    const flaky = agentWith(() => (++calls === 1 ? { status: 503 } : { status: 200, body: zip }));
    const got = await osvFeed.fetch(fctx(flaky, tempDir()));
    assert.notEqual(got, 'unchanged');
    assert.equal(calls, osvEcosystems.length + 1);
    const missing = agentWith((eco) => (eco === 'npm' ? { status: 404 } : { status: 200, body: zip }));
    await assert.rejects(
      osvFeed.fetch(fctx(missing, join(tempDir()))),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_FETCH' && /npm\/all\.zip/.test(e.message) && /404/.test(e.message),
    );
  });
});
