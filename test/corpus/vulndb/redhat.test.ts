import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { silentLogger } from '../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { redhatFeed } from '../../../src/scanner/vulndb/feeds/redhat/index.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

async function collect(it: AsyncIterable<FeedRecord>) {
  const out: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
  for await (const r of it) if (r.kind === 'advisory') out.push(r);
  return out;
}

describe('corpus: redhat CSAF feed', function () {
  this.timeout(120000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('accepts and imports every VEX and advisory file with the expected totals', async () => {
    const root = `${shared}vulndata/redhat-csaf-vex`;
    const artefacts = ['vex', 'advisories'].flatMap((d) =>
      readdirSync(`${root}/${d}`)
        .filter((f) => /\.jsonl?(\.gz)?$/.test(f))
        .map((f) => ({ path: `${root}/${d}/${f}`, name: `${d}/${f}` })),
    );
    assert.equal(artefacts.length, 25);
    for (const a of artefacts) {
      const raw = readFileSync(a.path);
      assert.equal(redhatFeed.accepts({ path: a.name, head: raw.subarray(0, 4096) }), 2, a.name);
    }
    const recs = await collect(redhatFeed.parse(artefacts, ctx));
    const rows = recs.flatMap((r) => r.affected);
    assert.equal(recs.length, 49);
    assert.equal(rows.length, 3374);
    const states: Record<string, number> = {};
    for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
    assert.deepEqual(states, { fixed: 1106, not_affected: 2015, unfixed: 197, will_not_fix: 56 });
    assert.ok(rows.every((r) => r.ecosystem === 'Red Hat' && r.scheme === 'rpm'));
  });

  it('has what claircore needs to reproduce its CVE-2025-40907 match for ubi8/perl-526', async () => {
    const f = `${shared}vulndata/redhat-csaf-vex/vex/cve-2025-40907-perl.json.gz`;
    const [rec] = await collect(redhatFeed.parse([{ path: f, name: 'cve-2025-40907.json.gz' }], ctx));
    assert.ok(rec);
    // expected.csv: CVE-2025-40907,AppStream-8.10.0.Z.MAIN.EUS:perl-FCGI-1:0.78-12.module+el8.10.0+23147+95b68fad.aarch64::perl-FCGI:0.78,affected
    const csv = readFileSync(
      `${shared}vulndata/redhat-csaf-vex/vex/cve-2025-40907-perl.expected.csv`,
      'utf8',
    );
    const line = csv.split('\n').find((l) => l.startsWith('CVE-'))!;
    const productId = line.split(',')[1]!;
    const platformId = productId.slice(0, productId.indexOf(':'));
    const evr = /perl-FCGI-(\d+:[^.]+\.[^:]*?)\.aarch64::/.exec(productId)![1]!;
    assert.equal(rec.advisory.id, 'CVE-2025-40907@Red Hat');
    const row = rec.affected.find(
      (a) => a.name === 'perl-FCGI' && a.module === 'perl-FCGI:0.78' && a.fixedVersions[0] === evr,
    );
    assert.ok(row, `a row for ${evr}`);
    assert.equal(row.cpe, 'cpe:/a:redhat:enterprise_linux:8::appstream');
    assert.equal((row.extra as { product: string }).product, platformId);
    assert.equal(row.state, 'fixed');
    assert.equal(row.severity?.name, 'Important');
    assert.ok((row.extra as { arches: string[] }).arches.includes('aarch64'));
    // Red Hat lists the stream build under four module contexts; each is a row with the same CPE.
    const rhel8 = rec.affected.filter(
      (a) => a.name === 'perl-FCGI' && a.cpe === 'cpe:/a:redhat:enterprise_linux:8::appstream',
    );
    assert.equal(rhel8.length, 4);
    // The document is the VEX JSON; compare a count straight from the source.
    const doc = JSON.parse(gunzipSync(readFileSync(f)).toString()) as {
      vulnerabilities: { product_status: { fixed: string[] } }[];
    };
    const binaryFixed = new Set(
      doc.vulnerabilities[0]!.product_status.fixed.filter((p) => !/\.src(::|$)/.test(p)).map((p) =>
        p.replace(/\.(x86_64|aarch64|ppc64le|s390x|ppc64|i686|noarch)(::|$)/, '$2'),
      ),
    );
    assert.equal(rec.affected.length, binaryFixed.size);
  });
});
