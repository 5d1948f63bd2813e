import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import { alpineFeed, chainguardFeed, wolfiFeed } from '../../../src/scanner/vulndb/feeds/alpine/index.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

async function collect(it: AsyncIterable<FeedRecord>) {
  const out: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
  for await (const r of it) if (r.kind === 'advisory') out.push(r);
  return out;
}

describe('corpus: secdb feeds (Alpine, Wolfi, Chainguard)', function () {
  this.timeout(120000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('imports every Alpine branch file (v3.2–v3.21, edge) with the expected totals', async () => {
    const root = `${shared}vulndata/alpine-secdb`;
    const artefacts = readdirSync(root)
      .filter((d) => !d.endsWith('.md'))
      .flatMap((d) =>
        readdirSync(`${root}/${d}`).map((f) => ({ path: `${root}/${d}/${f}`, name: `${d}/${f}` })),
      );
    assert.equal(artefacts.length, 41);
    for (const a of artefacts)
      assert.equal(
        alpineFeed.accepts({
          path: a.name,
          head: Buffer.from('{"reponame": "main", "distroversion": "v3.1", "packages": ['),
        }),
        2,
      );
    const recs = await collect(alpineFeed.parse(artefacts, ctx));
    const rows = recs.reduce((n, r) => n + r.affected.length, 0);
    assert.equal(recs.length, 7715);
    assert.equal(rows, 85255);
    const ecosystems = new Set(recs.flatMap((r) => r.affected.map((a) => a.ecosystem)));
    assert.equal(ecosystems.size, 21);
    // apache2 in v3.19 main: "2.4.26-r0": ["CVE-2017-3167", …]
    const r = recs.find((x) => x.advisory.id === 'CVE-2017-3167@Alpine')!;
    const row = r.affected.find((a) => a.ecosystem === 'Alpine:v3.19' && a.name === 'apache2')!;
    assert.deepEqual(row.fixedVersions, ['2.4.26-r0']);
    assert.equal(row.state, 'fixed');
    assert.deepEqual(row.extra, { repo: 'main' });
    // "CVE-2023-44441 ZDI-CAN-22093": the ZDI id is an alias.
    assert.ok(
      recs.find((x) => x.advisory.id === 'CVE-2023-44441@Alpine')!.advisory.aliases.includes('ZDI-CAN-22093'),
    );
  });

  it('imports the Wolfi and Chainguard samples', async () => {
    const w = `${shared}vulndata/wolfi-secdb/security.vunnel-fixture.json`;
    const wolfi = await collect(wolfiFeed.parse([{ path: w, name: 'security.json' }], ctx));
    assert.ok(wolfi.length > 0);
    assert.ok(wolfi.every((r) => r.affected.every((a) => a.ecosystem === 'Wolfi' && a.scheme === 'apk')));
    const bin = wolfi.find((r) => r.advisory.id === 'CVE-2022-38533@Wolfi')!;
    assert.deepEqual(
      bin.affected.map((a) => [a.name, a.fixedVersions]),
      [['binutils', ['2.39-r2']]],
    );

    const c = `${shared}vulndata/chainguard-secdb/security.vuln-list-update-fixture.json`;
    const cg = await collect(chainguardFeed.parse([{ path: c, name: 'security.json' }], ctx));
    assert.deepEqual(
      cg.map((r) => [
        r.advisory.id,
        r.affected[0]?.ecosystem,
        r.affected[0]?.name,
        r.affected[0]?.fixedVersions,
      ]),
      [
        ['CVE-2022-38126@Chainguard', 'Chainguard', 'binutils', ['2.39-r1']],
        ['CVE-2022-38533@Chainguard', 'Chainguard', 'binutils', ['2.39-r2']],
        ['CVE-2022-38128@Chainguard', 'Chainguard', 'binutils', ['2.39-r3']],
      ],
    );
  });
});
