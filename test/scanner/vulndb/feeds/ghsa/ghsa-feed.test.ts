import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { ghsaFeed } from '../../../../../src/scanner/vulndb/feeds/ghsa/index.js';
import { convertGhsaRecord } from '../../../../../src/scanner/vulndb/feeds/ghsa/parse-ghsa-artefacts.js';
import { osvFeed } from '../../../../../src/scanner/vulndb/feeds/osv/index.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
import { buildTar } from '../../../../helpers/tar-builder.js';

const ghsa = (id: string, over: Record<string, unknown> = {}) => ({
  schema_version: '1.4.0',
  id,
  modified: '2023-07-10T22:57:56Z',
  published: '2023-06-21T06:30:28Z',
  aliases: ['CVE-2022-25883'],
  summary: 'semver vulnerable to ReDoS',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }],
  affected: [
    {
      package: { ecosystem: 'npm', name: 'semver' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '7.0.0' }, { fixed: '7.5.2' }] }],
    },
    {
      package: { ecosystem: 'Maven', name: 'org.example:lib' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
      database_specific: { last_known_affected_version_range: '<= 1.2.3' },
    },
  ],
  database_specific: { cwe_ids: ['CWE-1333'], severity: 'MODERATE', github_reviewed: true },
  ...over,
});

describe('GHSA feed', () => {
  it('GitHub severity and CVSS attributed to ghsa, CWE ids, per-ecosystem schemes', () => {
    const r = convertGhsaRecord(ghsa('GHSA-c2qf-rxjj-qqgw'), 'GHSA-c2qf-rxjj-qqgw.json');
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.feed, 'ghsa');
    assert.deepEqual(r.advisory.severity, [
      {
        source: 'ghsa',
        name: 'MODERATE',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }],
      },
    ]);
    assert.deepEqual(r.advisory.cwes, ['CWE-1333']);
    assert.deepEqual(
      r.affected.map((a) => [a.ecosystem, a.name, a.scheme, a.fixedVersions]),
      [
        ['npm', 'semver', 'semver', ['7.5.2']],
        ['Maven', 'org.example:lib', 'maven', []],
      ],
    );
    assert.deepEqual(r.affected[1]?.extra?.database_specific, {
      last_known_affected_version_range: '<= 1.2.3',
    });
  });

  it('a non-GHSA id or malformed record is FEED_FORMAT naming the file', () => {
    assert.throws(
      () => convertGhsaRecord(ghsa('GO-2022-0001'), 'x.json'),
      /feed ghsa: x\.json: id "GO-2022-0001" is not a GHSA id/,
    );
    assert.throws(() => convertGhsaRecord({ affected: [] }, 'y.json'), /feed ghsa: y\.json/);
  });

  it('reads the repository tarball: reviewed records only, malformed JSON named by entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-ghsa-'));
    try {
      const base = 'advisory-database-main/advisories';
      const tar = await buildTar([
        {
          name: `${base}/github-reviewed/2023/06/GHSA-c2qf-rxjj-qqgw/GHSA-c2qf-rxjj-qqgw.json`,
          data: JSON.stringify(ghsa('GHSA-c2qf-rxjj-qqgw')),
        },
        {
          name: `${base}/github-reviewed/2022/03/GHSA-36p3-wjmg-h94x/GHSA-36p3-wjmg-h94x.json`,
          data: JSON.stringify(ghsa('GHSA-36p3-wjmg-h94x')),
        },
        {
          name: `${base}/unreviewed/2024/01/GHSA-2222-3333-4444/GHSA-2222-3333-4444.json`,
          data: JSON.stringify(ghsa('GHSA-2222-3333-4444')),
        },
        { name: 'advisory-database-main/README.md', data: '# x' },
      ]);
      const path = join(dir, 'advisory-database-main.tar.gz');
      writeFileSync(path, gzipSync(tar));
      const ctx = { log: silentLogger, limits: defaultFeedLimits };
      const recs: FeedRecord[] = [];
      for await (const r of ghsaFeed.parse([{ path, name: 'advisory-database-main.tar.gz' }], ctx))
        recs.push(r);
      assert.deepEqual(
        recs.map((r) => r.kind === 'advisory' && r.advisory.id),
        ['GHSA-c2qf-rxjj-qqgw', 'GHSA-36p3-wjmg-h94x'],
      );
      const bad = join(dir, 'bad.tar.gz');
      writeFileSync(
        bad,
        gzipSync(
          await buildTar([
            {
              name: `${base}/github-reviewed/2023/06/GHSA-c2qf-rxjj-qqgw/GHSA-c2qf-rxjj-qqgw.json`,
              data: '{"id": ',
            },
          ]),
        ),
      );
      await assert.rejects(
        (async () => {
          for await (const _ of ghsaFeed.parse([{ path: bad, name: 'bad.tar.gz' }], ctx));
        })(),
        /feed ghsa: bad\.tar\.gz!advisory-database-main\/advisories\/github-reviewed\/.*GHSA-c2qf-rxjj-qqgw\.json: malformed JSON/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('claims GHSA files over the generic OSV feed', () => {
    const file = {
      path: 'advisories/github-reviewed/2023/06/GHSA-c2qf-rxjj-qqgw/GHSA-c2qf-rxjj-qqgw.json',
      head: Buffer.from(JSON.stringify(ghsa('GHSA-c2qf-rxjj-qqgw'), null, 2)),
    };
    assert.equal(ghsaFeed.accepts(file), 2);
    assert.equal(osvFeed.accepts(file), 1);
    assert.equal(
      ghsaFeed.accepts({ path: 'GO-2022-0001.json', head: Buffer.from('{"id": "GO-2022-0001"}') }),
      0,
    );
  });
});

describe('GHSA archive routing', () => {
  it('claims its own archive names and ghsa folders, not PyPA advisory-database archives', () => {
    const none = Buffer.from('');
    assert.equal(ghsaFeed.accepts({ path: 'github-advisory-database.tar.gz', head: none }), 2);
    assert.equal(ghsaFeed.accepts({ path: 'mirror/ghsa/main.zip', head: none }), 2);
    assert.equal(ghsaFeed.accepts({ path: 'osv-pypi/advisory-database-vulns.tar.gz', head: none }), 0);
    assert.equal(ghsaFeed.accepts({ path: 'advisory-database-main.tar.gz', head: none }), 0);
  });
});

describe('GHSA hostile input', () => {
  it('a 100 MB record file is refused with FEED_TOO_LARGE under the default limits, before it is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-ghsa-big-'));
    try {
      const path = join(dir, 'GHSA-c2qf-rxjj-qqgw.json');
      const { openSync, ftruncateSync, closeSync } = await import('node:fs');
      const fd = openSync(path, 'w');
      ftruncateSync(fd, 100 * 1024 * 1024); // sparse: costs no disk
      closeSync(fd);
      const t = Date.now();
      await assert.rejects(
        (async () => {
          for await (const _ of ghsaFeed.parse([{ path, name: 'GHSA-c2qf-rxjj-qqgw.json' }], {
            log: silentLogger,
            limits: defaultFeedLimits,
          }));
        })(),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'FEED_TOO_LARGE');
          assert.match(e.message, /feed ghsa: record file GHSA-c2qf-rxjj-qqgw\.json has 104857600 bytes/);
          return true;
        },
      );
      assert.ok(Date.now() - t < 2000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
