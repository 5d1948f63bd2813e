import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { osvFeed } from '../../../src/scanner/vulndb/feeds/osv/index.js';
import { rockyFeed } from '../../../src/scanner/vulndb/feeds/rocky/index.js';
import { rubysecFeed } from '../../../src/scanner/vulndb/feeds/rubysec/index.js';
import { openStore } from '../../../src/scanner/vulndb/store.js';
import { acquireLock } from '../../../src/scanner/vulndb/update-lock.js';
import { updateDb, type FeedJob } from '../../../src/scanner/vulndb/update-db.js';
import {
  listFeed,
  osvDoc,
  osvZip,
  tempDir,
  testState,
  writeArtefact,
} from '../../helpers/osv-feed-builder.js';

const ctx = { log: silentLogger, limits: defaultFeedLimits };
const docs = [
  osvDoc({ id: 'GO-1', ecosystem: 'Go', name: 'example.com/a', fixed: '1.0.0' }),
  osvDoc({ id: 'GO-2', ecosystem: 'Go', name: 'example.com/b', fixed: '2.0.0' }),
];

/** A live DB with the osv feed (2 advisories) and returns a snapshot function of its content. */
async function liveDb(): Promise<{ db: string; dir: string; snapshot: () => string }> {
  const dir = tempDir();
  const db = join(dir, 'rampart.db');
  await updateDb({
    dbPath: db,
    jobs: [
      { feed: osvFeed, artefacts: [writeArtefact(dir, 'Go/all.zip', osvZip(docs))], state: testState() },
    ],
    ctx,
  });
  const snapshot = () => {
    const s = openStore(db);
    const out = JSON.stringify([
      s.status().feeds,
      s
        .lookup('Go', ['example.com/a', 'example.com/b'])
        .map((r) => r.advisoryId)
        .sort(),
    ]);
    s.close();
    return out;
  };
  return { db, dir, snapshot };
}

const leftovers = (dir: string) =>
  readdirSync(dir).filter((n) => n.includes('.new-') || n.endsWith('.lock') || n.endsWith('-journal'));

describe('vulndb atomic update', () => {
  it('a failing download leaves the previous DB as it was', async () => {
    const { db, dir, snapshot } = await liveDb();
    const before = snapshot();
    const failing = { ...osvFeed, fetch: () => Promise.reject(new Error('connection reset')) };
    await assert.rejects(
      updateDb({ dbPath: db, jobs: [{ feed: failing, fetch: true }], ctx: { ...ctx, http: {} as never } }),
      /connection reset/,
    );
    assert.equal(snapshot(), before);
    assert.deepEqual(leftovers(dir), []);
  });

  it('a truncated zip leaves the previous DB as it was (FEED_FORMAT)', async () => {
    const { db, dir, snapshot } = await liveDb();
    const before = snapshot();
    const zip = osvZip([...docs, osvDoc({ id: 'GO-3', ecosystem: 'Go', name: 'c' })]);
    const art = writeArtefact(dir, 'Go/all.zip', zip.subarray(0, zip.length - 40));
    await assert.rejects(
      updateDb({ dbPath: db, jobs: [{ feed: osvFeed, artefacts: [art], state: testState() }], ctx }),
      { code: 'FEED_FORMAT' },
    );
    assert.equal(snapshot(), before);
    assert.deepEqual(leftovers(dir), []);
  });

  it('malformed JSON in the middle of a feed leaves the previous DB as it was, naming the entry', async () => {
    const { db, dir, snapshot } = await liveDb();
    const before = snapshot();
    const zip = osvZip(
      [osvDoc({ id: 'GO-9', ecosystem: 'Go', name: 'example.com/a' })],
      [{ name: 'GO-BAD.json', data: '{"id": "GO-BAD", "affected": [' }],
    );
    const art = writeArtefact(dir, 'Go/all.zip', zip);
    await assert.rejects(
      updateDb({ dbPath: db, jobs: [{ feed: osvFeed, artefacts: [art], state: testState() }], ctx }),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_FORMAT' && /feed osv/.test(e.message) && /GO-BAD\.json/.test(e.message),
    );
    assert.equal(snapshot(), before);
  });

  it('malformed XML in an OVAL file leaves the previous DB as it was, naming feed and file', async () => {
    const { db, dir, snapshot } = await liveDb();
    const before = snapshot();
    const xml =
      '<?xml version="1.0"?><oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"><definitions><definition id="oval:org.rockylinux.rlsa:def:20241" class="patch"><metadata><title>RLSA-2024:1</title></metadata></definitions>';
    const art = writeArtefact(dir, 'org.rockylinux.rlsa-9.xml', xml);
    await assert.rejects(
      updateDb({ dbPath: db, jobs: [{ feed: rockyFeed, artefacts: [art], state: testState() }], ctx }),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_FORMAT' && /feed rocky/.test(e.message) && /rlsa-9\.xml/.test(e.message),
    );
    assert.equal(snapshot(), before);
    assert.deepEqual(leftovers(dir), []);
  });

  it('malformed YAML in a RubySec update leaves the previous rubysec rows and every other feed usable', async () => {
    const { db, dir, snapshot } = await liveDb();
    const good = (gem: string) =>
      `---\ngem: ${gem}\ncve: 2020-8164\ntitle: t\ndate: 2020-05-18\npatched_versions:\n  - ">= 6.0.3.1"\n`;
    await updateDb({
      dbPath: db,
      jobs: [
        {
          feed: rubysecFeed,
          artefacts: [writeArtefact(dir, 'gems/actionpack/CVE-2020-8164.yml', good('actionpack'))],
          state: testState('rubysec-1'),
        },
      ],
      ctx,
    });
    const rubyRows = () => {
      const s = openStore(db);
      const ids = s.lookup('RubyGems', ['actionpack', 'rack']).map((r) => r.advisoryId);
      s.close();
      return ids;
    };
    assert.deepEqual(rubyRows(), ['CVE-2020-8164@actionpack']);
    const before = snapshot();
    const bad = writeArtefact(dir, 'gems/rack/CVE-2024-1.yml', 'gem: rack\ncve: [2024-1\n  title: "unclosed');
    await assert.rejects(
      updateDb({
        dbPath: db,
        jobs: [
          {
            feed: rubysecFeed,
            artefacts: [writeArtefact(dir, 'gems/rack/CVE-2024-0.yml', good('rack')), bad],
            state: testState('rubysec-2'),
          },
        ],
        ctx,
      }),
      (e: { code?: string; message: string }) =>
        e.code === 'FEED_FORMAT' && /feed rubysec/.test(e.message) && /CVE-2024-1\.yml/.test(e.message),
    );
    assert.equal(snapshot(), before);
    assert.deepEqual(rubyRows(), ['CVE-2020-8164@actionpack']);
    assert.deepEqual(leftovers(dir), []);
  });

  it('a second feed failing after the first succeeded still changes nothing', async () => {
    const { db, snapshot } = await liveDb();
    const before = snapshot();
    const ok = listFeed('aaa', []);
    const broken = listFeed(
      'zzz',
      [
        { kind: 'kev', record: { cve: 'CVE-1' } },
        { kind: 'kev', record: { cve: 'CVE-2' } },
      ],
      1,
    );
    const jobs: FeedJob[] = [
      { feed: ok, artefacts: [], state: testState() },
      { feed: broken, artefacts: [], state: testState() },
    ];
    await assert.rejects(updateDb({ dbPath: db, jobs, ctx }), /broke mid-stream/);
    assert.equal(snapshot(), before);
  });

  it('an update of one feed keeps the rows of the others', async () => {
    const { db } = await liveDb();
    await updateDb({
      dbPath: db,
      jobs: [
        {
          feed: listFeed('kevs', [{ kind: 'kev', record: { cve: 'CVE-7' } }]),
          artefacts: [],
          state: testState(),
        },
      ],
      ctx,
    });
    const s = openStore(db);
    assert.deepEqual(
      s.status().feeds.map((f) => f.name),
      ['kevs', 'osv'],
    );
    assert.equal(s.lookup('Go', ['example.com/a']).length, 1);
    assert.equal(s.kev('CVE-7')?.cve, 'CVE-7');
    s.close();
  });

  it('a reader that opened the old DB keeps reading it while the swap happens', async () => {
    const { db, dir } = await liveDb();
    const reader = openStore(db);
    const newer = [osvDoc({ id: 'GO-5', ecosystem: 'Go', name: 'example.com/a' })];
    await updateDb({
      dbPath: db,
      jobs: [
        { feed: osvFeed, artefacts: [writeArtefact(dir, 'Go/all.zip', osvZip(newer))], state: testState() },
      ],
      ctx,
    });
    assert.deepEqual(
      reader.lookup('Go', ['example.com/a']).map((r) => r.advisoryId),
      ['GO-1'],
    );
    reader.close();
    const fresh = openStore(db);
    assert.deepEqual(
      fresh.lookup('Go', ['example.com/a']).map((r) => r.advisoryId),
      ['GO-5'],
    );
    fresh.close();
  });

  it('a second updater fails clearly while the first holds the lock; a stale lock is taken over', async () => {
    const { db } = await liveDb();
    const held = await acquireLock(db, 0);
    await assert.rejects(
      updateDb({ dbPath: db, jobs: [{ feed: listFeed('x', []), artefacts: [], state: testState() }], ctx }),
      (e: { code?: string; message: string }) =>
        e.code === 'VULNDB_LOCKED' && e.message.includes(`pid ${process.pid}`),
    );
    held.release();
    writeFileSync(`${db}.lock`, '999999999'); // a dead pid
    const s = await updateDb({
      dbPath: db,
      jobs: [{ feed: listFeed('x', []), artefacts: [], state: testState() }],
      ctx,
    });
    assert.equal(s.swapped, true);
    assert.equal(existsSync(`${db}.lock`), false);
  });
});

describe('vulndb update killed with SIGKILL', function () {
  this.timeout(120_000);
  it('leaves the old DB intact; the next update removes the temporary file', async () => {
    const { db, dir, snapshot } = await liveDb();
    const before = snapshot();
    const many = Array.from({ length: 40_000 }, (_, i) =>
      osvDoc({ id: `GO-K-${i}`, ecosystem: 'Go', name: `example.com/k${i}` }),
    );
    const mirror = join(dir, 'mirror');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(mirror);
    writeFileSync(join(mirror, 'all.zip'), osvZip(many));
    const script = fileURLToPath(new URL('./testdata/import-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, mirror, db], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const tmpName = () => readdirSync(dir).find((n) => n.startsWith('rampart.db.new-'));
    const deadline = Date.now() + 90_000;
    // Wait until the child is writing its new DB (the temp file has grown past its schema).
    while (Date.now() < deadline) {
      const t = tmpName();
      if (t && readFileSync(join(dir, t)).length > 200_000) break;
      if (child.exitCode !== null) break;
      await sleep(50);
    }
    assert.equal(child.exitCode, null, `child finished before it could be killed: ${stderr}`);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const killedTmp = tmpName();
    assert.ok(killedTmp, 'the killed update left its temporary file');
    assert.ok(existsSync(`${db}.lock`), 'the killed update left its lock');
    assert.equal(snapshot(), before, 'the live DB is the old one, fully readable');
    const s = await updateDb({
      dbPath: db,
      jobs: [{ feed: listFeed('x', []), artefacts: [], state: testState() }],
      ctx,
    });
    assert.ok(s.removedTempFiles.includes(killedTmp!), JSON.stringify(s.removedTempFiles));
    assert.equal(tmpName(), undefined);
    assert.equal(existsSync(`${db}.lock`), false);
  });
});
