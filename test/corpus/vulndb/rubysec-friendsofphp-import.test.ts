// RubySec and FriendsOfPHP repository tarballs from ../shared/vulndata: every advisory file
// imported, named records checked, and every gem/composer affected row re-evaluated against the
// feed's own constraint semantics (versions module) at each version the constraints mention.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { friendsofphpFeed } from '../../../src/scanner/vulndb/feeds/friendsofphp/index.js';
import { rubysecFeed } from '../../../src/scanner/vulndb/feeds/rubysec/index.js';
import { friendsOfPhpAffected, rubysecAffected } from '../../../src/scanner/versions/constraint-ranges.js';
import { isAffected } from '../../../src/scanner/versions/osv-range.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };
type Adv = Extract<FeedRecord, { kind: 'advisory' }>;

/** The versions a constraint list names, plus neighbours that probe each bound. */
function probes(constraints: string[]): string[] {
  const vs = constraints.flatMap((c) => c.match(/\d+(\.\d+)*/g) ?? []);
  return [
    ...new Set(
      vs.flatMap((v) => [v, `${v}.1`, v.replace(/\d+$/, (d) => String(Math.max(0, Number(d) - 1)))]),
    ),
  ];
}

describe('corpus: RubySec and FriendsOfPHP feeds', function () {
  this.timeout(300000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('RubySec: 1381 advisories (1234 gem rows), ranges agree with rubysecAffected', async () => {
    const path = `${shared}vulndata/rubysec/ruby-advisory-db.tar.gz`;
    const name = 'rubysec/ruby-advisory-db.tar.gz';
    assert.equal(rubysecFeed.accepts({ path: name, head: readFileSync(path).subarray(0, 64) }), 2);
    const t = Date.now();
    const recs: Adv[] = [];
    for await (const r of rubysecFeed.parse([{ path, name }], ctx)) if (r.kind === 'advisory') recs.push(r);
    const ms = Date.now() - t;
    assert.equal(recs.length, 1381);
    assert.equal(new Set(recs.map((r) => r.advisory.id)).size, 1381);
    assert.equal(
      recs.reduce((n, r) => n + r.affected.length, 0),
      1234,
    );
    const s = recs.find((r) => r.advisory.id === 'CVE-2024-53989@rails-html-sanitizer')!;
    assert.deepEqual(s.advisory.aliases, ['CVE-2024-53989', 'GHSA-rxv5-gxqc-xx8g']);
    assert.equal(s.advisory.published, '2024-12-02');
    assert.deepEqual(s.advisory.extra?.cvss, { cvss_v4: 2.3 });
    assert.deepEqual(s.affected[0]!.ranges, [
      { type: 'ECOSYSTEM', events: [{ introduced: '1.6.0' }, { fixed: '1.6.1' }] },
    ]);
    let checks = 0;
    let skipped = 0;
    for (const r of recs) {
      const row = r.affected[0];
      if (!row) continue;
      const safe = {
        patched_versions: r.advisory.extra!.patched_versions as string[],
        unaffected_versions: r.advisory.extra!.unaffected_versions as string[],
      };
      for (const v of probes([...safe.patched_versions, ...safe.unaffected_versions])) {
        const want = rubysecAffected(v, safe);
        const got = isAffected('gem', v, row.ranges);
        if (got !== want && r.advisory.extra?.approximate && got) {
          skipped++;
          continue;
        }
        assert.equal(got, want, `${r.advisory.id} at ${v}`);
        checks++;
      }
    }
    console.log(
      `    RubySec: ${recs.length} advisories in ${ms} ms; ${checks} version checks agree with rubysecAffected (${skipped} documented over-reports)`,
    );
  });

  it('FriendsOfPHP: 1592 advisories, one Packagist row each, ranges agree with friendsOfPhpAffected', async () => {
    const path = `${shared}vulndata/php-security-advisories/security-advisories.tar.gz`;
    const name = 'php-security-advisories/security-advisories.tar.gz';
    assert.equal(friendsofphpFeed.accepts({ path: name, head: readFileSync(path).subarray(0, 64) }), 2);
    const t = Date.now();
    const recs: Adv[] = [];
    for await (const r of friendsofphpFeed.parse([{ path, name }], ctx))
      if (r.kind === 'advisory') recs.push(r);
    const ms = Date.now() - t;
    assert.equal(recs.length, 1592);
    assert.equal(new Set(recs.map((r) => r.advisory.id)).size, 1592);
    assert.ok(recs.every((r) => r.affected.length === 1 && r.affected[0]!.ecosystem === 'Packagist'));
    const cake = recs.filter((r) => r.affected[0]!.name === 'cakephp/cakephp');
    assert.ok(cake.length > 0);
    let checks = 0;
    let skipped = 0;
    for (const r of recs) {
      const branches = r.advisory.extra!.branches as Record<string, { versions: string[] }>;
      for (const v of probes(Object.values(branches).flatMap((b) => b.versions))) {
        if (v.split('.').length > 4) continue; // Composer versions have at most four parts
        const want = friendsOfPhpAffected(v, branches);
        const got = isAffected('composer', v, r.affected[0]!.ranges);
        if (got !== want && r.advisory.extra?.approximate && got) {
          skipped++;
          continue;
        }
        assert.equal(got, want, `${r.advisory.id} at ${v}`);
        checks++;
      }
    }
    console.log(
      `    FriendsOfPHP: ${recs.length} advisories in ${ms} ms; ${checks} version checks agree with friendsOfPhpAffected (${skipped} documented over-reports)`,
    );
  });
});
