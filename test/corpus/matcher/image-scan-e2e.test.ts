/**
 * End to end: the real `debian-apps` fixture image, pulled from a local registry by the built
 * CLI, scanned against a DB imported from ../shared/vulndata. Checks lodash (4.17.21 clean, a
 * 4.17.15 copy flagged), npm/PyPI/Debian findings with their fixed versions, and that tzdata and
 * PyYAML (an OS-owned Python package) give no findings.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
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

  it('tzdata and PyYAML give no findings; every finding names its layer', () => {
    assert.equal(report.findings.filter((f) => f.package.name === 'tzdata').length, 0);
    assert.equal(report.findings.filter((f) => /^(pyyaml|python3-yaml)$/i.test(f.package.name)).length, 0);
    for (const f of report.findings) assert.ok(f.package.layer, `${f.package.name} has a layer`);
  });
});

/** [package, CVE, fixed version] known from the feeds' own records. */
const EXPECTED: [string, string, string][] = [
  ['certifi', 'CVE-2022-23491', '2022.12.7'],
  ['idna', 'CVE-2024-3651', '3.7'],
  ['pip', 'CVE-2023-5752', '23.3'],
  ['requests', 'CVE-2023-32681', '2.31.0'],
  ['urllib3', 'CVE-2023-43804', '1.26.17'],
];
