// `vulndb import ../shared/vulndata`: every folder routed to the registered feeds in one atomic
// update, as the command does. Prints rows per feed, time and peak RSS; asserts every feed that
// claimed files wrote rows, every OSV record arrived, and files no feed claims are only docs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { feeds } from '../../../src/scanner/vulndb/feeds/registry.js';
import { routeMirror } from '../../../src/scanner/vulndb/route-mirror.js';
import { runVulndbImport } from '../../../src/scanner/vulndb/run-vulndb-import.js';
import { openStore } from '../../../src/scanner/vulndb/store.js';
import { tempDir } from '../../helpers/osv-feed-builder.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));

describe('corpus: import every ../shared/vulndata folder', function () {
  before(function () {
    if (!existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('routes, parses and writes every feed in one update', async () => {
    const route = routeMirror(vulndata, feeds);
    const expected = new Map<string, number>();
    for (const [feed, arts] of route.byFeed) {
      let n = 0;
      for await (const _ of feed.parse(arts, { log: silentLogger, limits: defaultFeedLimits })) n++;
      expected.set(feed.name, n);
    }
    const db = join(tempDir(), 'rampart.db');
    const t = Date.now();
    const res = await runVulndbImport({
      path: vulndata,
      dbPath: db,
      feeds,
      ctx: { log: silentLogger, limits: defaultFeedLimits },
    });
    const seconds = (Date.now() - t) / 1000;
    assert.equal(res.kind, 'mirror');
    if (res.kind !== 'mirror') return;
    for (const f of res.summary.feeds) {
      console.log(
        `    ${f.name}: ${f.counts!.advisories} advisories, ${f.counts!.affected} affected rows, ${f.counts!.enrichment} enrichment rows, ${f.seconds!.toFixed(1)} s`,
      );
    }
    console.log(
      `    total ${seconds.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (whole mocha process), ${res.skipped.length} files claimed by no feed`,
    );
    const store = openStore(db);
    const status = store.status();
    store.close();
    assert.deepEqual(status.feeds.map((f) => f.name).sort(), [...expected.keys()].sort());
    for (const f of status.feeds) {
      assert.ok(f.advisories + f.enrichment > 0, `${f.name} wrote no rows`);
      assert.ok(f.advisories + f.enrichment <= expected.get(f.name)!, `${f.name}: more rows than records`);
    }
    const osv = status.feeds.find((f) => f.name === 'osv')!;
    assert.equal(osv.advisories, expected.get('osv'), 'every OSV record is stored (ids are unique)');
    const unclaimed = res.skipped.filter((s) => !/PROVENANCE\.md$/.test(s));
    console.log(`    files no registered feed claims: ${unclaimed.join(', ')}`);
    const claimedBy = (path: string) =>
      [...route.byFeed].find(([, arts]) => arts.some((a) => a.name === path))?.[0].name;
    console.log(`    osv-pypi tarball claimed by: ${claimedBy('osv-pypi/advisory-database-vulns.tar.gz')}`);
    assert.equal(claimedBy('osv-go/all.zip'), 'osv');
    assert.equal(claimedBy('osv-crates/all.zip'), 'osv');
  });
});
