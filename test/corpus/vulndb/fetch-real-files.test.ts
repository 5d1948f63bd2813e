// Every URL-based fetcher served the real files of ../shared/vulndata through a mock upstream
// (undici MockAgent: ETag per body, 304 on a matching If-None-Match). For each feed: the fetch
// hands `parse` the served bytes, an update writes rows, and a second update gets 304 for every
// URL, downloads nothing and leaves the DB as it was. A 500 followed by a 200 is retried.
// Archives the snapshot keeps unpacked (GHSA, CVE 5, Red Hat) are packed here from the real files.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

import { silentLogger } from '../../../src/runtime/log.js';
import { alpineSources, fetchSecdb } from '../../../src/scanner/vulndb/feeds/alpine/fetch.js';
import { alpineFeed, chainguardFeed, wolfiFeed } from '../../../src/scanner/vulndb/feeds/alpine/index.js';
import type { Artefact, Feed, FeedState, FetchContext } from '../../../src/scanner/vulndb/feeds/contracts.js';
import { CVE5_URL } from '../../../src/scanner/vulndb/feeds/cve5/fetch-cve5.js';
import { cve5Feed } from '../../../src/scanner/vulndb/feeds/cve5/index.js';
import {
  debianTrackerUrl,
  debianSources,
  fetchDebian,
} from '../../../src/scanner/vulndb/feeds/debian/fetch.js';
import { debianFeed } from '../../../src/scanner/vulndb/feeds/debian/index.js';
import { EPSS_URL } from '../../../src/scanner/vulndb/feeds/epss/fetch-epss.js';
import { epssFeed } from '../../../src/scanner/vulndb/feeds/epss/index.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { FRIENDSOFPHP_URL } from '../../../src/scanner/vulndb/feeds/friendsofphp/fetch-friendsofphp.js';
import { friendsofphpFeed } from '../../../src/scanner/vulndb/feeds/friendsofphp/index.js';
import { GHSA_URL } from '../../../src/scanner/vulndb/feeds/ghsa/fetch-ghsa.js';
import { ghsaFeed } from '../../../src/scanner/vulndb/feeds/ghsa/index.js';
import { KEV_URL } from '../../../src/scanner/vulndb/feeds/kev/fetch-kev.js';
import { kevFeed } from '../../../src/scanner/vulndb/feeds/kev/index.js';
import { fetchOsv, osvUrl } from '../../../src/scanner/vulndb/feeds/osv/fetch-osv.js';
import { osvFeed } from '../../../src/scanner/vulndb/feeds/osv/index.js';
import { redhatAdvisoriesBase, redhatVexBase } from '../../../src/scanner/vulndb/feeds/redhat/fetch.js';
import { redhatFeed } from '../../../src/scanner/vulndb/feeds/redhat/index.js';
import { fetchRocky, rockyFeed, rockyOvalUrl } from '../../../src/scanner/vulndb/feeds/rocky/index.js';
import { RUBYSEC_URL } from '../../../src/scanner/vulndb/feeds/rubysec/fetch-rubysec.js';
import { rubysecFeed } from '../../../src/scanner/vulndb/feeds/rubysec/index.js';
import {
  fetchUbuntuOval,
  ubuntuOvalFeed,
  ubuntuOvalUrl,
} from '../../../src/scanner/vulndb/feeds/ubuntu-oval/index.js';
import { openStore } from '../../../src/scanner/vulndb/store.js';
import { updateDb } from '../../../src/scanner/vulndb/update-db.js';
import { FeedServer } from '../../helpers/feed-server.js';
import { tempDir } from '../../helpers/osv-feed-builder.js';
import { buildTar } from '../../helpers/tar-builder.js';
import { buildZip } from '../../helpers/zip-archive-builder.js';
import { zstdRawFrame } from '../../helpers/zstd-raw-frame.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));
const file = (rel: string) => readFileSync(join(vulndata, rel));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ctx = { log: silentLogger, limits: defaultFeedLimits };

function walk(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

interface Case {
  feed: Feed;
  /** The feed's own fetch, narrowed to the upstream files the snapshot has. */
  fetch?: Feed['fetch'];
  served: Record<string, Buffer>;
  /** Whether every artefact is a served body as it is (not unpacked or rebuilt). */
  verbatim: boolean;
}

interface Counts {
  advisories: number;
  affected: number;
  enrichment: number;
}

const snapshotOf = (db: string) => {
  const s = openStore(db);
  const out = JSON.stringify(s.status());
  s.close();
  return out;
};

/** Fetch, update, update again against 304s; returns the rows written. */
async function exercise(c: Case): Promise<Counts> {
  const server = new FeedServer(c.served);
  const feed: Feed = { ...c.feed, fetch: c.fetch ?? c.feed.fetch };
  const fctx = (): FetchContext => ({
    ...ctx,
    http: server.agent,
    workDir: tempDir(),
    now: () => new Date(),
  });
  const got = await feed.fetch(fctx());
  assert.ok(got !== 'unchanged');
  if (c.verbatim) {
    const served = new Set(Object.values(c.served).map(sha));
    for (const a of got.artefacts)
      assert.ok(served.has(sha(readFileSync(a.path))), `${c.feed.name}: ${a.name}`);
    assert.equal(got.artefacts.length, Object.keys(c.served).length);
  }
  const db = join(tempDir(), 'rampart.db');
  const first = await updateDb({
    dbPath: db,
    jobs: [{ feed, fetch: true }],
    ctx: { ...ctx, http: server.agent, cacheDir: `${db}.cache` },
  });
  assert.equal(first.swapped, true);
  const counts = first.feeds[0]!.counts!;
  assert.ok(counts.advisories + counts.enrichment > 0, `${c.feed.name} wrote rows`);

  const before = snapshotOf(db);
  const mtime = statSync(db).mtimeMs;
  const mark = server.log.length;
  const second = await updateDb({
    dbPath: db,
    jobs: [{ feed, fetch: true }],
    ctx: { ...ctx, http: server.agent, cacheDir: `${db}.cache` },
  });
  assert.equal(second.swapped, false);
  assert.deepEqual(second.feeds, [{ name: c.feed.name, status: 'unchanged' }]);
  assert.deepEqual(server.downloads(mark), [], `${c.feed.name}: nothing downloaded the second time`);
  assert.ok(server.log.length > mark);
  for (const r of server.log.slice(mark))
    assert.deepEqual([r.url, r.status, r.conditional], [r.url, 304, true]);
  assert.equal(statSync(db).mtimeMs, mtime);
  assert.equal(snapshotOf(db), before);
  console.log(
    `    ${c.feed.name}: ${Object.keys(c.served).length} URLs, ${counts.advisories} advisories, ${counts.affected} rows, ${counts.enrichment} enrichment; second update ${server.log.length - mark} × 304`,
  );
  return counts;
}

async function csafArchive(dir: string, except: string[] = []): Promise<{ tar: Buffer; docs: string[] }> {
  const docs: string[] = [];
  const entries = [];
  for (const p of walk(join(vulndata, dir))) {
    const base = relative(join(vulndata, dir), p);
    if (!/\.json(\.gz)?$/.test(base) || except.includes(base)) continue;
    const data = base.endsWith('.gz') ? gunzipSync(readFileSync(p)) : readFileSync(p);
    const name = `2024/${base.replace(/\.gz$/, '')}`;
    entries.push({ name, data });
    docs.push(name);
  }
  return { tar: await buildTar(entries), docs };
}

describe('corpus: every URL-based fetcher served the real files', function () {
  this.timeout(600_000);
  before(function () {
    if (!existsSync(vulndata)) this.skip();
  });

  it('osv (Go and crates.io all.zip)', async () => {
    await exercise({
      feed: osvFeed,
      fetch: (c, p) => fetchOsv(c, p, ['Go', 'crates.io']),
      served: { [osvUrl('Go')]: file('osv-go/all.zip'), [osvUrl('crates.io')]: file('osv-crates/all.zip') },
      verbatim: true,
    });
  });

  it('alpine, wolfi, chainguard secdb', async () => {
    const have = alpineSources().filter((s) => existsSync(join(vulndata, 'alpine-secdb', s.name)));
    assert.ok(have.length >= 8);
    await exercise({
      feed: alpineFeed,
      fetch: (c, p) => fetchSecdb('alpine', have, c, p),
      served: Object.fromEntries(have.map((s) => [s.url, file(`alpine-secdb/${s.name}`)])),
      verbatim: true,
    });
    await exercise({
      feed: wolfiFeed,
      served: {
        'https://packages.wolfi.dev/os/security.json': file('wolfi-secdb/security.vunnel-fixture.json'),
      },
      verbatim: true,
    });
    await exercise({
      feed: chainguardFeed,
      served: {
        'https://packages.cgr.dev/chainguard/security.json': file(
          'chainguard-secdb/vunnel-fixture/secdb/security.json',
        ),
      },
      verbatim: true,
    });
  });

  it('debian (tracker JSON sample, DSA and DLA lists, bookworm OVAL)', async () => {
    const sources = debianSources().filter(
      (s) => s.url === debianTrackerUrl || s.name.endsWith('/list') || s.name.includes('bookworm'),
    );
    const body = (name: string) =>
      name === 'tracker.json'
        ? file('debian-tracker/samples/tracker-json-excerpt.vunnel.json')
        : name.endsWith('/list')
          ? file(`debian-tracker/${name}`)
          : file(`debian-oval/${name}`);
    const counts = await exercise({
      feed: debianFeed,
      fetch: (c, p) => fetchDebian('debian', c, p, sources),
      served: Object.fromEntries(sources.map((s) => [s.url, body(s.name)])),
      verbatim: true,
    });
    assert.ok(counts.affected > 25_000, 'the bookworm OVAL rows are there');
  });

  it('rocky (RHEL-style OVAL for release 9)', async () => {
    await exercise({
      feed: rockyFeed,
      fetch: (c, p: FeedState | undefined) => fetchRocky(c, p, ['9']),
      served: { [rockyOvalUrl('9')]: file('rocky-oval/org.rockylinux.rlsa-9.xml.bz2') },
      verbatim: true,
    });
  });

  it('ubuntu-oval (USN OVAL of noble and jammy)', async () => {
    const releases = ['noble', 'jammy'];
    const counts = await exercise({
      feed: ubuntuOvalFeed,
      fetch: (c, p: FeedState | undefined) => fetchUbuntuOval(c, p, releases),
      served: Object.fromEntries(
        releases.map((r) => [ubuntuOvalUrl(r), file(`ubuntu-oval/com.ubuntu.${r}.usn.oval.xml.bz2`)]),
      ),
      verbatim: true,
    });
    // The per-file totals test/corpus/vulndb/ubuntu.test.ts counts in the XML: noble 260
    // notices + 567 per-CVE records, 6 164 rows; jammy 624 + 1 589, 31 475 rows.
    assert.deepEqual(counts, { advisories: 260 + 567 + 624 + 1589, affected: 6164 + 31475, enrichment: 0 });
  });

  it('rubysec, friendsofphp, kev and epss (single files)', async () => {
    await exercise({
      feed: rubysecFeed,
      served: { [RUBYSEC_URL]: file('rubysec/ruby-advisory-db.tar.gz') },
      verbatim: true,
    });
    await exercise({
      feed: friendsofphpFeed,
      served: { [FRIENDSOFPHP_URL]: file('php-security-advisories/security-advisories.tar.gz') },
      verbatim: true,
    });
    await exercise({
      feed: kevFeed,
      served: { [KEV_URL]: file('enrichment/kev/known_exploited_vulnerabilities.sample.json') },
      verbatim: true,
    });
    await exercise({
      feed: epssFeed,
      served: { [EPSS_URL]: gzipSync(file('enrichment/epss/epss_scores.sample.csv')) },
      verbatim: true,
    });
  });

  it('ghsa and cve5 (repository archives packed from the real record files)', async () => {
    const ghsaRoot = join(vulndata, 'ghsa');
    const ghsaTar = gzipSync(
      await buildTar(
        walk(join(ghsaRoot, 'advisories')).map((p) => ({
          name: `advisory-database-main/${relative(ghsaRoot, p)}`,
          data: readFileSync(p),
        })),
      ),
    );
    const ghsa = await exercise({ feed: ghsaFeed, served: { [GHSA_URL]: ghsaTar }, verbatim: true });
    assert.equal(
      ghsa.advisories,
      walk(join(ghsaRoot, 'advisories')).filter((p) => p.endsWith('.json')).length,
    );
    const cveRoot = join(vulndata, 'cve5');
    const cveFiles = walk(join(cveRoot, 'cves')).filter((p) => p.endsWith('.json'));
    const zip = buildZip(
      cveFiles.map((p) => ({ name: `cvelistV5-main/${relative(cveRoot, p)}`, data: readFileSync(p) })),
    );
    const cve5 = await exercise({ feed: cve5Feed, served: { [CVE5_URL]: zip }, verbatim: true });
    assert.equal(cve5.advisories, cveFiles.length);
  });

  it('redhat (CSAF VEX and advisory archives, a later change and a later deletion)', async () => {
    const changed = 'cve-2024-22047.json';
    const deleted = 'cve-2021-0084.json';
    const vex = await csafArchive('redhat-csaf-vex/vex', [changed]);
    const adv = await csafArchive('redhat-csaf-vex/advisories');
    const served = {
      [`${redhatVexBase}archive_latest.txt`]: Buffer.from('csaf_vex_2024-11-24.tar.zst\n'),
      [`${redhatVexBase}csaf_vex_2024-11-24.tar.zst`]: zstdRawFrame(vex.tar),
      [`${redhatVexBase}changes.csv`]: Buffer.from(`"2024/${changed}","2024-11-25T03:00:00+00:00"\n`),
      [`${redhatVexBase}deletions.csv`]: Buffer.from(`"2024/${deleted}","2024-11-25T04:00:00+00:00"\n`),
      [`${redhatVexBase}2024/${changed}`]: file(`redhat-csaf-vex/vex/${changed}`),
      [`${redhatAdvisoriesBase}archive_latest.txt`]: Buffer.from('csaf_advisories_2024-11-24.tar.zst\n'),
      [`${redhatAdvisoriesBase}csaf_advisories_2024-11-24.tar.zst`]: zstdRawFrame(adv.tar),
      [`${redhatAdvisoriesBase}changes.csv`]: Buffer.from(''),
      [`${redhatAdvisoriesBase}deletions.csv`]: Buffer.from(''),
    };
    const counts = await exercise({ feed: redhatFeed, served, verbatim: false });
    // Peer: the same documents imported as loose files, without the deleted one.
    const loose: Artefact[] = walk(join(vulndata, 'redhat-csaf-vex'))
      .filter((p) => /\/(vex|advisories)\/[^/]+\.json(\.gz)?$/.test(p) && !p.endsWith(deleted))
      .map((p) => ({ path: p, name: relative(vulndata, p) }));
    const peerDb = join(tempDir(), 'peer.db');
    const peer = await updateDb({
      dbPath: peerDb,
      jobs: [
        {
          feed: redhatFeed,
          artefacts: loose,
          state: { fetchedAt: new Date().toISOString(), fingerprint: 'peer' },
        },
      ],
      ctx,
    });
    assert.deepEqual(counts, peer.feeds[0]!.counts);
  });

  it('a 500 then a 200 is retried and the update completes', async () => {
    const server = new FeedServer({ [RUBYSEC_URL]: file('rubysec/ruby-advisory-db.tar.gz') });
    server.failOnce.add(RUBYSEC_URL);
    const db = join(tempDir(), 'rampart.db');
    const res = await updateDb({
      dbPath: db,
      jobs: [{ feed: rubysecFeed, fetch: true }],
      ctx: { ...ctx, http: server.agent },
    });
    assert.equal(res.feeds[0]!.status, 'updated');
    assert.ok(res.feeds[0]!.counts!.advisories > 0);
    assert.deepEqual(
      server.log.map((r) => r.status),
      [500, 200],
    );
  });
});
