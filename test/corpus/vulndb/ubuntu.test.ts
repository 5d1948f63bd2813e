import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { silentLogger } from '../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { ubuntuFeed } from '../../../src/scanner/vulndb/feeds/ubuntu/index.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

describe('corpus: ubuntu OpenVEX', function () {
  this.timeout(60000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('imports both Canonical VEX documents; rows are the arch=source products', async () => {
    const root = `${shared}vulndata/ubuntu-vex/`;
    const files = ['cve/2023/CVE-2023-38545.json', 'cve/2016/CVE-2016-20013.json.gz'];
    const artefacts = files.map((f) => ({ path: root + f, name: `vex/${f}` }));
    for (const a of artefacts) {
      const raw = readFileSync(a.path);
      assert.equal(ubuntuFeed.accepts({ path: a.name, head: raw.subarray(0, 4096) }), 2, a.name);
    }
    const recs: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
    for await (const r of ubuntuFeed.parse(artefacts, ctx)) if (r.kind === 'advisory') recs.push(r);
    assert.deepEqual(
      recs.map((r) => r.advisory.id),
      ['CVE-2023-38545@Ubuntu', 'CVE-2016-20013@Ubuntu'],
    );
    // Count source products straight from the documents.
    for (const [i, a] of artefacts.entries()) {
      const raw = readFileSync(a.path);
      const doc = JSON.parse((a.path.endsWith('.gz') ? gunzipSync(raw) : raw).toString()) as {
        statements: { products: { '@id': string }[] }[];
      };
      const sources = new Set(
        doc.statements.flatMap((s) =>
          s.products.map((p) => p['@id']).filter((id) => id.includes('arch=source')),
        ),
      );
      assert.equal(recs[i]!.affected.length, sources.size, a.name);
    }
    const curl = recs[0]!;
    const jammy = curl.affected.find((r) => r.ecosystem === 'Ubuntu:22.04' && r.name === 'curl')!;
    assert.equal(jammy.state, 'fixed');
    assert.deepEqual(jammy.fixedVersions, ['7.81.0-1ubuntu1.24']);
    const trustyEsm = curl.affected.find((r) => r.ecosystem === 'Ubuntu:14.04' && r.pocket === 'pro')!;
    assert.equal(trustyEsm.state, 'not_affected');
    assert.equal(trustyEsm.extra?.channel, 'esm-infra-legacy');
  });
});
