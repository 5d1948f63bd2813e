import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import { debianFeed } from '../../../src/scanner/vulndb/feeds/debian/index.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

async function collect(it: AsyncIterable<FeedRecord>) {
  const out: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
  for await (const r of it) if (r.kind === 'advisory') out.push(r);
  return out;
}

describe('corpus: debian feed', function () {
  this.timeout(300000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('imports the complete DSA and DLA lists', async () => {
    const base = `${shared}vulndata/debian-tracker/data`;
    const recs = await collect(
      debianFeed.parse(
        [
          { path: `${base}/DSA/list`, name: 'DSA/list' },
          { path: `${base}/DLA/list`, name: 'DLA/list' },
        ],
        ctx,
      ),
    );
    const dsa = recs.filter((r) => r.advisory.id.startsWith('DSA-'));
    const dla = recs.filter((r) => r.advisory.id.startsWith('DLA-'));
    assert.equal(dsa.length, 5406);
    assert.equal(dla.length, 3534);
    const x = recs.find((r) => r.advisory.id === 'DSA-5380-1')!;
    assert.deepEqual(x.advisory.aliases, ['CVE-2023-1393']);
    assert.deepEqual((x.advisory.extra as { fixed: unknown }).fixed, [
      { ecosystem: 'Debian:11', name: 'xorg-server', version: '2:1.20.11-1+deb11u6' },
    ]);
  });

  it('imports the tracker JSON samples', async () => {
    const f = `${shared}vulndata/debian-tracker/samples/tracker-json-excerpt.osv-dev.json`;
    const recs = await collect(
      debianFeed.parse([{ path: f, name: 'tracker-json-excerpt.osv-dev.json' }], ctx),
    );
    const r = recs.find((x) => x.advisory.id === 'CVE-2016-1585@Debian')!;
    const bookworm = r.affected.find((a) => a.ecosystem === 'Debian:12' && a.name === 'apparmor')!;
    assert.equal(bookworm.state, 'unfixed');
    assert.equal(bookworm.severity?.name, 'unimportant');
    const na = recs.find((x) => x.advisory.id === 'CVE-2014-1424@Debian')!;
    assert.equal(na.affected.find((a) => a.ecosystem === 'Debian:12')?.state, 'not_affected');
  });

  it('imports bookworm OVAL: every definition, source packages, <unfixed> as 0:0', async () => {
    const f = `${shared}vulndata/debian-oval/oval-definitions-bookworm.xml.bz2`;
    assert.equal(
      debianFeed.accepts({ path: 'oval-definitions-bookworm.xml.bz2', head: Buffer.from('BZh9') }),
      2,
    );
    const recs = await collect(
      debianFeed.parse([{ path: f, name: 'oval-definitions-bookworm.xml.bz2' }], ctx),
    );
    const rows = recs.flatMap((r) => r.affected);
    assert.equal(recs.length, 24136);
    assert.equal(rows.length, 25932);
    assert.equal(rows.filter((a) => a.state === 'unfixed').length, 1533);
    assert.ok(rows.every((a) => a.ecosystem === 'Debian:12' && a.scheme === 'dpkg'));
    // <title>CVE-1999-0199 glibc</title> … evr less than 0:2.2-1
    const glibc = recs.find((r) => r.advisory.id === 'CVE-1999-0199@Debian:12')!;
    assert.deepEqual(
      glibc.affected.map((a) => [a.name, a.state, a.fixedVersions]),
      [['glibc', 'fixed', ['2.2-1']]],
    );
    const tar = recs.find((r) => r.advisory.id === 'CVE-2005-2541@Debian:12')!;
    assert.deepEqual(
      tar.affected.map((a) => [a.name, a.state]),
      [['tar', 'unfixed']],
    );
  });
});
