import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runCli } from '../../helpers/run-cli.js';

const corpus = (f: string) => fileURLToPath(new URL(`../../fixtures/workloads/${f}`, import.meta.url));

/** A deploy-time policy that blocks privileged containers (SCALE_TO_ZERO breaks the check). */
const blockingPolicy = {
  id: '6a3c1f52-3e0b-4c8e-9d2a-1b7e5f4c3a21',
  name: 'No privileged containers (enforced)',
  description: 'Privileged containers are not allowed.',
  remediation: 'Drop privileged mode.',
  severity: 'HIGH_SEVERITY',
  categories: ['Privileges'],
  lifecycleStages: ['DEPLOY'],
  enforcementActions: ['SCALE_TO_ZERO_ENFORCEMENT'],
  policyVersion: '1.1',
  policySections: [{ policyGroups: [{ fieldName: 'Privileged Container', values: [{ value: 'true' }] }] }],
};

const invalidPolicy = {
  name: 'Broken',
  severity: 'UNSET_SEVERITY',
  categories: [],
  lifecycleStages: ['DEPLOY'],
  policyVersion: '1.1',
  policySections: [{ policyGroups: [{ fieldName: 'No Such Field', values: [{ value: 'x' }] }] }],
};

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('ERROR:'));
}

describe('rampart policy … (built CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-policy-cmd-'));
    writeFileSync(join(dir, 'blocking.json'), JSON.stringify(blockingPolicy));
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify(invalidPolicy));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('evaluate', () => {
    it('prints roxctl deployment check JSON for the default set', async () => {
      const r = await runCli(['policy', 'evaluate', '-f', corpus('risky.yaml'), '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(out), ['results', 'summary']);
      assert.deepEqual(Object.keys(out.summary), ['CRITICAL', 'HIGH', 'LOW', 'MEDIUM', 'TOTAL']);
      const keys = out.results.map(
        (x: { metadata: { additionalInfo: { name: string; type: string } } }) =>
          `${x.metadata.additionalInfo.type}/${x.metadata.additionalInfo.name}`,
      );
      assert.deepEqual(keys, [...keys].sort(), 'entities sorted by type then name');
      assert.equal(keys.length, 9, 'every risky workload violates something');
      const agent = out.results.find(
        (x: { metadata: { additionalInfo: { name: string } } }) =>
          x.metadata.additionalInfo.name === 'privileged-agent',
      );
      assert.deepEqual(agent.metadata.additionalInfo, {
        name: 'privileged-agent',
        namespace: 'risky',
        type: 'Deployment',
      });
      assert.match(agent.metadata.id, /^[0-9a-f-]{36}$/);
      const p = agent.violatedPolicies.find((v: { name: string }) => v.name === 'Container runs privileged');
      assert.deepEqual(Object.keys(p), [
        'name',
        'severity',
        'description',
        'violation',
        'remediation',
        'failingCheck',
      ]);
      assert.deepEqual(p.violation, ["Container 'agent' is privileged"]);
      assert.equal(p.failingCheck, false);
      const sum = out.results.reduce(
        (n: number, x: { summary: { TOTAL: number } }) => n + x.summary.TOTAL,
        0,
      );
      assert.equal(out.summary.TOTAL, sum);
      assert.match(r.stderr, /^WARN:\tA total of \d+ policies have been violated$/m);
    });

    it('exits 1 when an enforced policy is violated, naming policy and deployment', async () => {
      const r = await runCli([
        'policy',
        'evaluate',
        '--policy',
        join(dir, 'blocking.json'),
        '-f',
        corpus('risky.yaml'),
        '-o',
        'json',
      ]);
      assert.equal(r.code, 1);
      const out = JSON.parse(r.stdout);
      assert.equal(out.summary.TOTAL, 1);
      assert.equal(
        out.results.find((x: { summary: { TOTAL: number } }) => x.summary.TOTAL === 1).violatedPolicies[0]
          .failingCheck,
        true,
      );
      assert.ok(
        errorLines(r.stderr).includes(
          'ERROR:\tPolicy "No privileged containers (enforced)" within Deployment "privileged-agent" - Possible remediation: "Drop privileged mode."',
        ),
      );
      assert.ok(
        errorLines(r.stderr).includes(
          'ERROR:\tbreaking policies found: failed policies found: 1 policies violated that are failing the check',
        ),
      );
    });

    it('prints the table with the roxctl header', async () => {
      const r = await runCli([
        'policy',
        'evaluate',
        '--policy',
        join(dir, 'blocking.json'),
        '-f',
        corpus('risky.yaml'),
      ]);
      const lines = r.stdout.split('\n');
      assert.match(lines[0]!, /^Policy check results for deployments: \[[a-z-]+( [a-z-]+)*\]$/);
      assert.equal(lines[1], '(TOTAL: 1, LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0)');
      assert.match(r.stdout, /\| +POLICY +\| +SEVERITY +\| +BREAKS DEPLOY +\| +DEPLOYMENT +\|/);
    });

    it('reads manifests from stdin and reports ignored custom resources', async () => {
      const input =
        readFileSync(corpus('crds.yaml'), 'utf8') + '\n---\n' + readFileSync(corpus('risky.yaml'), 'utf8');
      const r = await runCli(['policy', 'evaluate', '-f', '-', '-o', 'json'], { input });
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /^INFO:\tIgnored object "widgets\/blue\[example\.com\/v1, Kind=Widget\]" as its schema was not registered\.$/m,
      );
      const names = JSON.parse(r.stdout).results.map(
        (x: { metadata: { additionalInfo: { name: string } } }) => x.metadata.additionalInfo.name,
      );
      assert.ok(names.includes('privileged-agent'));
    });

    it('lists only entities with violations', async () => {
      const r = await runCli([
        'policy',
        'evaluate',
        '--policy',
        join(dir, 'blocking.json'),
        '-f',
        corpus('hardened.yaml'),
        '-o',
        'json',
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), {
        results: [],
        summary: { CRITICAL: 0, HIGH: 0, LOW: 0, MEDIUM: 0, TOTAL: 0 },
      });
    });

    it('evaluates one image at BUILD stage like image check', async () => {
      const image = {
        name: { registry: 'quay.io', remote: 'org/app', tag: '1.2', fullName: 'quay.io/org/app:1.2' },
        metadata: { v1: { user: '1000', created: new Date().toISOString() } },
        scan: {
          scanTime: new Date().toISOString(),
          components: [
            {
              name: 'openssl',
              version: '3.0.1',
              vulns: [
                {
                  cve: 'CVE-2024-0001',
                  cvss: 8.1,
                  severity: 'IMPORTANT_VULNERABILITY_SEVERITY',
                  fixedBy: '3.0.13',
                },
              ],
            },
          ],
        },
      };
      writeFileSync(join(dir, 'image.json'), JSON.stringify(image));
      const r = await runCli([
        'policy',
        'evaluate',
        '--stage',
        'BUILD',
        '--image',
        'quay.io/org/app:1.2',
        '--image-data',
        join(dir, 'image.json'),
        '-o',
        'json',
      ]);
      assert.equal(r.code, 1, 'the default "Fixable important" policy fails the build');
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.results[0].metadata, {
        id: 'quay.io/org/app:1.2',
        additionalInfo: { name: 'quay.io/org/app:1.2', type: 'image' },
      });
      const v = out.results[0].violatedPolicies.find(
        (p: { name: string }) => p.name === 'Fixable important or critical vulnerability',
      );
      assert.equal(v.failingCheck, true);
      assert.ok(v.violation.some((m: string) => m.includes('CVE-2024-0001')));
      assert.ok(
        errorLines(r.stderr).includes(
          'ERROR:\tfailed policies found: 1 policies violated that are failing the check',
        ),
      );
    });

    it('evaluates a process event at RUNTIME', async () => {
      writeFileSync(
        join(dir, 'process.json'),
        JSON.stringify({
          containerName: 'agent',
          namespace: 'risky',
          signal: { name: 'nmap', execFilePath: '/usr/bin/nmap', args: '-sS 10.0.0.0/24', uid: 0 },
        }),
      );
      const r = await runCli([
        'policy',
        'evaluate',
        '--stage',
        'RUNTIME',
        '-f',
        corpus('risky.yaml'),
        '--process',
        join(dir, 'process.json'),
        '-o',
        'json',
      ]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(
        out.results.map(
          (x: { metadata: { additionalInfo: { name: string } } }) => x.metadata.additionalInfo.name,
        ),
        ['privileged-agent'],
      );
      const names = out.results[0].violatedPolicies.map((p: { name: string }) => p.name);
      assert.ok(names.includes('nmap run in a container'), names.join(', '));
    });

    it('evaluates a pod exec event and an audit-log event at RUNTIME', async () => {
      writeFileSync(
        join(dir, 'exec.json'),
        JSON.stringify({
          object: { resource: 'PODS_EXEC', name: 'agent-0', namespace: 'risky' },
          apiVerb: 'CREATE',
          podExecArgs: { container: 'agent', commands: ['sh'] },
          user: { username: 'alice' },
        }),
      );
      const exec = await runCli([
        'policy',
        'evaluate',
        '--stage',
        'RUNTIME',
        '-f',
        corpus('risky.yaml'),
        '--kube-event',
        join(dir, 'exec.json'),
        '-o',
        'json',
      ]);
      assert.equal(exec.code, 0, exec.stderr);
      const out = JSON.parse(exec.stdout);
      assert.deepEqual(
        out.results.map(
          (x: { metadata: { additionalInfo: { name: string } } }) => x.metadata.additionalInfo.name,
        ),
        ['privileged-agent'],
      );
      assert.ok(
        out.results[0].violatedPolicies.some((p: { name: string }) => p.name === 'kubectl exec into a pod'),
      );

      writeFileSync(
        join(dir, 'audit.json'),
        JSON.stringify({
          object: { resource: 'SECRETS', name: 'kubeadmin', namespace: 'kube-system' },
          apiVerb: 'GET',
          user: { username: 'mallory' },
        }),
      );
      const audit = await runCli([
        'policy',
        'evaluate',
        '--stage',
        'RUNTIME',
        '--kube-event',
        join(dir, 'audit.json'),
        '-o',
        'json',
      ]);
      assert.equal(audit.code, 0, audit.stderr);
      const a = JSON.parse(audit.stdout);
      assert.deepEqual(a.results[0].metadata.additionalInfo, {
        name: 'secrets/kubeadmin',
        namespace: 'kube-system',
        type: 'KubernetesEvent',
      });
      assert.deepEqual(
        a.results[0].violatedPolicies.map((p: { name: string }) => p.name),
        ['OpenShift kubeadmin secret accessed'],
      );
    });

    const oneLineError = async (args: string[], pattern: RegExp, input?: string) => {
      const r = await runCli(args, input === undefined ? {} : { input });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      const errors = errorLines(r.stderr);
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0]!, pattern);
      assert.equal(r.stderr.includes('    at '), false, 'no stack trace');
    };

    it('fails with one line for a missing file', () =>
      oneLineError(
        ['policy', 'evaluate', '-f', join(dir, 'nope.yaml')],
        /^ERROR:\tcould not read deployment file ".*nope\.yaml": .*ENOENT/,
      ));

    it('fails with one line for bad YAML, naming file and document', () =>
      oneLineError(
        ['policy', 'evaluate', '-f', '-'],
        /^ERROR:\t-: document 2 is not valid YAML at line \d+, column \d+/,
        'kind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: [broken\n',
      ));

    it('fails with one line for an invalid policy', () =>
      oneLineError(
        ['policy', 'evaluate', '--policy', join(dir, 'invalid.json'), '-f', corpus('hardened.yaml')],
        /^ERROR:\tpolicy "Broken" in .*invalid\.json is invalid: .*policy validate/,
      ));

    it('fails with one line for image data of the wrong shape', async () => {
      writeFileSync(join(dir, 'report.json'), JSON.stringify({ schemaVersion: 1, vulnerabilities: [] }));
      await oneLineError(
        ['policy', 'evaluate', '-f', corpus('hardened.yaml'), '--image-data', join(dir, 'report.json')],
        /^ERROR:\t.*report\.json: neither a storage\.Image .* nor a VulnReport .*; pass StackRox storage\.Image JSON or the VulnReport of "rampart image scan IMAGE -o report-json"$/,
      );
    });
  });

  describe('list, validate, import, export', () => {
    it('lists the default set as JSON', async () => {
      const r = await runCli(['policy', 'list', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout);
      assert.ok(rows.length >= 89);
      const priv = rows.find((x: { name: string }) => x.name === 'Container runs privileged');
      assert.deepEqual(
        { severity: priv.severity, stages: priv.lifecycleStages, disabled: priv.disabled },
        { severity: 'MEDIUM', stages: ['DEPLOY'], disabled: false },
      );
    });

    it('validate reports every problem of every file and exits 1', async () => {
      const r = await runCli(['policy', 'validate', join(dir, 'blocking.json'), join(dir, 'invalid.json')]);
      assert.equal(r.code, 1);
      const problems = r.stdout.trim().split('\n');
      assert.ok(problems.length >= 3, r.stdout);
      assert.ok(
        problems.every((l) => l.includes('invalid.json: policy "Broken"')),
        r.stdout,
      );
      assert.match(r.stdout, /No Such Field/);
      assert.match(r.stdout, /severity/i);
      assert.match(r.stdout, /categor/i);
      assert.equal(errorLines(r.stderr).length, 1);
    });

    it('validate passes a good file', async () => {
      const r = await runCli(['policy', 'validate', join(dir, 'blocking.json')]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stdout.trim(), '1 policies valid');
    });

    it('import copies, refuses duplicates, and overwrites on request', async () => {
      const target = join(dir, 'store');
      const first = await runCli(['policy', 'import', join(dir, 'blocking.json'), '--policies-dir', target]);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(readdirSync(target), ['no-privileged-containers-enforced.json']);
      const again = await runCli(['policy', 'import', join(dir, 'blocking.json'), '--policies-dir', target]);
      assert.equal(again.code, 1);
      assert.match(errorLines(again.stderr)[0]!, /already.*--overwrite/);
      const renamed = { ...blockingPolicy, name: 'Renamed policy' };
      writeFileSync(join(dir, 'renamed.json'), JSON.stringify(renamed));
      const sameId = await runCli(['policy', 'import', join(dir, 'renamed.json'), '--policies-dir', target]);
      assert.equal(sameId.code, 1, 'same id under another name is a duplicate');
      const over = await runCli([
        'policy',
        'import',
        join(dir, 'renamed.json'),
        '--policies-dir',
        target,
        '--overwrite',
      ]);
      assert.equal(over.code, 0, over.stderr);
      assert.deepEqual(readdirSync(target), ['renamed-policy.json']);
      const invalid = await runCli(['policy', 'import', join(dir, 'invalid.json'), '--policies-dir', target]);
      assert.equal(invalid.code, 1);
      assert.deepEqual(readdirSync(target), ['renamed-policy.json'], 'nothing written for an invalid policy');
    });

    it('export writes {policies:[…]} for the defaults and for a directory', async () => {
      const r = await runCli(['policy', 'export']);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(doc), ['policies']);
      assert.ok(doc.policies.length >= 89);
      const file = join(dir, 'export.json');
      const d = await runCli([
        'policy',
        'export',
        '--policies-dir',
        join(dir, 'store'),
        '--output-file',
        file,
      ]);
      assert.equal(d.code, 0, d.stderr);
      assert.deepEqual(
        JSON.parse(readFileSync(file, 'utf8')).policies.map((p: { name: string }) => p.name),
        ['Renamed policy'],
      );
    });
  });
});
