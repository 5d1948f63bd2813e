/**
 * `rampart policy evaluate` inputs beyond manifests and policies: a Rampart VulnReport as
 * --image-data, --process-baseline, --cluster, --network-flow and --file-access; and policy
 * directories for list, validate and import.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { imageDataFromScan, imageDataFromVulnReport } from '../../../src/cli/image-data-from-scan.js';
import type { IndexReport } from '../../../src/model/index-report.js';
import type { VulnReport } from '../../../src/model/vuln-report.js';
import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { reportJsonVulnRenderer } from '../../../src/scanner/report/json/render-vulns.js';
import { runCli } from '../../helpers/run-cli.js';
import {
  advisoryOf,
  affectedOf,
  bookworm,
  buildStore,
  indexOf,
  pkgOf,
} from '../../helpers/vuln-store-builder.js';

const NOW = new Date('2026-11-24T00:00:00Z');
const API_IMAGE = 'registry.example.org/shop/api:2.0';

const basePolicy = {
  description: 'test policy',
  remediation: 'fix it',
  severity: 'HIGH_SEVERITY',
  categories: ['Test'],
  policyVersion: '1.1',
};
const groups = (...gs: [string, string][]) => [
  { policyGroups: gs.map(([fieldName, value]) => ({ fieldName, values: [{ value }] })) },
];

const cvePolicy = {
  ...basePolicy,
  name: 'OpenSSL CVE-2024-0001',
  lifecycleStages: ['DEPLOY'],
  policySections: groups(['CVE', 'CVE-2024-0001']),
};
const unscannedPolicy = {
  ...basePolicy,
  name: 'Unscanned image',
  lifecycleStages: ['DEPLOY'],
  policySections: groups(['Unscanned Image', 'true']),
};

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ${API_IMAGE}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example.org/shop/web:1.0
`;

interface Entity {
  metadata: { additionalInfo: { name: string; type: string } };
  violatedPolicies: { name: string; violation: string[] }[];
}
const byEntity = (stdout: string): Record<string, Record<string, string[]>> =>
  Object.fromEntries(
    (JSON.parse(stdout) as { results: Entity[] }).results.map((e) => [
      e.metadata.additionalInfo.name,
      Object.fromEntries(e.violatedPolicies.map((p) => [p.name, p.violation])),
    ]),
  );
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('ERROR:'));

/** A real VulnReport: an IndexReport with a vulnerable libssl3 and a clean zlib, matched against a DB. */
function scanOf(reference: string): { index: IndexReport; report: VulnReport } {
  const store = buildStore({
    debian: [
      {
        kind: 'advisory',
        advisory: advisoryOf('CVE-2024-0001@Debian', 'debian', { aliases: ['CVE-2024-0001'] }),
        affected: [
          affectedOf('Debian:12', 'openssl', {
            scheme: 'dpkg',
            state: 'fixed',
            fixedVersions: ['3.0.13-1~deb12u1'],
            severity: { source: 'vendor', name: 'high', cvss: [] },
          }),
        ],
      },
    ],
  });
  try {
    const index = indexOf(
      [
        pkgOf({
          name: 'libssl3',
          version: '3.0.11-1~deb12u2',
          type: 'deb',
          source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
        }),
        pkgOf({ name: 'zlib1g', version: '1:1.2.13.dfsg-1', type: 'deb' }),
      ],
      bookworm,
    );
    index.image = {
      ...index.image,
      reference,
      sourceKind: 'registry',
      manifestDigest: 'sha256:' + '1'.repeat(64),
      user: 'root',
    };
    return { index, report: matchReport(index, store, { now: NOW }) };
  } finally {
    store.close();
  }
}

describe('VulnReport as image data (same conversion as image check)', () => {
  it('gives the storage.Image of the full scan, restricted to components with findings', () => {
    const { index, report } = scanOf(API_IMAGE);
    assert.equal(report.findings.length, 1, 'libssl3 is vulnerable, zlib1g is not');
    const full = imageDataFromScan(index, report);
    const fromReport = imageDataFromVulnReport(report);
    assert.equal(full.scan!.components!.length, 2);
    assert.deepEqual(fromReport, {
      ...full,
      scan: {
        ...full.scan,
        components: full.scan!.components!.filter((c) => (c.vulns ?? []).length > 0),
      },
    });
    assert.equal(fromReport.name!.fullName, API_IMAGE);
    assert.equal(fromReport.scan!.components![0]!.vulns![0]!.cve, 'CVE-2024-0001');
  });
});

describe('rampart policy evaluate inputs (built CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  const at = (f: string) => join(dir, f);
  const write = (f: string, v: unknown) =>
    writeFileSync(at(f), typeof v === 'string' ? v : JSON.stringify(v, null, 2));

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-policy-inputs-'));
    write('shop.yaml', manifests);
    write('cve.json', cvePolicy);
    write('unscanned.json', unscannedPolicy);
    write(
      'api-report.json',
      reportJsonVulnRenderer.render(scanOf(API_IMAGE).report, { now: NOW, uuid: 'x' }),
    );
    write(
      'other-report.json',
      reportJsonVulnRenderer.render(scanOf('registry.example.org/shop/other:1.0').report, {
        now: NOW,
        uuid: 'x',
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('--image-data with a Rampart VulnReport', () => {
    const evaluate = (report: string) =>
      runCli([
        'policy',
        'evaluate',
        '-f',
        at('shop.yaml'),
        '--policy',
        at('cve.json'),
        '--policy',
        at('unscanned.json'),
        '--image-data',
        at(report),
        '-o',
        'json',
      ]);

    it('trips a CVE policy on the deployment running that image; the other image stays unscanned', async () => {
      const r = await evaluate('api-report.json');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(byEntity(r.stdout), {
        api: {
          'OpenSSL CVE-2024-0001': [
            // StackRox's CVE printer: CVSS is context (an unscored vuln reads 0); "resolved by" only with Fixed By/Fixable.
            "CVE-2024-0001 (CVSS 0) (severity Important) found in component 'libssl3' (version 3.0.11-1~deb12u2) in container 'api'",
          ],
        },
        web: { 'Unscanned image': ["Image in container 'web' has not been scanned"] },
      });
    });

    it('leaves a container unscanned when the report is for another image', async () => {
      const r = await evaluate('other-report.json');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(byEntity(r.stdout), {
        api: { 'Unscanned image': ["Image in container 'api' has not been scanned"] },
        web: { 'Unscanned image': ["Image in container 'web' has not been scanned"] },
      });
    });

    it('refuses a damaged VulnReport or an IndexReport with one line naming the file', async () => {
      const damaged = JSON.parse(
        reportJsonVulnRenderer.render(scanOf(API_IMAGE).report, { now: NOW, uuid: 'x' }),
      );
      delete damaged.findings[0].package.purl;
      write('damaged.json', damaged);
      const bad = await evaluate('damaged.json');
      assert.equal(bad.code, 1);
      assert.equal(bad.stdout, '');
      assert.deepEqual(errorLines(bad.stderr).length, 1, bad.stderr);
      assert.match(
        errorLines(bad.stderr)[0]!,
        /^ERROR:\t.*damaged\.json: not a valid VulnReport \(at \/findings\/0\/package .*purl.*\); pass the output of "rampart image scan IMAGE -o report-json" unchanged$/,
      );
      write('index.json', scanOf(API_IMAGE).index);
      const index = await evaluate('index.json');
      assert.equal(index.code, 1);
      assert.match(
        errorLines(index.stderr)[0]!,
        /index\.json: is a Rampart IndexReport, which has no vulnerability data/,
      );
    });
  });
});
