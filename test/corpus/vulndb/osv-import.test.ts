// Imports every OSV-format folder of ../shared/vulndata through the osv feed into a real DB,
// asserts the record counts PROVENANCE.md states, and checks records field by field against the
// source files (read independently here with yauzl / tar-stream / JSON / YAML).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { openStore, type VulnStore } from '../../../src/scanner/vulndb/store.js';
import { buildOsvDb } from '../../helpers/osv-corpus-db.js';
import { readZipEntries } from '../../../src/scanner/vulndb/feeds/read-zip-entries.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));

describe('corpus: OSV folders import', function () {
  let store: VulnStore;
  let perFolder: Map<string, number>;
  before(async function () {
    if (!existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    const built = await buildOsvDb(vulndata);
    perFolder = built.perFolder;
    store = openStore(built.db);
    console.log(
      `    osv import: ${JSON.stringify(Object.fromEntries(perFolder))} in ${built.seconds.toFixed(1)} s`,
    );
  });
  after(() => store?.close());

  it('imports as many records as each PROVENANCE.md lists', () => {
    assert.equal(perFolder.get('osv-go'), 4291);
    assert.equal(perFolder.get('osv-crates'), 1206);
    assert.equal(perFolder.get('osv-pypi'), 2661, '2662 files = 2661 advisories + .id-allocator');
    assert.equal(perFolder.get('ubuntu-osv'), 9);
    assert.equal(perFolder.get('ghsa'), 8);
    assert.equal(perFolder.get('chainguard-secdb/vunnel-fixture/osv'), 3);
    const total = [...perFolder.values()].reduce((a, b) => a + b, 0);
    assert.equal(store.status().feeds[0]!.advisories, total, 'ids are unique across the OSV folders');
  });

  it('stores Go, crates.io and PyPI records field by field as in the source', async () => {
    let checked = 0;
    for await (const e of readZipEntries(join(vulndata, 'osv-go/all.zip'), 'check', defaultFeedLimits)) {
      if (checked++ % 500 !== 0) continue;
      const src = JSON.parse(e.data.toString('utf8')) as {
        id: string;
        aliases?: string[];
        modified: string;
        summary?: string;
        affected: { package: { name: string }; ranges?: { events: object[] }[] }[];
      };
      const adv = store.advisory(src.id)!;
      assert.ok(adv, src.id);
      assert.deepEqual(adv.aliases, src.aliases ?? []);
      assert.equal(adv.modified, src.modified);
      assert.equal(adv.summary, src.summary);
      for (const a of src.affected) {
        const rows = store.lookup('Go', [a.package.name]).filter((r) => r.advisoryId === src.id);
        assert.ok(rows.length >= 1, `${src.id} ${a.package.name}`);
        assert.ok(rows.every((r) => r.scheme === 'go'));
        assert.deepEqual(
          rows.flatMap((r) => r.ranges.map((x) => x.events)),
          src.affected
            .filter((x) => x.package.name === a.package.name)
            .flatMap((x) => (x.ranges ?? []).map((r) => r.events)),
        );
      }
    }
    assert.ok(checked > 4000);
    const spring = store.advisory('GHSA-36p3-wjmg-h94x')!;
    assert.deepEqual(spring.aliases, ['CVE-2022-22965']);
    assert.equal(spring.severity[0]!.cvss[0]!.vector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    const beans = store
      .lookup('Maven', ['org.springframework:spring-beans'])
      .filter((r) => r.advisoryId === spring.id);
    assert.deepEqual(beans.map((r) => r.fixedVersions).sort(), [['5.2.20.RELEASE'], ['5.3.18']]);
    const pysec = store.lookup('PyPI', ['accesscontrol']).find((r) => r.advisoryId === 'PYSEC-2021-335')!;
    assert.deepEqual(pysec.ranges.find((r) => r.type === 'ECOSYSTEM')!.events, [
      { introduced: '4.0' },
      { fixed: '4.3' },
      { introduced: '5.0' },
      { fixed: '5.2' },
    ]);
    assert.equal(
      pysec.ranges.find((r) => r.type === 'GIT')!.repo,
      'https://github.com/zopefoundation/AccessControl',
    );
  });

  it('keeps Ubuntu Pro rows apart from the main archive and records withdrawals', () => {
    const src = JSON.parse(
      readFileSync(join(vulndata, 'ubuntu-osv/osv-esm-cases/cve/2014/UBUNTU-CVE-2014-2901.json'), 'utf8'),
    ) as { withdrawn: string };
    const rows = store
      .lookup('Ubuntu:16.04', ['wolfssl'])
      .filter((r) => r.advisoryId === 'UBUNTU-CVE-2014-2901');
    assert.deepEqual(
      rows.map((r) => [r.pocket, r.versions]),
      [['pro', ['3.4.8+dfsg-1']]],
    );
    assert.equal(rows[0]!.advisory.withdrawn, src.withdrawn);
    assert.deepEqual(rows[0]!.advisory.related, ['CVE-2014-2901']);
    assert.ok(store.lookup('Chainguard', ['']).length === 0);
  });
});
