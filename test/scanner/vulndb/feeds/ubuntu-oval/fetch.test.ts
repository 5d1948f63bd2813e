import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { silentLogger } from '../../../../../src/runtime/log.js';
import type { FetchContext } from '../../../../../src/scanner/vulndb/feeds/contracts.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { feeds } from '../../../../../src/scanner/vulndb/feeds/registry.js';
import { ubuntuFeed } from '../../../../../src/scanner/vulndb/feeds/ubuntu/index.js';
import { ubuntuReleases } from '../../../../../src/scanner/vulndb/feeds/ubuntu-releases.js';
import {
  fetchUbuntuOval,
  ubuntuOvalFeed,
  ubuntuOvalReleases,
  ubuntuOvalUrl,
} from '../../../../../src/scanner/vulndb/feeds/ubuntu-oval/index.js';
import { FeedServer } from '../../../../helpers/feed-server.js';

const ORIGIN = 'https://security-metadata.canonical.com';

describe('ubuntu-oval feed: fetch', () => {
  const dirs: string[] = [];
  const ctxWith = (server: FeedServer): FetchContext => {
    const workDir = mkdtempSync(join(tmpdir(), 'rampart-ubuntu-oval-'));
    dirs.push(workDir);
    return {
      log: silentLogger,
      limits: defaultFeedLimits,
      http: server.agent,
      workDir,
      now: () => new Date('2026-01-01T00:00:00Z'),
    };
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A distinct small body per release, so a mixed-up file shows. */
  const body = (codename: string) => `BZh9 usn oval of ${codename}`;

  it('fetches the LTS releases and an interim release, all known to the codename table', () => {
    for (const c of ubuntuOvalReleases) assert.ok(ubuntuReleases[c], c);
    for (const c of ['focal', 'jammy', 'noble']) assert.ok(ubuntuOvalReleases.includes(c), c);
  });

  it('downloads every release file from the security-metadata site; unchanged when all answer 304', async () => {
    const server = new FeedServer();
    for (const c of ubuntuOvalReleases) server.set(ubuntuOvalUrl(c), body(c));
    const res = await ubuntuOvalFeed.fetch(ctxWith(server));
    assert.ok(res !== 'unchanged');
    assert.deepEqual(
      server.log.map((r) => [r.url, r.status, r.conditional]),
      ubuntuOvalReleases.map((c) => [`${ORIGIN}/oval/com.ubuntu.${c}.usn.oval.xml.bz2`, 200, false]),
    );
    assert.deepEqual(
      res.artefacts.map((a) => a.name),
      ubuntuOvalReleases.map((c) => `com.ubuntu.${c}.usn.oval.xml.bz2`),
    );
    for (const [i, a] of res.artefacts.entries()) {
      assert.equal(readFileSync(a.path, 'utf8'), body(ubuntuOvalReleases[i]!));
      // The fetched names route back to this feed alone on `vulndb import`.
      const owners = feeds.filter((f) => f.accepts({ path: a.name, head: Buffer.from('BZh9') }) > 0);
      assert.deepEqual(
        owners.map((f) => f.name),
        ['ubuntu-oval'],
      );
    }
    assert.deepEqual(Object.keys(res.state.validators ?? {}), ubuntuOvalReleases.map(ubuntuOvalUrl));
    assert.match(res.state.validators?.[ubuntuOvalUrl('noble')]?.etag ?? '', /^"/);

    const mark = server.log.length;
    assert.equal(await ubuntuOvalFeed.fetch(ctxWith(server), res.state), 'unchanged');
    assert.equal(server.log.length - mark, ubuntuOvalReleases.length);
    assert.deepEqual(server.downloads(mark), []);
    assert.ok(server.log.slice(mark).every((r) => r.conditional && r.status === 304));
  });

  it('one release changed upstream: the whole set comes back with a new fingerprint', async () => {
    const server = new FeedServer();
    const releases = ['jammy', 'noble'];
    for (const c of releases) server.set(ubuntuOvalUrl(c), body(c));
    const first = await fetchUbuntuOval(ctxWith(server), undefined, releases);
    assert.ok(first !== 'unchanged');
    server.set(ubuntuOvalUrl('noble'), `${body('noble')}, republished`);
    const mark = server.log.length;
    const second = await fetchUbuntuOval(ctxWith(server), first.state, releases);
    assert.ok(second !== 'unchanged');
    assert.notEqual(second.state.fingerprint, first.state.fingerprint);
    assert.deepEqual(
      second.artefacts.map((a) => readFileSync(a.path, 'utf8')),
      [body('jammy'), `${body('noble')}, republished`],
    );
    // jammy answered 304 and, with no cache to reuse, was downloaded again unconditionally.
    assert.deepEqual(
      server.log.slice(mark).map((r) => [r.url, r.status, r.conditional]),
      [
        [ubuntuOvalUrl('jammy'), 304, true],
        [ubuntuOvalUrl('noble'), 200, true],
        [ubuntuOvalUrl('jammy'), 200, false],
      ],
    );
  });

  it('a missing release file is a FEED_FETCH error naming the feed and URL', async () => {
    const server = new FeedServer({ [ubuntuOvalUrl('jammy')]: body('jammy') });
    await assert.rejects(
      fetchUbuntuOval(ctxWith(server), undefined, ['jammy', 'noble']),
      (err: Error & { code?: string }) =>
        err.code === 'FEED_FETCH' &&
        err.message.includes('feed ubuntu-oval:') &&
        err.message.includes(ubuntuOvalUrl('noble')),
    );
  });

  it('a downloaded body that is not bzip2 is refused by parse as FEED_FORMAT naming the feed', async () => {
    const server = new FeedServer({ [ubuntuOvalUrl('noble')]: '<oval_definitions/>' });
    const res = await fetchUbuntuOval(ctxWith(server), undefined, ['noble']);
    assert.ok(res !== 'unchanged');
    const run = async () => {
      for await (const _ of ubuntuOvalFeed.parse(res.artefacts, ctxWith(server)));
    };
    await assert.rejects(
      run,
      (err: Error & { code?: string }) =>
        err.code === 'FEED_FORMAT' && /feed ubuntu-oval: .*not valid bzip2/.test(err.message),
    );
  });

  it('the ubuntu (OpenVEX) feed still downloads nothing and no longer claims OVAL files', async () => {
    const server = new FeedServer();
    assert.equal(await ubuntuFeed.fetch(ctxWith(server)), 'unchanged');
    assert.deepEqual(server.log, []);
    assert.equal(
      ubuntuFeed.accepts({ path: 'com.ubuntu.noble.usn.oval.xml.bz2', head: Buffer.from('BZh9') }),
      0,
    );
  });
});
