import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { MockAgent } from 'undici';

import { silentLogger } from '../../../../../src/runtime/log.js';
import {
  debianOvalReleases,
  debianSources,
  debianTrackerUrl,
} from '../../../../../src/scanner/vulndb/feeds/debian/fetch.js';
import { debianArtefactKind, debianFeed } from '../../../../../src/scanner/vulndb/feeds/debian/index.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
import { FeedServer } from '../../../../helpers/feed-server.js';

describe('debian feed: fetch', () => {
  const dirs: string[] = [];
  const ctxWith = (http: MockAgent) => {
    const workDir = mkdtempSync(join(tmpdir(), 'rampart-debian-'));
    dirs.push(workDir);
    return {
      log: silentLogger,
      limits: defaultFeedLimits,
      http,
      workDir,
      now: () => new Date('2026-01-01T00:00:00Z'),
    };
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('downloads the tracker JSON, the DSA/DLA lists and every release OVAL; unchanged when all answer 304', async () => {
    const body = JSON.stringify({
      tar: { 'CVE-2005-2541': { releases: { bookworm: { status: 'open', urgency: 'unimportant' } } } },
    });
    const dsa =
      '[28 Mar 2023] DSA-5376-1 apr - security update\n\t{CVE-2022-24963}\n\t[bullseye] - apr 1.7.0-6+deb11u2\n';
    const server = new FeedServer();
    for (const s of debianSources())
      server.set(s.url, s.name === 'tracker.json' ? body : s.name.endsWith('list') ? dsa : `oval ${s.name}`);
    const res = await debianFeed.fetch(ctxWith(server.agent));
    assert.ok(res !== 'unchanged');
    assert.deepEqual(
      res.artefacts.map((a) => a.name),
      [
        'tracker.json',
        'data/DSA/list',
        'data/DLA/list',
        ...debianOvalReleases.map((c) => `oval-definitions-${c}.xml.bz2`),
      ],
    );
    assert.deepEqual(
      res.artefacts.map((a) => debianArtefactKind(a.name)),
      ['tracker', 'list', 'list', ...debianOvalReleases.map(() => 'oval')],
    );
    assert.match(res.state.validators?.[debianTrackerUrl]?.etag ?? '', /^"/);
    assert.equal(debianFeed.accepts({ path: res.artefacts[0]!.name, head: Buffer.from(body) }), 2);
    const recs: FeedRecord[] = [];
    for await (const r of debianFeed.parse(res.artefacts.slice(0, 2), ctxWith(server.agent))) recs.push(r);
    assert.ok(recs[0]?.kind === 'advisory');
    assert.deepEqual(
      recs[0].affected.map((a) => [a.ecosystem, a.name, a.state]),
      [['Debian:12', 'tar', 'unfixed']],
    );
    assert.ok(recs.some((r) => r.kind === 'advisory' && r.advisory.id.startsWith('DSA-5376-1')));
    const mark = server.log.length;
    assert.equal(await debianFeed.fetch(ctxWith(server.agent), res.state), 'unchanged');
    assert.equal(server.log.length - mark, debianSources().length);
    assert.deepEqual(server.downloads(mark), []);
    assert.ok(server.log.slice(mark).every((r) => r.conditional && r.status === 304));
  });
});
