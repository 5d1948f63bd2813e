/**
 * `rampart policy evaluate` inputs beyond manifests and policies: a Rampart VulnReport as
 * --image-data, --process-baseline, --cluster, --network-flow and --file-access; and policy
 * directories for list, validate and import.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { imageDataFromScan, imageDataFromVulnReport } from '../../../src/cli/image-data-from-scan.js';
import type { IndexReport } from '../../../src/model/index-report.js';
import type { VulnReport } from '../../../src/model/vuln-report.js';
import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { reportJsonVulnRenderer } from '../../../src/scanner/report/json/render-vulns.js';
import { runCli } from '../../helpers/run-cli.js';
import {
  bookworm,
  buildStore,
  debianOpensslAdvisory,
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
    debian: [debianOpensslAdvisory()],
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

  describe('RUNTIME events', () => {
    const runtime = (...args: string[]) =>
      runCli(['policy', 'evaluate', '--stage', 'RUNTIME', '-f', at('shop.yaml'), ...args, '-o', 'json']);
    const unexpectedProcess = {
      ...basePolicy,
      name: 'Process outside the baseline',
      lifecycleStages: ['RUNTIME'],
      eventSource: 'DEPLOYMENT_EVENT',
      policySections: groups(['Unexpected Process Executed', 'true']),
    };
    const process = (path: string) => ({
      containerName: 'api',
      namespace: 'shop',
      signal: { name: path.split('/').pop(), execFilePath: path, args: '-c true', uid: 1000 },
    });
    const baseline = {
      key: { containerName: 'api', namespace: 'shop' },
      elements: [
        { element: { processName: '/usr/local/bin/api-server' } },
        { element: { processName: '/bin/sh' } },
      ],
      userLockedTimestamp: '2025-01-01T00:00:00Z',
    };

    it('--process-baseline: a process in the locked baseline is expected, one outside it is not', async () => {
      write('unexpected.json', unexpectedProcess);
      write('baseline.json', baseline);
      write('in-baseline.json', process('/bin/sh'));
      write('outside.json', process('/usr/bin/curl'));
      const args = (proc: string, withBaseline = true) => [
        '--policy',
        at('unexpected.json'),
        '--process',
        at(proc),
        ...(withBaseline ? ['--process-baseline', at('baseline.json')] : []),
      ];
      const inside = await runtime(...args('in-baseline.json'));
      assert.equal(inside.code, 0, inside.stderr);
      assert.deepEqual(byEntity(inside.stdout), {});
      const outside = await runtime(...args('outside.json'));
      assert.equal(outside.code, 0, outside.stderr);
      assert.deepEqual(byEntity(outside.stdout), {
        api: {
          'Process outside the baseline': [
            "Binary '/usr/bin/curl' executed with arguments '-c true' under user ID 1000",
          ],
        },
      });
      const noBaseline = await runtime(...args('outside.json', false));
      assert.deepEqual(byEntity(noBaseline.stdout), {}, 'without a locked baseline nothing is unexpected');
    });

    it('--network-flow: judged for the workload the flow names, with the NETWORK_FLOW message', async () => {
      write('flow-policy.json', {
        ...basePolicy,
        name: 'Unexpected flow',
        lifecycleStages: ['RUNTIME'],
        eventSource: 'DEPLOYMENT_EVENT',
        policySections: groups(['Unexpected Network Flow Detected', 'true']),
      });
      const flow = (notInNetworkBaseline: boolean) => ({
        srcEntityName: 'web',
        srcEntityType: 'DEPLOYMENT',
        dstEntityName: 'payments-db',
        dstEntityType: 'EXTERNAL_SOURCE',
        dstPort: 5432,
        l4Protocol: 'L4_PROTOCOL_TCP',
        notInNetworkBaseline,
      });
      write('flow-new.json', flow(true));
      write('flow-known.json', flow(false));
      const fresh = await runtime('--policy', at('flow-policy.json'), '--network-flow', at('flow-new.json'));
      assert.equal(fresh.code, 0, fresh.stderr);
      assert.deepEqual(byEntity(fresh.stdout), {
        web: {
          'Unexpected flow': [
            "Unexpected network flow found in deployment. Source name: 'web'. Destination name: 'payments-db'. Destination port: '5432'. Protocol: 'L4_PROTOCOL_TCP'.",
          ],
        },
      });
      const known = await runtime(
        '--policy',
        at('flow-policy.json'),
        '--network-flow',
        at('flow-known.json'),
      );
      assert.equal(known.code, 0, known.stderr);
      assert.deepEqual(byEntity(known.stdout), {});
      write('flow-elsewhere.json', { ...flow(true), srcEntityName: 'billing' });
      const elsewhere = await runtime(
        '--policy',
        at('flow-policy.json'),
        '--network-flow',
        at('flow-elsewhere.json'),
      );
      assert.equal(elsewhere.code, 1);
      assert.match(errorLines(elsewhere.stderr)[0]!, /the network flow names none of the workloads/);
    });

    it('--file-access: a node event judged by NODE_EVENT policies, without manifests', async () => {
      write('file-policy.json', {
        ...basePolicy,
        name: 'Shadow file changed',
        lifecycleStages: ['RUNTIME'],
        eventSource: 'NODE_EVENT',
        enforcementActions: ['KILL_POD_ENFORCEMENT'],
        policySections: groups(['File Path', '/etc/shadow'], ['File Operation', 'OPEN']),
      });
      const access = (actualPath: string, operation: string) => ({
        file: { actualPath },
        operation,
        hostname: 'worker-1',
      });
      const run = (file: string) =>
        runCli([
          'policy',
          'evaluate',
          '--stage',
          'RUNTIME',
          '--policy',
          at('file-policy.json'),
          '--file-access',
          at(file),
          '-o',
          'json',
        ]);
      write('shadow-open.json', access('/etc/shadow', 'OPEN'));
      const hit = await run('shadow-open.json');
      assert.equal(hit.code, 1, 'KILL_POD_ENFORCEMENT fails the RUNTIME check');
      const out = JSON.parse(hit.stdout);
      assert.deepEqual(out.results[0].metadata.additionalInfo, {
        name: 'worker-1',
        namespace: '',
        type: 'Node',
      });
      assert.deepEqual(byEntity(hit.stdout), {
        'worker-1': { 'Shadow file changed': ["'/etc/shadow' accessed (OPEN)"] },
      });
      write('shadow-unlink.json', access('/etc/shadow', 'UNLINK'));
      write('passwd-open.json', access('/etc/passwd', 'OPEN'));
      for (const f of ['shadow-unlink.json', 'passwd-open.json']) {
        const miss = await run(f);
        assert.equal(miss.code, 0, miss.stderr);
        assert.deepEqual(byEntity(miss.stdout), {}, f);
      }
      const mixed = await runCli([
        'policy',
        'evaluate',
        '--stage',
        'RUNTIME',
        '-f',
        at('shop.yaml'),
        '--file-access',
        at('shadow-open.json'),
        '--process',
        at('outside.json'),
      ]);
      assert.equal(mixed.code, 1);
      assert.equal(errorLines(mixed.stderr).length, 1);
      assert.match(errorLines(mixed.stderr)[0]!, /file-access event is a node event judged on its own/);
    });

    it('refuses a runtime event file of the wrong kind with one line', async () => {
      const r = await runtime('--network-flow', at('outside.json'));
      assert.equal(r.code, 1);
      assert.deepEqual(errorLines(r.stderr), [
        `ERROR:\t${at('outside.json')}: not a network flow (NetworkFlowDetails) (no "dstEntityName" field)`,
      ]);
    });
  });

  describe('--cluster and policy scopes', () => {
    it('leaves out a policy scoped to another cluster', async () => {
      const privileged = (name: string, cluster: string) => ({
        ...basePolicy,
        name,
        lifecycleStages: ['DEPLOY'],
        scope: [{ cluster }],
        policySections: groups(['Namespace', 'shop']),
      });
      mkdirSync(at('scoped'));
      write('scoped/prod.json', privileged('Prod only', 'prod'));
      write('scoped/staging.json', privileged('Staging only', 'staging'));
      const names = async (cluster?: string) => {
        const r = await runCli([
          'policy',
          'evaluate',
          '-f',
          at('shop.yaml'),
          '--policy',
          at('scoped'),
          ...(cluster ? ['--cluster', cluster] : []),
          '-o',
          'json',
        ]);
        assert.equal(r.code, 0, r.stderr);
        return Object.values(byEntity(r.stdout)).map((policies) => Object.keys(policies));
      };
      assert.deepEqual(await names('prod'), [['Prod only'], ['Prod only']]);
      assert.deepEqual(await names('staging'), [['Staging only'], ['Staging only']]);
      assert.deepEqual(await names('dev'), []);
    });
  });

  describe('policy list, validate and import with directories', () => {
    const policyNamed = (name: string) => ({
      ...basePolicy,
      name,
      lifecycleStages: ['DEPLOY'],
      policySections: groups(['Privileged Container', 'true']),
    });
    before(() => {
      mkdirSync(at('set/nested'), { recursive: true });
      write('set/a.json', policyNamed('Policy A'));
      write('set/b.json', policyNamed('Policy B'));
      write('set/nested/export.json', { policies: [policyNamed('Policy C'), policyNamed('Policy D')] });
      write('set/notes.txt', 'not a policy');
      mkdirSync(at('broken'));
      write('broken/a.json', policyNamed('Policy A'));
      write('broken/z-bad.json', '{"name": "Half a policy", ');
    });

    it('list, validate and import read every *.json under a directory', async () => {
      const list = await runCli(['policy', 'list', at('set'), '-o', 'json']);
      assert.equal(list.code, 0, list.stderr);
      assert.deepEqual(
        JSON.parse(list.stdout).map((p: { name: string }) => p.name),
        ['Policy A', 'Policy B', 'Policy C', 'Policy D'],
      );
      const validate = await runCli(['policy', 'validate', at('set')]);
      assert.equal(validate.code, 0, validate.stdout + validate.stderr);
      assert.equal(validate.stdout.trim(), '4 policies valid');
      const target = at('imported');
      const imported = await runCli(['policy', 'import', at('set'), '--policies-dir', target]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.deepEqual(readdirSync(target).sort(), [
        'policy-a.json',
        'policy-b.json',
        'policy-c.json',
        'policy-d.json',
      ]);
    });

    it('a malformed file in a directory is one clear error naming it', async () => {
      const nameIt =
        /broken\/z-bad\.json: not valid JSON \(.+\); a policy file holds one StackRox policy or \{"policies": \[\.\.\.\]\}/;
      const list = await runCli(['policy', 'list', at('broken')]);
      assert.equal(list.code, 1);
      assert.equal(list.stdout, '');
      assert.equal(errorLines(list.stderr).length, 1, list.stderr);
      assert.match(errorLines(list.stderr)[0]!, nameIt);
      const validate = await runCli(['policy', 'validate', at('broken')]);
      assert.equal(validate.code, 1);
      assert.match(validate.stdout.trim(), nameIt);
      assert.equal(validate.stdout.trim().split('\n').length, 1, 'only the broken file has a problem');
      assert.equal(errorLines(validate.stderr).length, 1, validate.stderr);
      const target = at('not-imported');
      const imported = await runCli(['policy', 'import', at('broken'), '--policies-dir', target]);
      assert.equal(imported.code, 1);
      assert.equal(errorLines(imported.stderr).length, 1, imported.stderr);
      assert.match(errorLines(imported.stderr)[0]!, nameIt);
      assert.deepEqual(readdirSync(dir).includes('not-imported'), false, 'nothing written');
    });
  });
});
