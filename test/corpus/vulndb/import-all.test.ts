// `vulndb import ../shared/vulndata`: every folder routed to the registered feeds in one atomic
// update, as the command does. Prints rows per feed, time and peak RSS; asserts every feed that
// claimed files wrote rows, every OSV record arrived, and files no feed claims are only docs
// and the test oracles and fixture side files listed below, each with the reason.
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

/** Files of ../shared/vulndata that are no feed's data (besides every PROVENANCE.md), and why. */
const NOT_FEED_DATA: Record<string, string> = {
  'chainguard-secdb/vunnel-fixture/osv/all.json': 'id/modified index of the CGA OSV records beside it',
  'debian-tracker/data/config.json': "the tracker's release/repository configuration, no vulnerabilities",
  'debian-tracker/samples/CVE-list-excerpt.vuln-list-update.txt':
    "the tracker's raw data/CVE/list text (a parser fixture); the tracker JSON carries the same states",
  'debian-tracker/samples/distributions.vuln-list-update.json':
    "the tracker's release list, no vulnerabilities",
  'debian-tracker/samples/DSA-list-excerpt.vunnel.txt':
    'an excerpt of DSA/list kept as a fixture; the full DSA/list beside it is imported',
  'nvd/api-2.0/pages/claircore-enricher-feed.meta': "claircore's fetch metadata of the NVD page beside it",
  'osv-api-oracle/querybatch-expectations.json': "osv.dev's answers: the oracle the OSV tests compare with",
  'redhat-csaf-vex/vex/cve-2025-40907-perl.expected.csv':
    "claircore's expected match results (a test oracle)",
  'stackrox-scanner-e2e/image_tests.json': 'StackRox scanner e2e expectations (a test oracle)',
  'stackrox-scanner-e2e/image_tests.orig.json.gz':
    'StackRox scanner e2e expectations as published (a test oracle)',
};

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
    assert.deepEqual([...unclaimed].sort(), Object.keys(NOT_FEED_DATA).sort(), 'unclaimed feed data');
    const claimedBy = (path: string) =>
      [...route.byFeed].find(([, arts]) => arts.some((a) => a.name === path))?.[0].name;
    assert.equal(claimedBy('ubuntu-oval/com.ubuntu.noble.usn.oval.xml.bz2'), 'ubuntu-oval');
    assert.equal(claimedBy('ubuntu-oval/com.ubuntu.jammy.usn.oval.xml.bz2'), 'ubuntu-oval');
    console.log(`    osv-pypi tarball claimed by: ${claimedBy('osv-pypi/advisory-database-vulns.tar.gz')}`);
    assert.equal(claimedBy('osv-go/all.zip'), 'osv');
    assert.equal(claimedBy('osv-crates/all.zip'), 'osv');
  });
});
