import assert from 'node:assert/strict';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { KEV_URL } from '../../../src/scanner/vulndb/feeds/kev/fetch-kev.js';
import { feeds } from '../../../src/scanner/vulndb/feeds/registry.js';
import { MirrorServer } from '../../helpers/mirror-server.js';
import { tempDir } from '../../helpers/osv-feed-builder.js';
import { runCli } from '../../helpers/run-cli.js';

const WOLFI_URL = 'https://packages.wolfi.dev/os/security.json';
const kevBody = JSON.stringify({
  title: 'CISA Catalog',
  catalogVersion: '2025.02.24',
  count: 2,
  vulnerabilities: ['CVE-2017-3066', 'CVE-2024-1234'].map((cve) => ({
    cveID: cve,
    vendorProject: 'Acme',
    product: 'Widget',
    vulnerabilityName: 'Acme Widget RCE',
    dateAdded: '2025-02-24',
    requiredAction: 'Patch.',
    dueDate: '2025-03-17',
    knownRansomwareCampaignUse: 'Unknown',
  })),
});
const wolfiBody = JSON.stringify({
  apkurl: '{{urlprefix}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk',
  archs: ['x86_64'],
  reponame: 'os',
  urlprefix: 'https://packages.wolfi.dev',
  packages: [{ pkg: { name: 'busybox', secfixes: { '1.36.1-r0': ['CVE-2022-48174'] } } }],
});

describe('vulndb update (built CLI against a loopback mirror)', function () {
  this.timeout(120_000);
  const server = new MirrorServer({ [KEV_URL]: kevBody, [WOLFI_URL]: wolfiBody });
  let mirror = '';
  const dir = tempDir();
  const db = join(dir, 'rampart.db');
  before(async () => {
    mirror = await server.start();
  });
  after(() => server.stop());

  it('--feeds kev,wolfi fetches only those feeds, with a progress line per feed and step on stderr', async () => {
    const r = await runCli(['vulndb', 'update', '--db', db, '--feeds', 'kev,wolfi', '--mirror-url', mirror]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      server.log.map((x) => [x.url, x.status, x.conditional]),
      [
        [KEV_URL, 200, false],
        [WOLFI_URL, 200, false],
      ],
    );
    assert.match(r.stdout, /^kev\tupdated\tadvisories 0\taffected 0\tenrichment 2$/m);
    assert.match(r.stdout, /^wolfi\tupdated\tadvisories 1\taffected 1\tenrichment 0$/m);
    assert.equal(r.stdout.trim().split('\n').length, 2);
    for (const feed of ['kev', 'wolfi']) {
      assert.match(r.stderr, new RegExp(`^INFO:\\t${feed}: downloading$`, 'm'));
      assert.match(r.stderr, new RegExp(`^INFO:\\t${feed}: importing$`, 'm'));
      assert.match(
        r.stderr,
        new RegExp(
          `^INFO:\\t${feed}: \\d+ advisories, \\d+ affected packages, \\d+ enrichment rows in `,
          'm',
        ),
      );
    }
  });

  it('a second update sends the validators, gets 304 for every URL, downloads nothing and keeps the DB', async () => {
    const before = server.log.length;
    const r = await runCli(['vulndb', 'update', '--db', db, '--feeds', 'kev,wolfi', '--mirror-url', mirror]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      server.log.slice(before).map((x) => [x.url, x.status, x.conditional]),
      [
        [KEV_URL, 304, true],
        [WOLFI_URL, 304, true],
      ],
    );
    assert.match(r.stdout, /^kev\tunchanged\t/m);
    assert.match(r.stderr, /^INFO:\twolfi: unchanged upstream, kept$/m);
    const st = await runCli(['vulndb', 'status', '--db', db, '-o', 'json']);
    const status = JSON.parse(st.stdout) as {
      feeds: { name: string; advisories: number; enrichment: number }[];
    };
    assert.deepEqual(
      status.feeds.map((f) => [f.name, f.advisories, f.enrichment]),
      [
        ['kev', 0, 2],
        ['wolfi', 1, 0],
      ],
    );
  });

  it('an unknown feed name is one clear error listing the valid names, before any download', async () => {
    const before = server.log.length;
    const r = await runCli(['vulndb', 'update', '--db', db, '--feeds', 'kev,nope', '--mirror-url', mirror]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(
      r.stderr.trim(),
      `ERROR:\tunknown feed "nope"; known feeds: ${feeds.map((f) => f.name).join(', ')}`,
    );
    assert.equal(server.log.length, before);
    const bad = await runCli(['vulndb', 'update', '--db', db, '--feeds', 'kev', '--mirror-url', 'ftp://x']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^ERROR:\t--mirror-url "ftp:\/\/x" is not an http\(s\) URL; /);
  });

  it('status warns on stderr about a feed older than --max-age days, and only then', async () => {
    const sql = new Database(db);
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    sql.prepare(`UPDATE feeds SET state = json_set(state, '$.fetchedAt', ?) WHERE name = 'kev'`).run(old);
    sql.close();
    const warned = await runCli(['vulndb', 'status', '--db', db, '--max-age', '7']);
    assert.equal(warned.code, 0, warned.stderr);
    assert.equal(
      warned.stderr.trim(),
      'WARN:\tfeed kev is 10 days old (over 7); run "rampart vulndb update"',
    );
    const quiet = await runCli(['vulndb', 'status', '--db', db, '--max-age', '30']);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr.trim(), '');
    const byDefault = await runCli(['vulndb', 'status', '--db', db]);
    assert.match(byDefault.stderr, /feed kev is 10 days old \(over 7\)/);
    assert.doesNotMatch(byDefault.stderr, /wolfi/);
  });
});
