import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { imageDataFromScan, imageNameOf, layerFromCreatedBy } from '../../../src/cli/image-data-from-scan.js';
import { buildPolicyCheckResult } from '../../../src/cli/render-policy-results.js';
import { runPolicyEvaluation } from '../../../src/cli/run-policy-evaluation.js';
import type { Policy } from '../../../src/policy/index.js';
import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { writeRootfs } from '../../helpers/image-writers.js';
import { runCli } from '../../helpers/run-cli.js';
import { sarif210Validator } from '../../helpers/schema-validators.js';
import {
  bookworm,
  buildStore,
  debianOpensslAdvisory,
  indexOf,
  pkgOf,
} from '../../helpers/vuln-store-builder.js';

const NOW = new Date('2026-11-24T00:00:00Z');

function cvePolicy(name: string, cve: string, enforce: boolean): Policy {
  return {
    id: `test-${name}`,
    name,
    description: `Flags images with ${cve}.`,
    remediation: 'Upgrade openssl and rebuild.',
    disabled: false,
    categories: ['Vulnerability Management'],
    lifecycleStages: ['BUILD', 'DEPLOY'],
    eventSource: 'NOT_APPLICABLE',
    severity: 'HIGH_SEVERITY',
    enforcementActions: enforce ? ['FAIL_BUILD_ENFORCEMENT'] : [],
    policyVersion: '1.1',
    policySections: [{ sectionName: '', policyGroups: [{ fieldName: 'CVE', values: [{ value: cve }] }] }],
  } as unknown as Policy;
}

const libssl = pkgOf({
  name: 'libssl3',
  version: '3.0.11-1~deb12u2',
  type: 'deb',
  source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
});

describe('image data from a scan (IndexReport + VulnReport → storage.Image)', () => {
  it('reads Docker history into instruction and value', () => {
    assert.deepEqual(layerFromCreatedBy('/bin/sh -c #(nop)  CMD ["bash"]'), {
      instruction: 'CMD',
      value: '["bash"]',
    });
    assert.deepEqual(layerFromCreatedBy('/bin/sh -c apt-get update'), {
      instruction: 'RUN',
      value: 'apt-get update',
    });
    assert.deepEqual(layerFromCreatedBy('RUN /bin/sh -c apt-get install -y curl # buildkit'), {
      instruction: 'RUN',
      value: '/bin/sh -c apt-get install -y curl',
    });
    assert.deepEqual(layerFromCreatedBy('COPY app /app # buildkit'), {
      instruction: 'COPY',
      value: 'app /app',
    });
  });

  it('names registry references and keeps paths as they are', () => {
    assert.deepEqual(imageNameOf('127.0.0.1:5000/fixture/debian-apps:latest'), {
      registry: '127.0.0.1:5000',
      remote: 'fixture/debian-apps',
      tag: 'latest',
      fullName: '127.0.0.1:5000/fixture/debian-apps:latest',
    });
    assert.deepEqual(imageNameOf('./images/app.tar'), {
      remote: './images/app.tar',
      fullName: './images/app.tar',
    });
    assert.equal(imageNameOf('oci:./layout', ['quay.io/org/app:2']).fullName, 'quay.io/org/app:2');
  });

  it('puts components, their vulnerabilities and the Dockerfile into the image, so BUILD policies see them', () => {
    const store = buildStore({
      debian: [debianOpensslAdvisory('CVE-2024-0001', '3.0.13-1~deb12u1', 'CVE-2024-0001 in openssl')],
    });
    try {
      const index = indexOf([libssl], bookworm);
      index.image.user = 'root';
      index.image.created = '2024-01-02T03:04:05Z';
      const image = imageDataFromScan(index, matchReport(index, store, { now: NOW }));
      const c = image.scan!.components![0]!;
      assert.equal(c.name, 'libssl3');
      assert.equal(c.source, 'OS');
      assert.equal(c.fixedBy, '3.0.13-1~deb12u1');
      assert.deepEqual(
        c.vulns!.map((v) => [v.cve, v.severity, v.fixedBy, v.state]),
        [['CVE-2024-0001', 'IMPORTANT_VULNERABILITY_SEVERITY', '3.0.13-1~deb12u1', 'OBSERVED']],
      );
      assert.equal(image.scan!.operatingSystem, 'debian:12');
      assert.deepEqual(image.metadata!.v1!.layers, [
        { instruction: 'RUN', value: 'apt-get install -y openssl', created: '2024-01-02T03:04:05Z' },
      ]);
      assert.equal(image.metadata!.v1!.user, 'root');
      const entities = runPolicyEvaluation({
        policies: [cvePolicy('breaks', 'CVE-2024-0001', true), cvePolicy('absent', 'CVE-1999-0001', true)],
        stage: 'BUILD',
        images: [image],
        now: NOW,
      });
      const result = buildPolicyCheckResult(entities, 'BUILD');
      assert.deepEqual(
        result.results[0]!.violatedPolicies.map((p) => [p.name, p.failingCheck]),
        [['breaks', true]],
      );
      assert.match(result.results[0]!.violatedPolicies[0]!.violation[0]!, /CVE-2024-0001/);
    } finally {
      store.close();
    }
  });

  it('without a VulnReport marks the scan partial and lists no vulnerabilities', () => {
    const image = imageDataFromScan(indexOf([libssl], bookworm));
    assert.deepEqual(image.scan!.components![0]!.vulns, []);
    assert.deepEqual(image.scan!.notes, ['PARTIAL_SCAN_DATA']);
  });
});

describe('rampart image check (CLI, local root filesystem and DB)', function () {
  this.timeout(120_000);
  let dir: string;
  let db: string;
  let rootfs: string;
  let breaking: string;
  let passing: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-image-check-'));
    rootfs = join(dir, 'rootfs');
    writeRootfs(rootfs, {
      'etc/os-release':
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
      'var/lib/dpkg/status':
        'Package: libssl3\nStatus: install ok installed\nPriority: optional\nSection: libs\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nDescription: Secure Sockets Layer toolkit\n\n',
    });
    const store = buildStore(
      { debian: [debianOpensslAdvisory('CVE-2024-0001', '3.0.13-1~deb12u1', 'CVE-2024-0001 in openssl')] },
      dir,
    );
    db = store.path;
    store.close();
    breaking = join(dir, 'breaking.json');
    passing = join(dir, 'passing.json');
    writeFileSync(breaking, JSON.stringify(cvePolicy('OpenSSL CVE-2024-0001', 'CVE-2024-0001', true)));
    writeFileSync(passing, JSON.stringify(cvePolicy('Ancient CVE', 'CVE-1999-0001', true)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = (...extra: string[]) =>
    runCli(['image', 'check', '-i', `rootfs:${rootfs}`, '--db', db, '--no-cache', ...extra]);

  it('breaks the build on a CVE the DB reports: table, roxctl error lines, exit 1', async () => {
    const r = await check('--policy', breaking);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Policy check results for image: /);
    assert.match(r.stdout, /\(TOTAL: 1, LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0\)/);
    assert.match(r.stdout, /BREAKS BUILD/);
    assert.match(
      r.stderr,
      /^ERROR:\tPolicy "OpenSSL CVE-2024-0001" - Possible remediation: "Upgrade openssl and rebuild\."$/m,
    );
    assert.ok(
      r.stderr.endsWith('ERROR:\tfailed policies found: 1 policies violated that are failing the check\n'),
      r.stderr,
    );
  });

  it('passes with a policy on a CVE that is not there (exit 0), and in json/junit/sarif', async () => {
    const r = await check('--policy', passing, '-o', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      results: [],
      summary: { CRITICAL: 0, HIGH: 0, LOW: 0, MEDIUM: 0, TOTAL: 0 },
    });
    const sarif = await check('--policy', breaking, '-o', 'sarif', '--exit-code', '4');
    assert.equal(sarif.code, 4);
    const log = JSON.parse(sarif.stdout);
    assert.equal(sarif210Validator()(log), undefined);
    assert.equal(log.runs[0].results[0].ruleId, 'OpenSSL CVE-2024-0001');
    const junit = await check('--policy', breaking, '-o', 'junit');
    assert.match(
      junit.stdout,
      /^<testsuite name="image-check" tests="1" failures="1" skipped="0" errors="0">/,
    );
  });

  it('without a vulnerability DB it refuses to gate (exit 1, says what to do)', async () => {
    const r = await runCli([
      'image',
      'check',
      '-i',
      `rootfs:${rootfs}`,
      '--db',
      join(dir, 'none.db'),
      '--no-cache',
      '--policy',
      passing,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ERROR:\tno vulnerability database at .*rampart vulndb/m);
  });
});
