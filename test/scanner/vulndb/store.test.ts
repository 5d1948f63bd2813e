import assert from 'node:assert/strict';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { silentLogger } from '../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { Advisory, AffectedPackage, FeedRecord } from '../../../src/scanner/vulndb/model.js';
import { READABLE_SINCE, SCHEMA_VERSION } from '../../../src/scanner/vulndb/migrations/index.js';
import { openStore } from '../../../src/scanner/vulndb/store.js';
import { openWriter } from '../../../src/scanner/vulndb/store-writer.js';
import { listedOrderMark } from '../../../src/scanner/versions/osv-range.js';
import { updateDb } from '../../../src/scanner/vulndb/update-db.js';
import { listFeed, tempDir, testState } from '../../helpers/osv-feed-builder.js';

const ctx = { log: silentLogger, limits: defaultFeedLimits };

function adv(id: string, feed: string, extra: Partial<Advisory> = {}): Advisory {
  return { id, feed, aliases: [], related: [], references: [], severity: [], cwes: [], ...extra };
}
function pkg(ecosystem: string, name: string, extra: Partial<AffectedPackage> = {}): AffectedPackage {
  return { ecosystem, name, ranges: [], versions: [], state: 'affected', fixedVersions: [], ...extra };
}
const rec = (a: Advisory, affected: AffectedPackage[]): FeedRecord => ({
  kind: 'advisory',
  advisory: a,
  affected,
});

describe('vulndb store', () => {
  it('round-trips advisories, affected rows, aliases and enrichment', async () => {
    const db = join(tempDir(), 'r.db');
    const a1 = adv('GO-2024-0001', 'one', {
      aliases: ['CVE-2024-1', 'GHSA-aaaa-bbbb-cccc'],
      severity: [
        { source: 'vendor', name: 'HIGH', cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N', score: 9.8 }] },
      ],
      cwes: ['CWE-79'],
      withdrawn: '2024-05-01T00:00:00Z',
    });
    const p1 = pkg('Go', 'example.com/mod', {
      scheme: 'go',
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }],
      fixedVersions: ['1.2.3'],
      extra: { ecosystem_specific: { imports: [{ path: 'example.com/mod/x' }] } },
    });
    const feed = listFeed('one', [
      rec(a1, [p1, pkg('Go', 'other.org/mod')]),
      {
        kind: 'nvd',
        record: {
          cve: 'CVE-2024-1',
          descriptions: [{ lang: 'en', value: 'd' }],
          cvss: [],
          cwes: ['CWE-79'],
          references: [],
        },
      },
      { kind: 'kev', record: { cve: 'CVE-2024-1', dateAdded: '2024-02-02' } },
      { kind: 'epss', record: { cve: 'CVE-2024-1', epss: 0.5, percentile: 0.9 } },
    ]);
    const s = await updateDb({ dbPath: db, jobs: [{ feed, artefacts: [], state: testState('fp1') }], ctx });
    assert.deepEqual(s.feeds[0]!.counts, { advisories: 1, affected: 2, enrichment: 3 });
    const store = openStore(db);
    const rows = store.lookup('Go', ['example.com/mod', 'nothing/here']);
    assert.equal(rows.length, 1);
    const { advisory, advisoryId, feed: f, ...rest } = rows[0]!;
    assert.deepEqual(rest, p1);
    assert.equal(advisoryId, 'GO-2024-0001');
    assert.equal(f, 'one');
    assert.deepEqual(advisory, a1);
    assert.deepEqual(store.lookup('PyPI', ['example.com/mod']), []);
    assert.deepEqual(store.advisory('GO-2024-0001'), a1);
    assert.deepEqual(store.aliases('CVE-2024-1'), ['GO-2024-0001']);
    assert.deepEqual(store.aliases('GO-2024-0001'), ['CVE-2024-1', 'GHSA-aaaa-bbbb-cccc']);
    assert.equal(store.nvd('CVE-2024-1')?.cwes[0], 'CWE-79');
    assert.equal(store.kev('CVE-2024-1')?.dateAdded, '2024-02-02');
    assert.equal(store.epss('CVE-2024-1')?.percentile, 0.9);
    assert.equal(store.nvd('CVE-1999-0001'), undefined);
    const st = store.status();
    assert.equal(st.schemaVersion, SCHEMA_VERSION);
    assert.equal(st.feeds[0]!.state.fingerprint, 'fp1');
    store.close();
  });

  it('keeps the newer record when a feed publishes one id twice, without duplicate rows', async () => {
    const db = join(tempDir(), 'r.db');
    const feed = listFeed('dup', [
      rec(adv('X-1', 'dup', { modified: '2024-01-02T00:00:00Z', summary: 'new' }), [pkg('npm', 'a')]),
      rec(adv('X-1', 'dup', { modified: '2024-01-01T00:00:00Z', summary: 'old' }), [pkg('npm', 'b')]),
      rec(adv('X-2', 'dup', { modified: '2024-01-01T00:00:00Z', summary: 'old' }), [pkg('npm', 'c')]),
      rec(adv('X-2', 'dup', { modified: '2024-03-01T00:00:00Z', summary: 'new' }), [pkg('npm', 'd')]),
    ]);
    const s = await updateDb({ dbPath: db, jobs: [{ feed, artefacts: [], state: testState() }], ctx });
    assert.deepEqual(s.feeds[0]!.counts, { advisories: 2, affected: 2, enrichment: 0 });
    const store = openStore(db);
    assert.deepEqual(
      store
        .lookup('npm', ['a', 'b', 'c', 'd'])
        .map((r) => `${r.name}:${r.advisory.summary}`)
        .sort(),
      ['a:new', 'd:new'],
    );
    store.close();
  });

  it('reads aliases and enrichment of many ids at once, as the per-id calls do', async () => {
    const db = join(tempDir(), 'r.db');
    const cve = (id: string) => ({ cve: id, descriptions: [], cvss: [], cwes: [], references: [] });
    const feed = listFeed('many', [
      rec(adv('GHSA-1', 'many', { aliases: ['CVE-2024-1', 'CVE-2024-2'] }), [pkg('npm', 'a')]),
      rec(adv('DSA-1-1', 'many', { aliases: ['CVE-2024-1'] }), []),
      rec(adv('CVE-2024-3', 'many', { aliases: ['USN-3-1'] }), [pkg('npm', 'b')]),
      { kind: 'nvd', record: cve('CVE-2024-1') },
      { kind: 'nvd', record: cve('CVE-2024-3') },
      { kind: 'kev', record: { cve: 'CVE-2024-3', dateAdded: '2024-03-03' } },
      { kind: 'epss', record: { cve: 'CVE-2024-2', epss: 0.1, percentile: 0.2 } },
    ]);
    await updateDb({ dbPath: db, jobs: [{ feed, artefacts: [], state: testState() }], ctx });
    const store = openStore(db);
    const ids = ['CVE-2024-1', 'CVE-2024-2', 'CVE-2024-3', 'GHSA-1', 'CVE-1999-0001'];
    const many = store.aliasesOfMany(ids);
    for (const id of ids) assert.deepEqual(many.get(id), store.aliases(id), id);
    assert.deepEqual(many.get('CVE-2024-1'), ['DSA-1-1', 'GHSA-1']);
    // only the linked ids with one of the prefixes, both ways round
    const distro = store.aliasesOfMany(ids, ['DSA-', 'USN-']);
    assert.deepEqual(Object.fromEntries(distro), {
      'CVE-2024-1': ['DSA-1-1'],
      'CVE-2024-2': [],
      'CVE-2024-3': ['USN-3-1'],
      'GHSA-1': [],
      'CVE-1999-0001': [],
    });
    // and the distribution records they name, in one query, shared with the rows' advisories
    const records = store.advisoriesOfMany(['DSA-1-1', 'USN-3-1', 'GHSA-1']);
    assert.deepEqual([...records.keys()].sort(), ['DSA-1-1', 'GHSA-1']);
    assert.deepEqual(records.get('DSA-1-1'), store.advisories('DSA-1-1'));
    const [row] = store.lookup('npm', ['a']);
    assert.equal(store.advisoriesOfMany(['GHSA-1']).get('GHSA-1')![0], row!.advisory);
    const e = store.enrichmentOf(ids);
    for (const id of ids) {
      assert.deepEqual(e.nvd.get(id), store.nvd(id), id);
      assert.deepEqual(e.kev.get(id), store.kev(id), id);
      assert.deepEqual(e.epss.get(id), store.epss(id), id);
    }
    assert.deepEqual([...e.nvd.keys()].sort(), ['CVE-2024-1', 'CVE-2024-3']);
    store.close();
  });

  it('answers a lookup of 10k names in one ecosystem quickly and completely', async () => {
    const db = join(tempDir(), 'r.db');
    const records = Array.from({ length: 20_000 }, (_, i) =>
      rec(adv(`P-${i}`, 'big'), [pkg('PyPI', `pkg-${i}`)]),
    );
    await updateDb({
      dbPath: db,
      jobs: [{ feed: listFeed('big', records), artefacts: [], state: testState() }],
      ctx,
    });
    const store = openStore(db);
    const names = Array.from({ length: 10_000 }, (_, i) => `pkg-${i * 2}`);
    const rows = store.lookup('PyPI', names);
    assert.equal(rows.length, 10_000);
    assert.equal(new Set(rows.map((r) => r.advisoryId)).size, 10_000);
    store.close();
  });

  it('refuses a DB written by a newer schema, and an older one, with clear codes', () => {
    const dir = tempDir();
    const newer = join(dir, 'newer.db');
    openWriter(newer).close();
    const raw = new Database(newer);
    raw.prepare(`UPDATE meta SET value = ? WHERE key = 'schema_version'`).run(String(SCHEMA_VERSION + 5));
    raw.close();
    assert.throws(
      () => openStore(newer),
      (e: { code?: string; message: string }) =>
        e.code === 'VULNDB_SCHEMA_NEWER' && /upgrade Rampart/.test(e.message),
    );
    assert.throws(() => openWriter(newer), { code: 'VULNDB_SCHEMA_NEWER' });
    const older = join(dir, 'older.db');
    new Database(older).exec(
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '0');`,
    );
    assert.throws(() => openStore(older), { code: 'VULNDB_SCHEMA_OLD' });
    // A writer migrates the older file up to the current schema.
    openWriter(older).close();
    assert.equal(openStore(older).status().schemaVersion, SCHEMA_VERSION);
    assert.throws(() => openStore(join(dir, 'missing.db')), { code: 'VULNDB_MISSING' });
  });

  it('names the missing record in one clear error when a row points at an advisory the DB lacks', () => {
    const db = join(tempDir(), 'orphan.db');
    const w = openWriter(db);
    w.beginFeed('one');
    w.add(rec(adv('GHSA-gone', 'one'), [pkg('npm', 'left-behind')]));
    w.endFeed(1, testState('fp'), '2026-11-01T00:00:00Z');
    w.close();
    const raw = new Database(db);
    raw.prepare(`DELETE FROM advisories WHERE id = 'GHSA-gone'`).run();
    raw.close();
    const store = openStore(db);
    const rows = store.lookupRows('npm', ['left-behind']);
    assert.equal(rows.length, 1, 'the row itself is still there');
    assert.throws(
      () => store.withAdvisories(rows),
      (e: { code?: string; message: string }) =>
        e.code === 'VULNDB_CORRUPT' &&
        e.message.includes('npm left-behind names advisory GHSA-gone (one)') &&
        e.message.includes('rampart vulndb update') &&
        !e.message.includes('\n'),
    );
    store.close();
  });

  it('stores a listed-versions list sorted in its scheme order with the order mark, else as published', () => {
    const db = join(tempDir(), 'listed.db');
    const w = openWriter(db);
    w.beginFeed('one');
    w.add(
      rec(adv('PYSEC-1', 'one'), [
        pkg('PyPI', 'a', { scheme: 'pep440', versions: ['1.10', '1.9', '1.2', '1.0rc1'] }),
        pkg('PyPI', 'b', { scheme: 'pep440', versions: ['1.10', 'junk!', '1.2'] }),
        pkg('PyPI', 'c', { versions: ['1.10', '1.2'] }),
      ]),
    );
    w.endFeed(1, testState('fp'), '2026-11-01T00:00:00Z');
    w.close();
    const store = openStore(db);
    const [a] = store.lookupRows('PyPI', ['a']);
    assert.deepEqual(a!.versions, ['1.0rc1', '1.2', '1.9', '1.10']);
    assert.equal(a!.listedOrder, listedOrderMark('pep440'));
    const [b] = store.lookupRows('PyPI', ['b']);
    assert.deepEqual([b!.versions, b!.listedOrder], [['1.10', 'junk!', '1.2'], undefined]);
    const [c] = store.lookupRows('PyPI', ['c']);
    assert.deepEqual([c!.versions, c!.listedOrder], [['1.10', '1.2'], undefined]);
    store.close();
  });

  it('reads a schema-1 file (no alias index) with the same answers, and a writer adds the index', async () => {
    assert.equal(READABLE_SINCE, 1);
    assert.ok(SCHEMA_VERSION >= 2);
    const db = join(tempDir(), 'v1.db');
    const feed = listFeed('one', [
      rec(adv('GHSA-aaaa-bbbb-cccc', 'one', { aliases: ['CVE-2024-1'] }), [pkg('npm', 'a')]),
      rec(adv('DSA-5000-1', 'one', { aliases: ['CVE-2024-1', 'CVE-2024-2'] }), []),
    ]);
    await updateDb({ dbPath: db, jobs: [{ feed, artefacts: [], state: testState('fp1') }], ctx });
    const indexOf = (path: string) => {
      const d = new Database(path, { readonly: true });
      try {
        return d
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'aliases_advisory'`)
          .get();
      } finally {
        d.close();
      }
    };
    assert.ok(indexOf(db), 'the current schema has the alias index');
    const ids = ['CVE-2024-1', 'CVE-2024-2', 'DSA-5000-1', 'CVE-1999-1'];
    const current = openStore(db);
    const want = current.aliasesOfMany(ids);
    current.close();
    assert.deepEqual(want.get('CVE-2024-1'), ['DSA-5000-1', 'GHSA-aaaa-bbbb-cccc']);
    assert.deepEqual(want.get('DSA-5000-1'), ['CVE-2024-1', 'CVE-2024-2']);
    // Turn it into a schema-1 file, as an older Rampart wrote it.
    const raw = new Database(db);
    raw.exec(`DROP INDEX aliases_advisory; UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
    raw.close();
    const old = openStore(db);
    assert.equal(old.status().schemaVersion, 1);
    assert.deepEqual(old.aliasesOfMany(ids), want);
    old.close();
    openWriter(db).close();
    assert.ok(indexOf(db), 'a writer migrates the file to the current schema');
    assert.equal(openStore(db).status().schemaVersion, SCHEMA_VERSION);
  });
});
