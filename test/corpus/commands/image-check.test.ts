/**
 * `rampart image check` end to end on the real `debian-apps` fixture image pulled from a local
 * registry, with a vulnerability DB imported from ../shared/vulndata (Debian OVAL): a policy on a
 * CVE the image has breaks the build, one on a CVE it lacks does not.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureFixtureImages, sharedAvailable, type FixtureImages } from '../../helpers/fixture-images.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/local-registry.js';
import { runCli } from '../../helpers/run-cli.js';
import { sarif210Validator } from '../../helpers/schema-validators.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));

function cvePolicy(name: string, cve: string, stage: 'BUILD' | 'DEPLOY' = 'BUILD'): object {
  return {
    id: `corpus-${cve}`,
    name,
    description: `Flags images with ${cve}.`,
    remediation: 'Rebuild on a patched base image.',
    disabled: false,
    categories: ['Vulnerability Management'],
    lifecycleStages: [stage],
    eventSource: 'NOT_APPLICABLE',
    severity: 'HIGH_SEVERITY',
    enforcementActions: [stage === 'BUILD' ? 'FAIL_BUILD_ENFORCEMENT' : 'SCALE_TO_ZERO_ENFORCEMENT'],
    policyVersion: '1.1',
    policySections: [{ sectionName: '', policyGroups: [{ fieldName: 'CVE', values: [{ value: cve }] }] }],
  };
}

describe('image check on debian-apps from a local registry (corpus)', function () {
  this.timeout(600_000);
  let fixtures: FixtureImages;
  let reg: LocalRegistry | undefined;
  let dir: string;
  let db: string;

  before(async function () {
    if (!sharedAvailable() || !existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    fixtures = await ensureFixtureImages();
    reg = await startLocalRegistry('none', fixtures.dir);
    dir = mkdtempSync(join(tmpdir(), 'rampart-image-check-corpus-'));
    db = join(dir, 'rampart.db');
    const t = Date.now();
    const imp = await runCli(['vulndb', 'import', join(vulndata, 'debian-oval'), '--db', db]);
    assert.equal(imp.code, 0, imp.stderr);
    console.log(`    vulndb import debian-oval: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    writeFileSync(join(dir, 'present.json'), JSON.stringify(cvePolicy('apt CVE-2011-3374', 'CVE-2011-3374')));
    writeFileSync(join(dir, 'absent.json'), JSON.stringify(cvePolicy('Log4Shell only', 'CVE-2021-44228')));
  });
  after(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const check = (...extra: string[]) =>
    runCli([
      'image',
      'check',
      '-i',
      `${reg!.host}/fixture/debian-apps:latest`,
      '--db',
      db,
      '--cache-dir',
      join(dir, 'cache'),
      ...extra,
    ]);

  it('breaks the build on a CVE present in the image (exit 1, roxctl error lines)', async () => {
    const t = Date.now();
    const r = await check('--policy', join(dir, 'present.json'));
    console.log(`    image check (cold cache): ${((Date.now() - t) / 1000).toFixed(1)} s`);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^Policy check results for image: ${reg!.host}/fixture/debian-apps:latest`),
    );
    assert.match(r.stdout, /CVE-2011-3374/);
    assert.match(
      r.stderr,
      /^ERROR:\tPolicy "apt CVE-2011-3374" - Possible remediation: "Rebuild on a patched base image\."$/m,
    );
    assert.ok(
      r.stderr.endsWith('ERROR:\tfailed policies found: 1 policies violated that are failing the check\n'),
    );
  });

  it('passes with a policy on a CVE the image does not have (exit 0)', async () => {
    const t = Date.now();
    const r = await check('--policy', join(dir, 'absent.json'), '-o', 'json');
    console.log(`    image check (warm cache): ${((Date.now() - t) / 1000).toFixed(1)} s`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).summary.TOTAL, 0);
  });

  it('evaluates the built-in BUILD policies on the real image; SARIF and JUnit are well formed', async () => {
    const r = await check('-o', 'json');
    const json = JSON.parse(r.stdout);
    const names = (json.results[0]?.violatedPolicies ?? []).map((p: { name: string }) => p.name);
    console.log(`    default BUILD policies violated by debian-apps: ${names.join('; ') || 'none'}`);
    // debian-apps installs packages with apt in its Dockerfile and keeps apt: the package
    // manager policy must fire on a Debian image.
    assert.ok(names.includes('Debian or Ubuntu package manager in image'), names.join('; '));
    assert.equal(
      r.code,
      json.results.some((x: { violatedPolicies: Array<{ failingCheck: boolean }> }) =>
        x.violatedPolicies.some((p) => p.failingCheck),
      )
        ? 1
        : 0,
    );
    const sarif = await check('--policy', join(dir, 'present.json'), '-o', 'sarif');
    assert.equal(sarif210Validator()(JSON.parse(sarif.stdout)), undefined);
    const junit = await check('--policy', join(dir, 'present.json'), '-o', 'junit');
    assert.match(
      junit.stdout,
      /<testsuite name="image-check" tests="1" failures="1" skipped="0" errors="0">/,
    );
  });

  it('deployment check --scan-images scans the workload image, so a CVE policy breaks the deploy', async () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: apps, namespace: shop}',
      'spec:',
      '  selector: {matchLabels: {app: apps}}',
      '  template:',
      '    metadata: {labels: {app: apps}}',
      '    spec:',
      '      containers:',
      `        - {name: apps, image: ${reg!.host}/fixture/debian-apps:latest}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'deploy.yaml'), manifest);
    writeFileSync(
      join(dir, 'deploy-policy.json'),
      JSON.stringify(cvePolicy('apt CVE at deploy', 'CVE-2011-3374', 'DEPLOY')),
    );
    const args = [
      'deployment',
      'check',
      '-f',
      join(dir, 'deploy.yaml'),
      '--policy',
      join(dir, 'deploy-policy.json'),
      '--db',
      db,
      '--cache-dir',
      join(dir, 'cache'),
      '-o',
      'json',
    ];
    const unscanned = await runCli(args);
    assert.equal(unscanned.code, 0, unscanned.stderr);
    assert.match(unscanned.stderr, /1 images were not scanned/);
    const scanned = await runCli([...args, '--scan-images']);
    assert.equal(scanned.code, 1, scanned.stderr);
    const json = JSON.parse(scanned.stdout);
    assert.equal(json.results[0].violatedPolicies[0].name, 'apt CVE at deploy');
    assert.equal(json.results[0].violatedPolicies[0].failingCheck, true);
    assert.match(scanned.stderr, /ERROR:\tbreaking policies found: failed policies found: 1 policies/);
  });
});
