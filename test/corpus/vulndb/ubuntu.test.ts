import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { join } from 'node:path';

import { silentLogger } from '../../../src/runtime/log.js';
import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { readBz2Stream } from '../../../src/scanner/vulndb/feeds/read-bz2-stream.js';
import { feeds } from '../../../src/scanner/vulndb/feeds/registry.js';
import { ubuntuFeed } from '../../../src/scanner/vulndb/feeds/ubuntu/index.js';
import { ubuntuOvalFeed } from '../../../src/scanner/vulndb/feeds/ubuntu-oval/index.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';
import { runVulndbImport } from '../../../src/scanner/vulndb/run-vulndb-import.js';
import { openStore } from '../../../src/scanner/vulndb/store.js';
import { tempDir } from '../../helpers/osv-feed-builder.js';
import { indexOf, pkgOf } from '../../helpers/vuln-store-builder.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

describe('corpus: ubuntu OpenVEX', function () {
  this.timeout(60000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('imports both Canonical VEX documents; rows are the arch=source products', async () => {
    const root = `${shared}vulndata/ubuntu-vex/`;
    const files = ['cve/2023/CVE-2023-38545.json', 'cve/2016/CVE-2016-20013.json.gz'];
    const artefacts = files.map((f) => ({ path: root + f, name: `vex/${f}` }));
    for (const a of artefacts) {
      const raw = readFileSync(a.path);
      assert.equal(ubuntuFeed.accepts({ path: a.name, head: raw.subarray(0, 4096) }), 2, a.name);
    }
    const recs: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
    for await (const r of ubuntuFeed.parse(artefacts, ctx)) if (r.kind === 'advisory') recs.push(r);
    assert.deepEqual(
      recs.map((r) => r.advisory.id),
      ['CVE-2023-38545@Ubuntu', 'CVE-2016-20013@Ubuntu'],
    );
    // Count source products straight from the documents.
    for (const [i, a] of artefacts.entries()) {
      const raw = readFileSync(a.path);
      const doc = JSON.parse((a.path.endsWith('.gz') ? gunzipSync(raw) : raw).toString()) as {
        statements: { products: { '@id': string }[] }[];
      };
      const sources = new Set(
        doc.statements.flatMap((s) =>
          s.products.map((p) => p['@id']).filter((id) => id.includes('arch=source')),
        ),
      );
      assert.equal(recs[i]!.affected.length, sources.size, a.name);
    }
    const curl = recs[0]!;
    const jammy = curl.affected.find((r) => r.ecosystem === 'Ubuntu:22.04' && r.name === 'curl')!;
    assert.equal(jammy.state, 'fixed');
    assert.deepEqual(jammy.fixedVersions, ['7.81.0-1ubuntu1.24']);
    const trustyEsm = curl.affected.find((r) => r.ecosystem === 'Ubuntu:14.04' && r.pocket === 'pro')!;
    assert.equal(trustyEsm.state, 'not_affected');
    assert.equal(trustyEsm.extra?.channel, 'esm-infra-legacy');
  });
});

type AdvisoryRecord = Extract<FeedRecord, { kind: 'advisory' }>;

async function xmlOf(path: string): Promise<string> {
  let text = '';
  for await (const chunk of readBz2Stream(path, 'ubuntu-oval', defaultFeedLimits.maxInflatedBytes))
    text += (chunk as Buffer).toString('utf8');
  return text;
}

describe('corpus: ubuntu USN OVAL', function () {
  this.timeout(120000);
  const root = `${shared}vulndata/ubuntu-oval/`;
  const parsed = new Map<string, AdvisoryRecord[]>();
  before(async function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    for (const codename of ['noble', 'jammy']) {
      const name = `ubuntu-oval/com.ubuntu.${codename}.usn.oval.xml.bz2`;
      const recs: AdvisoryRecord[] = [];
      for await (const r of ubuntuOvalFeed.parse([{ path: `${shared}vulndata/${name}`, name }], ctx))
        if (r.kind === 'advisory') recs.push(r);
      parsed.set(codename, recs);
    }
  });

  // Counts as a separate regex count of the XML gave (definitions of class patch; the
  // binaries of each dpkginfo object's constant_variable per `less than` state; a check is Pro
  // when its criterion, test, object or state says "Available with Ubuntu Pro").
  const expected = {
    noble: { notices: 260, perCve: 567, rows: 6164, pro: 1096, withoutRows: 53, withoutCves: 7 },
    jammy: { notices: 624, perCve: 1589, rows: 31475, pro: 1828, withoutRows: 151, withoutCves: 25 },
  };
  for (const [codename, want] of Object.entries(expected)) {
    it(`${codename}: claimed by the ubuntu-oval feed; notices, per-CVE records and rows as counted in the XML`, async () => {
      const file = `com.ubuntu.${codename}.usn.oval.xml.bz2`;
      const head = readFileSync(root + file).subarray(0, 4096);
      assert.equal(ubuntuOvalFeed.accepts({ path: `ubuntu-oval/${file}`, head }), 2);
      for (const other of feeds.filter((f) => f !== ubuntuOvalFeed))
        assert.equal(other.accepts({ path: `ubuntu-oval/${file}`, head }), 0, other.name);
      const recs = parsed.get(codename)!;
      const notices = recs.filter((r) => /^(?:USN|LSN)-\d+-\d+@/.test(r.advisory.id));
      const perCve = recs.filter((r) => r.advisory.id.startsWith('CVE-'));
      const rows = recs.flatMap((r) => r.affected);
      assert.deepEqual(
        {
          notices: notices.length,
          perCve: perCve.length,
          rows: rows.length,
          pro: rows.filter((a) => a.pocket === 'pro').length,
          withoutRows: notices.filter(
            (r) =>
              r.affected.length === 0 && !perCve.some((c) => c.advisory.related[0] === r.advisory.aliases[0]),
          ).length,
          withoutCves: notices.filter((r) => r.affected.length > 0).length,
        },
        want,
      );
      const release = codename === 'noble' ? 'Ubuntu:24.04' : 'Ubuntu:22.04';
      assert.ok(
        rows.every((a) => a.ecosystem === release && a.extra?.binary === true && a.state === 'fixed'),
      );
      // Every row's binary and fixed version are in the XML as published.
      const xml = await xmlOf(root + file);
      assert.equal((xml.match(/<definition [^>]*class="patch"/g) ?? []).length, want.notices);
      const values = new Set([...xml.matchAll(/<value>([^<]+)<\/value>/g)].map((m) => m[1]));
      const evrs = new Set(
        [...xml.matchAll(/operation="less than">([^<]+)</g)].map((m) => m[1]!.replace(/^0:/, '')),
      );
      for (const a of rows) {
        assert.ok(values.has(a.name), a.name);
        assert.ok(evrs.has(a.fixedVersions[0]!), a.fixedVersions[0]);
      }
    });
  }

  const find = (codename: string, id: string) => parsed.get(codename)!.find((r) => r.advisory.id === id)!;
  const bin = (ecosystem: string, name: string, fixed: string, pocket?: string) => ({
    ecosystem,
    name,
    scheme: 'dpkg',
    ranges: [],
    versions: [],
    state: 'fixed',
    fixedVersions: [fixed],
    extra: { binary: true },
    ...(pocket ? { pocket } : {}),
  });

  it('noble USN-6784-1 (cJSON, Pro only): the notice and its CVE records as in the XML', () => {
    const usn = find('noble', 'USN-6784-1@Ubuntu:24.04');
    assert.deepEqual(usn.affected, []);
    assert.deepEqual(usn.advisory.aliases, [
      'USN-6784-1',
      'CVE-2023-50471',
      'CVE-2023-50472',
      'CVE-2024-31755',
    ]);
    assert.equal(usn.advisory.summary, 'USN-6784-1 -- cJSON vulnerabilities');
    assert.equal(usn.advisory.published, '2024-05-23');
    assert.deepEqual(usn.advisory.severity, [{ source: 'vendor', name: 'Medium', cvss: [] }]);
    assert.match(usn.advisory.details!, /libcjson1 - 1\.7\.17-1ubuntu0\.1~esm2 .* Available with Ubuntu Pro/);
    const cve = find('noble', 'CVE-2023-50472@USN-6784-1@Ubuntu:24.04');
    assert.deepEqual(cve.advisory.aliases, ['CVE-2023-50472']);
    assert.deepEqual(cve.advisory.related, ['USN-6784-1']);
    assert.deepEqual(cve.advisory.severity, [
      {
        source: 'vendor',
        name: 'medium',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5 }],
      },
    ]);
    assert.deepEqual(cve.affected, [
      bin('Ubuntu:24.04', 'libcjson1', '1.7.17-1ubuntu0.1~esm2', 'pro'),
      bin('Ubuntu:24.04', 'libcjson-dev', '1.7.17-1ubuntu0.1~esm2', 'pro'),
    ]);
    // CVE-2024-31755 has no CVSS in the file: the Ubuntu priority alone.
    assert.deepEqual(find('noble', 'CVE-2024-31755@USN-6784-1@Ubuntu:24.04').advisory.severity, [
      { source: 'vendor', name: 'medium', cvss: [] },
    ]);
  });

  it('noble USN-6785-1 (main archive) and LSN-0104-1 (livepatch, no dpkg check)', () => {
    assert.deepEqual(find('noble', 'CVE-2024-5148@USN-6785-1@Ubuntu:24.04').affected, [
      bin('Ubuntu:24.04', 'gnome-remote-desktop', '46.2-1~ubuntu24.04.2'),
    ]);
    const lsn = find('noble', 'LSN-0104-1@Ubuntu:24.04');
    assert.deepEqual(lsn.affected, []);
    assert.deepEqual(lsn.advisory.aliases, [
      'LSN-0104-1',
      'CVE-2023-6270',
      'CVE-2023-51781',
      'CVE-2024-26597',
      'CVE-2024-26581',
    ]);
  });

  it('jammy USN-5181-1 (Pro marked on the criterion and test) and the kernel USN-6044-1', () => {
    assert.deepEqual(find('jammy', 'CVE-2022-31160@USN-5181-1@Ubuntu:22.04').affected, [
      bin('Ubuntu:22.04', 'libjs-jquery-ui', '1.13.1+dfsg-1ubuntu0.1~esm1', 'pro'),
      bin('Ubuntu:22.04', 'libjs-jquery-ui-docs', '1.13.1+dfsg-1ubuntu0.1~esm1', 'pro'),
      bin('Ubuntu:22.04', 'node-jquery-ui', '1.13.1+dfsg-1ubuntu0.1~esm1', 'pro'),
    ]);
    const kernel = find('jammy', 'USN-6044-1@Ubuntu:22.04');
    assert.deepEqual(kernel.affected, []);
    assert.deepEqual(kernel.advisory.aliases, ['USN-6044-1', 'CVE-2023-1829', 'CVE-2023-1872']);
  });

  it('imported into a DB, an Ubuntu image with vulnerable binaries gets the USN CVEs, fixes and the Pro note', async () => {
    const db = join(tempDir(), 'rampart.db');
    const res = await runVulndbImport({ path: root, dbPath: db, feeds, ctx });
    assert.equal(res.kind, 'mirror');
    if (res.kind !== 'mirror') return;
    assert.deepEqual(res.skipped, ['PROVENANCE.md']);
    assert.deepEqual(
      res.summary.feeds.map((f) => f.name),
      ['ubuntu-oval'],
    );
    const counts = res.summary.feeds.find((f) => f.name === 'ubuntu-oval')!.counts!;
    const all = [...parsed.values()].flat();
    assert.equal(counts.advisories, all.length);
    assert.equal(counts.affected, all.flatMap((r) => r.affected).length);
    const store = openStore(db);
    try {
      const noble = {
        id: 'ubuntu',
        versionId: '24.04',
        versionCodename: 'noble',
        prettyName: 'Ubuntu 24.04.1 LTS',
        location: 'etc/os-release',
      };
      const deb = (name: string, version: string, source: string) =>
        pkgOf({ name, version, type: 'deb', source: { name: source, version } });
      const report = matchReport(
        indexOf(
          [
            deb('libcjson1', '1.7.17-1', 'cjson'),
            deb('gnome-remote-desktop', '46.2-1~ubuntu24.04.1', 'gnome-remote-desktop'),
            deb('libcjson-doc-not-listed', '1.7.17-1', 'cjson'),
          ],
          noble,
        ),
        store,
        { now: new Date('2024-12-30T00:00:00Z') },
      );
      const byPkg = (name: string) =>
        report.findings
          .filter((f) => f.package.name === name)
          .map((f) => ({
            id: f.id,
            state: f.state,
            fixedIn: f.fixedIn,
            advisory: f.advisory?.name,
            note: f.note,
          }))
          .sort((a, b) => a.id.localeCompare(b.id));
      const pro = 'the fix (1.7.17-1ubuntu0.1~esm2) is available with Ubuntu Pro (ESM) only';
      assert.deepEqual(byPkg('libcjson1'), [
        {
          id: 'CVE-2023-50471',
          state: 'affected',
          fixedIn: ['1.7.17-1ubuntu0.1~esm2'],
          advisory: 'USN-6784-1',
          note: pro,
        },
        {
          id: 'CVE-2023-50472',
          state: 'affected',
          fixedIn: ['1.7.17-1ubuntu0.1~esm2'],
          advisory: 'USN-6784-1',
          note: pro,
        },
        {
          id: 'CVE-2024-31755',
          state: 'affected',
          fixedIn: ['1.7.17-1ubuntu0.1~esm2'],
          advisory: 'USN-6784-1',
          note: pro,
        },
      ]);
      assert.deepEqual(byPkg('gnome-remote-desktop'), [
        {
          id: 'CVE-2024-5148',
          state: 'affected',
          fixedIn: ['46.2-1~ubuntu24.04.2'],
          advisory: 'USN-6785-1',
          note: undefined,
        },
      ]);
      assert.deepEqual(byPkg('libcjson-doc-not-listed'), []);
      // At the fixed versions nothing is left.
      const fixed = matchReport(
        indexOf(
          [
            deb('libcjson1', '1.7.17-1ubuntu0.1~esm2', 'cjson'),
            deb('gnome-remote-desktop', '46.2-1~ubuntu24.04.2', 'gnome-remote-desktop'),
          ],
          noble,
        ),
        store,
        { now: new Date('2024-12-30T00:00:00Z') },
      );
      assert.deepEqual(
        fixed.findings.map((f) => `${f.package.name} ${f.id}`),
        [],
      );
    } finally {
      store.close();
    }
  });
});
