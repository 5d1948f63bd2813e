/**
 * `rampart image scan -o sarif|junit|cyclonedx|spdx-json` through the built CLI on a small root
 * filesystem and a hand-built DB: the matcher's real VulnReport, rendered by each machine format,
 * passes its official schema (JUnit: a real XML parser), and the formats agree on the findings.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { writeRootfs } from '../../helpers/image-writers.js';
import { runCli } from '../../helpers/run-cli.js';
import {
  cycloneDx16Validator,
  junitXmlErrors,
  sarif210Validator,
  spdx23Validator,
} from '../../helpers/schema-validators.js';
import { advisoryOf, affectedOf, buildStore } from '../../helpers/vuln-store-builder.js';

/** Test-side view of parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('image scan machine formats (built CLI)', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'rampart-scan-formats-'));
  const rootfs = join(dir, 'rootfs');
  const env = { RAMPART_CACHE_DIR: join(dir, 'cache'), RAMPART_DB: '' };
  const out: Record<string, string> = {};

  before(async () => {
    writeRootfs(rootfs, {
      'etc/os-release':
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
      'var/lib/dpkg/status':
        'Package: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n',
      'app/node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.15"}',
      'app/vendor/Gemfile.lock':
        'GEM\n  specs:\n    rack (2.0.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n',
    });
    mkdirSync(join(dir, 'db'));
    const store = buildStore(
      {
        debian: [
          {
            kind: 'advisory',
            advisory: advisoryOf('CVE-2024-0001@Debian', 'debian', {
              aliases: ['CVE-2024-0001'],
              summary: 'overflow in <x509> & "name" checks',
            }),
            affected: [
              affectedOf('Debian:12', 'openssl', {
                scheme: 'dpkg',
                state: 'fixed',
                fixedVersions: ['3.0.13-1~deb12u1'],
                severity: { source: 'vendor', name: 'high', cvss: [] },
              }),
            ],
          },
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
    for (const o of ['sarif', 'junit', 'cyclonedx', 'spdx-json']) {
      const r = await runCli(['image', 'scan', rootfs, '--db', join(dir, 'db', 'rampart.db'), '-o', o], {
        env,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /Scan results for image/, 'machine formats print no human summary');
      out[o] = r.stdout;
    }
  });

  const expected = [
    ['CVE-2024-0001', 'libssl3'],
    ['CVE-2024-0002', 'libssl3'],
    ['CVE-2021-23337', 'lodash'],
  ];

  it('sarif: valid SARIF 2.1.0 with one result per finding and the coverage gap noted', () => {
    const doc = JSON.parse(out.sarif!) as Json;
    assert.equal(sarif210Validator()(doc), undefined);
    const run = doc.runs[0];
    assert.deepEqual(run.results.map((r: Json) => [r.ruleId, r.level]).sort(), [
      ['CVE-2021-23337_lodash_4.17.15', 'error'],
      ['CVE-2024-0001_libssl3_3.0.11-1~deb12u2', 'error'],
      ['CVE-2024-0002_libssl3_3.0.11-1~deb12u2', 'note'],
    ]);
    assert.deepEqual(
      run.invocations[0].toolExecutionNotifications.map((n: Json) => n.descriptor.id),
      ['MATCH_ECOSYSTEM_UNCOVERED'],
    );
    assert.equal(
      run.results[0].locations[0].physicalLocation.artifactLocation.uri,
      encodeURI(`rootfs:${rootfs}`),
    );
  });

  it('junit: validates against junit-10.xsd, counts match, summaries with markup survive escaping', async () => {
    assert.equal(XMLValidator.validate(out.junit!), true);
    assert.equal(await junitXmlErrors(out.junit!), undefined);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => n === 'testcase',
    }).parse(out.junit!) as Json;
    const suite = doc.testsuites.testsuite;
    assert.equal(suite.tests, '3');
    assert.equal(suite.failures, '3');
    assert.deepEqual(
      suite.testcase.map((c: Json) => [c.name, c.classname.split('@')[0]]).sort(),
      [...expected].sort(),
    );
    const c1 = suite.testcase.find((c: Json) => c.name === 'CVE-2024-0001');
    assert.equal(
      c1.failure.message,
      'CVE-2024-0001 (IMPORTANT) in libssl3 3.0.11-1~deb12u2: overflow in <x509> & "name" checks',
    );
    assert.match(suite['system-err'], /^WARN MATCH_ECOSYSTEM_UNCOVERED: .*RubyGems/);
  });

  it('cyclonedx: valid CycloneDX 1.6, every affects ref is a component of the BOM', () => {
    const bom = JSON.parse(out.cyclonedx!) as Json;
    assert.equal(cycloneDx16Validator()(bom), undefined);
    const refs = new Set(bom.components.map((c: Json) => c['bom-ref']));
    assert.deepEqual(
      bom.vulnerabilities.map((v: Json) => [v.id, v.analysis.state, v.analysis.response ?? []]).sort(),
      [
        ['CVE-2021-23337', 'exploitable', ['update']],
        ['CVE-2024-0001', 'exploitable', ['update']],
        ['CVE-2024-0002', 'exploitable', ['will_not_fix']],
      ],
    );
    for (const v of bom.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref), a.ref);
    const lodash = bom.vulnerabilities.find((v: Json) => v.id === 'CVE-2021-23337');
    assert.deepEqual(lodash.ratings[0], {
      source: { name: 'vendor' },
      score: 7.2,
      severity: 'high',
      method: 'CVSSv31',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H',
    });
  });

  it('spdx-json: valid SPDX 2.3 with one SECURITY advisory reference per finding', () => {
    const doc = JSON.parse(out['spdx-json']!) as Json;
    assert.equal(spdx23Validator()(doc), undefined);
    const pairs = (doc.packages as Json[]).flatMap((p) =>
      ((p.externalRefs ?? []) as Json[])
        .filter((r) => r.referenceCategory === 'SECURITY')
        .map((r) => [r.comment.split(' ')[0], p.name]),
    );
    assert.deepEqual(pairs.sort(), [...expected].sort());
    assert.match(doc.creationInfo.comment, /WARN MATCH_ECOSYSTEM_UNCOVERED/);
  });
});
