/**
 * End to end: the real `debian-apps` fixture image, pulled from a local registry by the built
 * CLI, scanned against a DB imported from ../shared/vulndata. Checks lodash (4.17.21 clean, a
 * 4.17.15 copy flagged), npm/PyPI/Debian findings with their fixed versions, and that tzdata and
 * PyYAML (an OS-owned Python package) give no findings.
 *
 * The snapshot's npm data (the GHSA subset: lodash, axios, semver, minimist) names no other
 * package of debian-apps, and its Debian data (OVAL of 2023-07) predates the image's bookworm
 * point-release packages, which are fixed for every CVE it lists with a version. So the npm and
 * Debian fix checks put copies of the image's own records at older versions, both taken from
 * the feed files, next to the real ones.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IndexReport } from '../../../src/model/index-report.js';
import type { VulnReport } from '../../../src/model/vuln-report.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { withFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { runVulndbImport } from '../../../src/scanner/vulndb/run-vulndb-import.js';
import { selectFeeds } from '../../../src/scanner/vulndb/select-feeds.js';
import { openStore } from '../../../src/scanner/vulndb/store.js';
import { ensureFixtureImages, sharedAvailable, sharedDir } from '../../helpers/fixture-images.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/local-registry.js';
import { runCli } from '../../helpers/run-cli.js';

describe('corpus: image scan of debian-apps from a local registry', function () {
  this.timeout(900_000);
  let reg: LocalRegistry | undefined;
  let report: VulnReport;
  let index: IndexReport;
  let dbPath: string;
  const work = mkdtempSync(join(tmpdir(), 'rampart-scan-e2e-'));
  const env = { RAMPART_CACHE_DIR: join(work, 'cache'), RAMPART_DB: '' };

  before(async function () {
    if (!sharedAvailable()) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    dbPath = join(work, 'rampart.db');
    await runVulndbImport({
      path: join(sharedDir, 'vulndata'),
      dbPath,
      feeds: selectFeeds(undefined),
      ctx: { log: silentLogger, limits: withFeedLimits(undefined) },
      lockWaitMs: 0,
    });
    const fixtures = await ensureFixtureImages();
    reg = await startLocalRegistry('none', fixtures.dir);
    const ref = `${reg.host}/fixture/debian-apps:latest`;
    const scan = await runCli(['image', 'scan', ref, '--db', dbPath, '-o', 'report-json'], { env });
    assert.equal(scan.code, 0, scan.stderr);
    report = JSON.parse(scan.stdout) as VulnReport;
    const sbom = await runCli(['image', 'sbom', ref, '-o', 'json'], { env });
    assert.equal(sbom.code, 0, sbom.stderr);
    index = JSON.parse(sbom.stdout) as IndexReport;
  });
  after(async () => reg?.stop());

  const ids = (r: VulnReport, name: string) =>
    new Map(r.findings.filter((f) => f.package.name === name).map((f) => [f.id, f]));

  it('lodash 4.17.21 is clean for CVE-2021-23337 while a 4.17.15 copy is flagged with fix 4.17.21', () => {
    assert.ok(index.packages.some((p) => p.name === 'lodash' && p.version === '4.17.21'));
    assert.equal(ids(report, 'lodash').has('CVE-2021-23337'), false);
    const older: IndexReport = {
      ...index,
      packages: index.packages.map((p) =>
        p.name === 'lodash' && p.type === 'npm' ? { ...p, version: '4.17.15' } : p,
      ),
    };
    const store = openStore(dbPath);
    const r = matchReport(older, store, {});
    store.close();
    const f = ids(r, 'lodash').get('CVE-2021-23337');
    assert.ok(f, 'lodash 4.17.15 flagged');
    assert.ok(f.aliases.includes('GHSA-35jh-r3h4-6jhm'));
    assert.deepEqual(f.fixedIn, ['4.17.21']);
  });

  it('npm, PyPI and Debian findings carry known CVEs with their fixed versions', () => {
    const byEco = new Map<string, number>();
    for (const f of report.findings) {
      const base = f.package.ecosystem.split(':')[0]!;
      byEco.set(base, (byEco.get(base) ?? 0) + 1);
    }
    console.log(
      `    findings per ecosystem: ${JSON.stringify(Object.fromEntries(byEco))}; counts ${JSON.stringify(report.counts)}`,
    );
    for (const [name, cve, fix] of EXPECTED) {
      const f = ids(report, name).get(cve);
      assert.ok(f, `${name}: ${cve} expected`);
      assert.ok(f.fixedIn.includes(fix), `${name} ${cve}: fixed in ${fix}, got ${f.fixedIn.join(', ')}`);
    }
  });

  /** matchReport over the scanned image's own packages after `change` (the same DB). */
  const rematch = (change: (p: IndexReport['packages'][number]) => IndexReport['packages']): VulnReport => {
    const store = openStore(dbPath);
    try {
      return matchReport({ ...index, packages: index.packages.flatMap(change) }, store, {});
    } finally {
      store.close();
    }
  };

  it('npm: each GHSA npm record of the snapshot flags a copy at its introduced version, with its fix', () => {
    const lodash = index.packages.find((p) => p.name === 'lodash' && p.type === 'npm')!;
    const cases: { name: string; version: string; fixed: string; ghsa: string; cve: string }[] = [];
    for (const file of ghsaFiles(join(sharedDir, 'vulndata', 'ghsa'))) {
      const rec = JSON.parse(readFileSync(file, 'utf8')) as GhsaRecord;
      const cve = rec.aliases.find((a) => a.startsWith('CVE-'))!;
      for (const a of rec.affected) {
        if (a.package.ecosystem !== 'npm') continue;
        for (const r of a.ranges ?? []) {
          const introduced = r.events.find((e) => e.introduced)?.introduced;
          const fixed = r.events.find((e) => e.fixed)?.fixed;
          if (introduced && introduced !== '0' && fixed)
            cases.push({ name: a.package.name, version: introduced, fixed, ghsa: rec.id, cve });
        }
      }
    }
    assert.ok(cases.length >= 4, `npm ranges with an introduced version: ${cases.length}`);
    const copy = (name: string, version: string) => ({
      ...lodash,
      name,
      version,
      purl: `pkg:npm/${name}@${version}`,
      location: `app/node_modules/${name}@${version}/package.json`,
    });
    const r = rematch((p) =>
      p === lodash ? [p, ...cases.flatMap((c) => [copy(c.name, c.version), copy(c.name, c.fixed)])] : [p],
    );
    for (const c of cases) {
      const hit = r.findings.find(
        (f) => f.package.name === c.name && f.package.version === c.version && f.id === c.cve,
      );
      assert.ok(hit, `${c.name} ${c.version}: ${c.cve} (${c.ghsa}) expected`);
      assert.ok(hit.aliases.includes(c.ghsa), `${c.ghsa} is an alias of ${c.cve}`);
      assert.ok(hit.fixedIn.includes(c.fixed), `${c.name} ${c.cve}: fixed in ${c.fixed}, got ${hit.fixedIn}`);
      assert.equal(
        r.findings.filter((f) => f.package.name === c.name && f.package.version === c.fixed && f.id === c.cve)
          .length,
        0,
        `${c.name} ${c.fixed} is the fix of ${c.cve}`,
      );
    }
    // The image's own npm packages: none of them is in a GHSA npm record's range.
    assert.equal(report.findings.filter((f) => f.package.ecosystem === 'npm').length, 0);
  });

  it('Debian: unfixed CVEs of the image are reported without a fix; older copies get the OVAL fix', () => {
    for (const [name, cve] of DEBIAN_UNFIXED) {
      const f = ids(report, name).get(cve);
      assert.ok(f, `${name}: ${cve} expected`);
      assert.equal(f.state, 'unfixed');
      assert.deepEqual(f.fixedIn, []);
      assert.equal(f.package.ecosystem, 'Debian:12');
    }
    const older = new Map(DEBIAN_FIXED.map(([name, version]) => [name, version]));
    for (const [name, , cve, fix] of DEBIAN_FIXED) {
      assert.ok(
        index.packages.some((p) => p.name === name && p.type === 'deb'),
        `${name} in debian-apps`,
      );
      assert.equal(ids(report, name).has(cve), false, `the image's ${name} is fixed for ${cve} (${fix})`);
    }
    const r = rematch((p) => {
      const v = p.type === 'deb' ? older.get(p.name) : undefined;
      return [v ? { ...p, version: v, source: { name: p.source?.name ?? p.name, version: v } } : p];
    });
    for (const [name, version, cve, fix, notCve] of DEBIAN_FIXED) {
      const f = ids(r, name).get(cve);
      assert.ok(f, `${name} ${version}: ${cve} expected`);
      assert.equal(f.state, 'affected');
      assert.deepEqual(f.fixedIn, [fix]);
      assert.equal(ids(r, name).has(notCve), false, `${name} ${version} is the fix of ${notCve}`);
    }
  });

  it('tzdata and PyYAML give no findings; every finding names its layer', () => {
    assert.equal(report.findings.filter((f) => f.package.name === 'tzdata').length, 0);
    assert.equal(report.findings.filter((f) => /^(pyyaml|python3-yaml)$/i.test(f.package.name)).length, 0);
    for (const f of report.findings) assert.ok(f.package.layer, `${f.package.name} has a layer`);
  });
});

interface GhsaRecord {
  id: string;
  aliases: string[];
  affected: {
    package: { ecosystem: string; name: string };
    ranges?: { events: { introduced?: string; fixed?: string }[] }[];
  }[];
}

function ghsaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? ghsaFiles(p) : p.endsWith('.json') ? [p] : [];
  });
}

/**
 * [binary package, CVE] that vulndata/debian-oval/oval-definitions-bookworm.xml.bz2 lists for
 * the package's source as "DPKG is earlier than 0" (unfixed in bookworm).
 */
const DEBIAN_UNFIXED: [string, string][] = [
  ['libmount1', 'CVE-2022-0563'], // util-linux
  ['perl-base', 'CVE-2023-31484'], // perl
  ['libc6', 'CVE-2019-9192'], // glibc
];

/**
 * [binary package, older source version, CVE, its bookworm fix, a CVE fixed in that older
 * version], all from the bookworm OVAL ("openssl DPKG is earlier than 3.0.9-1" …).
 */
const DEBIAN_FIXED: [string, string, string, string, string][] = [
  ['libssl3', '3.0.8-1', 'CVE-2023-2650', '3.0.9-1', 'CVE-2023-0286'],
  ['libcurl4', '7.88.1-7', 'CVE-2023-28321', '7.88.1-10', 'CVE-2023-27533'],
  ['libncursesw6', '6.3+20220423-1', 'CVE-2023-29491', '6.4-3', 'CVE-2022-29458'],
];

/** [package, CVE, fixed version] known from the feeds' own records. */
const EXPECTED: [string, string, string][] = [
  ['certifi', 'CVE-2022-23491', '2022.12.7'],
  ['idna', 'CVE-2024-3651', '3.7'],
  ['pip', 'CVE-2023-5752', '23.3'],
  ['requests', 'CVE-2023-32681', '2.31.0'],
  ['urllib3', 'CVE-2023-43804', '1.26.17'],
];
