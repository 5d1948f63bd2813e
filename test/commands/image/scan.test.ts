import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { writeRootfs } from '../../helpers/image-writers.js';
import { runCli } from '../../helpers/run-cli.js';
import {
  advisoryOf,
  affectedOf,
  buildStore,
  debianOpensslAdvisory,
} from '../../helpers/vuln-store-builder.js';

const OS_RELEASE =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';
const STATUS = [
  'Package: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n',
  'Package: tzdata\nStatus: install ok installed\nVersion: 2024a-0+deb12u1\nArchitecture: all\n',
].join('\n');

describe('image scan (built CLI)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'rampart-scan-cmd-'));
  const rootfs = join(dir, 'rootfs');
  const db = join(dir, 'db', 'rampart.db');
  const env = { RAMPART_CACHE_DIR: join(dir, 'cache'), RAMPART_DB: '' };

  before(() => {
    writeRootfs(rootfs, {
      'etc/os-release': OS_RELEASE,
      'var/lib/dpkg/status': STATUS,
      'app/node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.15"}',
      'app/vendor/Gemfile.lock':
        'GEM\n  remote: https://example.org/\n  specs:\n    rack (2.0.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n',
    });
    mkdirSync(join(dir, 'db'));
    const store = buildStore(
      {
        debian: [
          debianOpensslAdvisory(),
          {
            kind: 'advisory',
            advisory: advisoryOf('CVE-2024-0002@Debian', 'debian', { aliases: ['CVE-2024-0002'] }),
            affected: [affectedOf('Debian:12', 'openssl', { scheme: 'dpkg', state: 'no_dsa' })],
          },
        ],
        osv: [
          {
            kind: 'advisory',
            advisory: advisoryOf('GHSA-35jh-r3h4-6jhm', 'osv', {
              aliases: ['CVE-2021-23337'],
              severity: [
                {
                  source: 'vendor',
                  name: 'HIGH',
                  cvss: [
                    { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
                  ],
                },
              ],
            }),
            affected: [
              affectedOf('npm', 'lodash', {
                scheme: 'semver',
                ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
              }),
            ],
          },
        ],
      },
      join(dir, 'db'),
    );
    store.close();
  });

  const scan = (...args: string[]) => runCli(['image', 'scan', rootfs, '--db', db, ...args], { env });

  it('prints roxctl’s table: image line, summary, merged component cells, will-not-fix and gap lines', async () => {
    const r = await scan();
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `Scan results for image: rootfs:${rootfs}`);
    assert.equal(
      lines[1],
      '(TOTAL-COMPONENTS: 2, TOTAL-VULNERABILITIES: 3, LOW: 1, MODERATE: 0, IMPORTANT: 2, CRITICAL: 0)',
    );
    assert.match(
      r.stdout,
      /\|\s+COMPONENT\s+\|\s+VERSION\s+\|\s+CVE\s+\|\s+SEVERITY\s+\|\s+CVSS\s+\|\s+LINK\s+\|\s+FIXED VERSION\s+\|/,
    );
    assert.match(r.stdout, /\|\s+CVE-2024-0001\s+\|\s+IMPORTANT\s+\|/);
    assert.match(r.stdout, /\(will not fix\)/);
    assert.equal((r.stdout.match(/ libssl3 /g) ?? []).length, 1, 'component cell merged over its rows');
    assert.match(r.stdout, /WARNING: \[MATCH_ECOSYSTEM_UNCOVERED\] .*RubyGems/);
    assert.match(r.stderr, /WARN:\tA total of 3 unique vulnerabilities were found in 2 components/);
    assert.doesNotMatch(r.stdout, /tzdata/);
  });

  it('json: roxctl’s shape with warnings; csv: roxctl’s header keys', async () => {
    const j = await scan('-o', 'json');
    assert.equal(j.code, 0, j.stderr);
    const doc = JSON.parse(j.stdout) as {
      result: { summary: Record<string, number>; vulnerabilities: Record<string, unknown>[] };
      warnings: { code: string }[];
    };
    assert.deepEqual(doc.result.summary, {
      CRITICAL: 0,
      IMPORTANT: 2,
      LOW: 1,
      MODERATE: 0,
      'TOTAL-COMPONENTS': 2,
      'TOTAL-VULNERABILITIES': 3,
    });
    const lodash = doc.result.vulnerabilities.find((v) => v.componentName === 'lodash')!;
    assert.deepEqual(
      { ...lodash },
      {
        cveId: 'CVE-2021-23337',
        cveSeverity: 'IMPORTANT',
        cveCVSS: 7.2,
        cveInfo: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337',
        componentName: 'lodash',
        componentVersion: '4.17.15',
        componentFixedVersion: '4.17.21',
        state: 'affected',
        severitySource: 'vendor',
      },
    );
    assert.deepEqual(
      doc.warnings.map((w) => w.code),
      ['MATCH_ECOSYSTEM_UNCOVERED'],
    );
    const c = await scan('-o', 'csv');
    assert.equal(
      c.stdout.split('\n')[0],
      'COMPONENT,VERSION,CVE,SEVERITY,CVSS,LINK,FIXED_VERSION,ADVISORY,ADVISORY_LINK',
    );
    assert.equal(c.stdout.trim().split('\n').length, 4);
    assert.doesNotMatch(c.stdout, /MATCH_|RubyGems/);
    // csv has no place for the coverage gap: stderr has it, and says the csv lacks it.
    assert.match(c.stderr, /^WARN:\t.*RubyGems/m);
    assert.match(
      c.stderr,
      /^WARN:\tthe csv output has no place for the 1 warning\(s\) above \(MATCH_ECOSYSTEM_UNCOVERED\)/m,
    );
    assert.doesNotMatch(j.stderr, /has no place/);
  });

  it('--fail and --exit-code fail only when vulnerabilities remain after filtering', async () => {
    const f = await scan('--fail', '-o', 'json');
    assert.equal(f.code, 1);
    assert.match(f.stderr, /ERROR:\tvulnerabilities found: 3 vulnerabilities/);
    const e = await scan('--exit-code', '3', '-o', 'json');
    assert.equal(e.code, 3);
    const crit = await scan('--fail', '--severity', 'CRITICAL', '-o', 'json');
    assert.equal(crit.code, 0, crit.stderr);
    assert.equal(
      (JSON.parse(crit.stdout) as { result: { vulnerabilities: unknown[] } }).result.vulnerabilities.length,
      0,
    );
    const unfixed = await scan('--ignore-unfixed', '-o', 'json');
    assert.deepEqual(
      (
        JSON.parse(unfixed.stdout) as { result: { vulnerabilities: { cveId: string }[] } }
      ).result.vulnerabilities
        .map((v) => v.cveId)
        .sort(),
      ['CVE-2021-23337', 'CVE-2024-0001'],
    );
  });

  it('--ignorefile takes ids or OpenVEX; --include-snoozed brings them back', async () => {
    const list = join(dir, 'ignore.txt');
    writeFileSync(list, '# accepted\nCVE-2024-0002\nghsa-35jh-r3h4-6jhm  # alias of the lodash CVE\n');
    const r = await scan('--ignorefile', list, '-o', 'json');
    const ids = (x: string) =>
      (JSON.parse(x) as { result: { vulnerabilities: { cveId: string }[] } }).result.vulnerabilities.map(
        (v) => v.cveId,
      );
    assert.deepEqual(ids(r.stdout), ['CVE-2024-0001']);
    const vex = join(dir, 'vex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [{ vulnerability: { name: 'CVE-2024-0001' }, status: 'not_affected' }],
      }),
    );
    assert.deepEqual(ids((await scan('--ignorefile', vex, '-o', 'json')).stdout).sort(), [
      'CVE-2021-23337',
      'CVE-2024-0002',
    ]);
    assert.equal(ids((await scan('--ignorefile', list, '--include-snoozed', '-o', 'json')).stdout).length, 3);
  });

  it('--fail-on-coverage-gap makes a gap fatal; a missing DB says how to build one', async () => {
    const g = await scan('--fail-on-coverage-gap', '-o', 'json');
    assert.equal(g.code, 1);
    assert.match(g.stderr, /ERROR:\tcoverage gaps found: MATCH_ECOSYSTEM_UNCOVERED/);
    const m = await runCli(['image', 'scan', rootfs, '--db', join(dir, 'nope.db')], { env });
    assert.equal(m.code, 1);
    assert.match(m.stderr, /^ERROR:\tno vulnerability database at .*rampart vulndb update.*vulndb import/m);
  });
});
