/**
 * The matcher decides rows before it reads their advisories: rows are grouped into
 * vulnerabilities from the advisory links (alias and withdrawn indexes of schema 2) and only the
 * records of vulnerabilities found are decoded. The answers must equal those of a schema-1 file,
 * where the records themselves are read.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import type { AffectedPackage, AffectedRow, FeedRecord } from '../../../src/scanner/vulndb/model.js';
import { openStore, type VulnStore } from '../../../src/scanner/vulndb/store.js';
import { advisoryOf, affectedOf, buildStore, indexOf, pkgOf } from '../../helpers/vuln-store-builder.js';

const NOW = new Date('2026-11-24T00:00:00Z');
const range = (introduced: string, fixed: string): Partial<AffectedPackage> => ({
  scheme: 'pep440',
  ranges: [{ type: 'ECOSYSTEM', events: [{ introduced }, { fixed }] }],
  fixedVersions: [fixed],
});
const rec = (id: string, aliases: string[], affected: AffectedPackage[], extra = {}): FeedRecord => ({
  kind: 'advisory',
  advisory: advisoryOf(id, 'osv', { aliases, ...extra }),
  affected,
});

describe('matcher: advisories read only for vulnerabilities found', () => {
  let dir: string;
  let store: VulnStore;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-lazy-'));
    store = buildStore(
      {
        osv: [
          // 2.0 is vulnerable to GHSA-a only; PYSEC-b (another branch) names the same CVE and
          // brings the severity, so its record must be read although it decides nothing.
          rec('GHSA-aaaa-aaaa-aaaa', ['CVE-2024-1'], [affectedOf('PyPI', 'pkg', range('0', '2.1'))]),
          rec(
            'PYSEC-2024-1',
            ['CVE-2024-1', 'GHSA-aaaa-aaaa-aaaa'],
            [affectedOf('PyPI', 'pkg', range('3.0', '3.2'))],
            {
              severity: [{ source: 'vendor', name: 'HIGH', cvss: [] }],
            },
          ),
          // withdrawn: never reported, although its range covers 2.0
          rec('GHSA-wwww-wwww-wwww', ['CVE-2024-2'], [affectedOf('PyPI', 'pkg', range('0', '9'))], {
            withdrawn: '2024-06-01T00:00:00Z',
          }),
          // listed versions only (stored sorted and marked): 2.0 is listed as 2.0.0
          rec(
            'PYSEC-2024-3',
            ['CVE-2024-3'],
            [affectedOf('PyPI', 'pkg', { scheme: 'pep440', versions: ['2.0.0', '1.10', '1.9', '0.5'] })],
          ),
          // rows that decide nothing for 2.0: their records are not needed (and with three rows
          // of sixteen vulnerable, the matcher groups this name through the links)
          ...[4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((n) =>
            rec(`PYSEC-2023-${n}`, [`CVE-2023-${n}`], [affectedOf('PyPI', 'pkg', range('5.0', `5.${n}`))]),
          ),
        ],
      },
      dir,
    );
  });
  after(() => store.close());

  const scan = (s: VulnStore) =>
    matchReport(
      indexOf([pkgOf({ name: 'pkg', version: '2.0', type: 'pypi', kind: 'language' })], undefined),
      s,
      {
        now: NOW,
      },
    );

  it('groups through the alias index, leaves withdrawn records out and decodes only what it reports', () => {
    const decoded = new Set<string>();
    const spy = Object.create(store) as VulnStore;
    spy.withAdvisories = (rows: readonly AffectedRow[]) => {
      for (const r of rows) decoded.add(r.advisoryId);
      return store.withAdvisories(rows);
    };
    const r = scan(spy);
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.advisories, f.severity.name, f.fixedIn]),
      [
        ['CVE-2024-1', ['GHSA-aaaa-aaaa-aaaa', 'PYSEC-2024-1'], 'IMPORTANT', ['2.1']],
        ['CVE-2024-3', ['PYSEC-2024-3'], 'UNKNOWN', []],
      ],
    );
    assert.deepEqual([...decoded].sort(), ['GHSA-aaaa-aaaa-aaaa', 'PYSEC-2024-1', 'PYSEC-2024-3']);
  });

  it('answers exactly as from a schema-1 file, where the records are read to group', () => {
    const v1 = join(dir, 'v1.db');
    copyFileSync(join(dir, 'rampart.db'), v1);
    const raw = new Database(v1);
    raw.exec(
      `DROP INDEX aliases_advisory; DROP INDEX advisories_withdrawn; UPDATE meta SET value = '1' WHERE key = 'schema_version'`,
    );
    raw.close();
    const old = openStore(v1);
    try {
      assert.equal(old.advisoryLinks([]), undefined);
      const a = scan(store);
      const b = scan(old);
      assert.deepEqual(b.findings, a.findings);
      assert.deepEqual(b.counts, a.counts);
      assert.deepEqual(b.warnings, a.warnings);
    } finally {
      old.close();
    }
  });
});

describe('matcher: a rule choosing the deciding rows, on the links path', () => {
  it('lets an Ubuntu Pro build be decided by its Pro rows when the rows are grouped from links', () => {
    const ub = (extra: Partial<AffectedPackage>) =>
      affectedOf('Ubuntu:16.04', 'curl', { scheme: 'dpkg', ...extra });
    const rec2 = (id: string, cve: string, affected: AffectedPackage[]): FeedRecord => ({
      kind: 'advisory',
      advisory: advisoryOf(id, 'ubuntu', { aliases: [cve] }),
      affected,
    });
    const store = buildStore({
      ubuntu: [
        rec2('CVE-2024-2398@Ubuntu', 'CVE-2024-2398', [
          ub({ state: 'unfixed' }),
          ub({ state: 'fixed', pocket: 'pro', fixedVersions: ['7.47.0-1ubuntu2.19+esm12'] }),
        ]),
        // long-fixed CVEs: with them the Pro build's vulnerable rows are under a quarter of its
        // set, so the set is grouped from the advisory links
        ...Array.from({ length: 12 }, (_, n) =>
          rec2(`CVE-2016-${1000 + n}@Ubuntu`, `CVE-2016-${1000 + n}`, [
            ub({ state: 'fixed', fixedVersions: ['7.47.0-1ubuntu2.1'] }),
          ]),
        ),
      ],
    });
    try {
      const xenial = {
        id: 'ubuntu',
        versionId: '16.04',
        prettyName: 'Ubuntu 16.04',
        location: 'etc/os-release',
      };
      const scan = (version: string) =>
        matchReport(
          indexOf(
            [pkgOf({ name: 'libcurl3', version, type: 'deb', source: { name: 'curl', version } })],
            xenial,
          ),
          store,
          { now: NOW },
        ).findings.map((f) => [f.id, f.state, f.fixedIn]);
      assert.deepEqual(scan('7.47.0-1ubuntu2.19+esm12'), []);
      assert.deepEqual(scan('7.47.0-1ubuntu2.19+esm11'), [
        ['CVE-2024-2398', 'affected', ['7.47.0-1ubuntu2.19+esm12']],
      ]);
      assert.deepEqual(scan('7.47.0-1ubuntu2.20'), [['CVE-2024-2398', 'unfixed', []]]);
    } finally {
      store.close();
    }
  });
});
