// The osv.dev oracle: for every recorded querybatch query whose ecosystem the osv feed covers,
// the DB's candidate advisories for (ecosystem, package) must contain every id osv.dev returned
// that this snapshot already has (by id or alias). Also reports how many of those candidates the
// OSV range evaluator finds affecting the queried version (the matcher's later job).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { isAffected } from '../../../src/scanner/versions/osv-range.js';
import { ecosystemBase, ecosystemKey, packageKey } from '../../../src/scanner/vulndb/ecosystem-key.js';
import { osvFeed } from '../../../src/scanner/vulndb/feeds/osv/index.js';
import { openStore, type VulnStore } from '../../../src/scanner/vulndb/store.js';
import { buildOsvDb } from '../../helpers/osv-corpus-db.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));

interface Query {
  ecosystem: string;
  name: string;
  version: string;
  vuln_ids: string[];
}

describe('corpus: osv.dev oracle agreement', function () {
  let store: VulnStore;
  before(async function () {
    if (!existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    store = openStore((await buildOsvDb(vulndata)).db);
  });
  after(() => store?.close());

  it('candidates contain every id osv.dev returned that the snapshot has', () => {
    const queries = JSON.parse(
      readFileSync(join(vulndata, 'osv-api-oracle/querybatch-expectations.json'), 'utf8'),
    ) as Query[];
    const covered = new Set<string>(osvFeed.ecosystems);
    let expected = 0;
    let found = 0;
    let affectedToo = 0;
    let notInSnapshot = 0;
    const misses: string[] = [];
    const versionMisses: string[] = [];
    for (const q of queries) {
      if (!covered.has(ecosystemBase(q.ecosystem))) continue;
      const key = ecosystemKey(q.ecosystem);
      const cands = store
        .lookup(key.ecosystem, [packageKey(key.ecosystem, q.name)])
        .filter((c) => (c.pocket ?? undefined) === key.pocket);
      for (const id of q.vuln_ids) {
        const known = store.advisories(id).length > 0 || store.aliases(id).length > 0;
        if (!known) {
          notInSnapshot++;
          continue;
        }
        expected++;
        const hits = cands.filter((c) => c.advisoryId === id || c.advisory.aliases.includes(id));
        if (hits.length === 0) {
          misses.push(`${q.ecosystem} ${q.name}@${q.version}: ${id}`);
          continue;
        }
        found++;
        const hit = hits.some((c) => {
          try {
            return (
              c.scheme !== undefined &&
              isAffected(
                c.scheme,
                q.version,
                c.ranges.filter((r) => r.type !== 'GIT'),
                c.versions,
              )
            );
          } catch {
            return false;
          }
        });
        if (hit) affectedToo++;
        else versionMisses.push(`${q.ecosystem} ${q.name}@${q.version}: ${id}`);
      }
    }
    console.log(
      `    oracle: ${found}/${expected} expected ids among candidates; ${affectedToo}/${found} also affect the queried version; ${notInSnapshot} ids not in this snapshot`,
    );
    for (const m of misses) console.log(`    candidate miss: ${m}`);
    for (const m of versionMisses) console.log(`    version miss: ${m}`);
    assert.ok(expected > 20, `only ${expected} comparable ids`);
    assert.deepEqual(misses, []);
  });
});
