/**
 * StackRox's own 89 default policies through the `rampart policy` commands (validate, import,
 * export round trip, evaluate), and Rampart's default set measured against them on the
 * manifest corpus: where a policy of ours has exactly StackRox's criteria, both must flag the
 * same workloads.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadDefaultPolicies } from '../../../src/policy/defaults/load-default-policies.js';
import { compilePolicies, evaluateDeployment, type Policy } from '../../../src/policy/index.js';
import { loadWorkloads } from '../../../src/policy/workloads/index.js';
import { runCli } from '../../helpers/run-cli.js';

const shared = fileURLToPath(new URL('../../../../shared', import.meta.url));
const stackroxDir = join(shared, 'fixtures/stackrox-policies');
const corpusDir = fileURLToPath(new URL('../../fixtures/workloads/', import.meta.url));

/** Criteria only (sections without names), for pairing our policies with StackRox's. */
function criteriaKey(p: Policy): string {
  return JSON.stringify(
    (p.policySections ?? []).map((s) =>
      s.policyGroups.map((g) => [
        g.fieldName,
        g.booleanOperator ?? 'OR',
        g.negate === true,
        g.values.map((v) => v.value.replace(/^(\d+)\.0+$/, '$1')),
      ]),
    ),
  );
}

describe('StackRox default policies through rampart policy commands', function () {
  this.timeout(300_000);
  let stackrox: Policy[] = [];
  let work: string;
  before(function () {
    if (!existsSync(stackroxDir)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    stackrox = readdirSync(stackroxDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(stackroxDir, f), 'utf8')) as Policy);
    work = mkdtempSync(join(tmpdir(), 'rampart-stackrox-policies-'));
  });
  after(() => work && rmSync(work, { recursive: true, force: true }));

  it('validate accepts all 89 unchanged', async () => {
    const r = await runCli(['policy', 'validate', stackroxDir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), `${stackrox.length} policies valid`);
    assert.equal(stackrox.length, 89);
  });

  it('import then export returns every policy exactly as StackRox wrote it', async () => {
    const store = join(work, 'store');
    const imp = await runCli(['policy', 'import', stackroxDir, '--policies-dir', store]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.equal(readdirSync(store).length, 89);
    const exp = await runCli(['policy', 'export', '--policies-dir', store]);
    assert.equal(exp.code, 0, exp.stderr);
    const byId = new Map((JSON.parse(exp.stdout).policies as Policy[]).map((p) => [p.id, p]));
    for (const p of stackrox) assert.deepEqual(byId.get(p.id), p, p.name);
    const again = await runCli(['policy', 'import', stackroxDir, '--policies-dir', store]);
    assert.equal(again.code, 1, 'a second import without --overwrite is refused');
  });

  it('evaluates the manifest corpus with them', async () => {
    const r = await runCli([
      'policy',
      'evaluate',
      '--policy',
      stackroxDir,
      '-f',
      join(corpusDir, 'risky.yaml'),
      '-o',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const names = JSON.parse(r.stdout).results.flatMap((x: { violatedPolicies: { name: string }[] }) =>
      x.violatedPolicies.map((p) => p.name),
    );
    for (const expected of [
      'Privileged Container',
      'Mount Container Runtime Socket',
      'Environment Variable Contains Secret',
      'Kubernetes Dashboard Deployed',
    ]) {
      assert.ok(names.includes(expected), `${expected} missing from ${[...new Set(names)].join(', ')}`);
    }
  });

  it('our defaults use our own words', () => {
    const ours = loadDefaultPolicies().map((l) => l.policy);
    const theirs = new Set(
      stackrox.flatMap((p) => [p.name, p.description, p.rationale, p.remediation].filter(Boolean)),
    );
    for (const p of ours) {
      for (const text of [p.name, p.description, p.rationale, p.remediation])
        assert.equal(theirs.has(text), false, `${p.name}: "${text}"`);
    }
    const ourIds = new Set(ours.map((p) => p.id));
    assert.equal(
      stackrox.some((p) => ourIds.has(p.id)),
      false,
      'ids are our own',
    );
  });

  it('agrees with StackRox on every deploy-time policy with the same criteria (corpus outside system namespaces)', () => {
    const ours = loadDefaultPolicies().map((l) => l.policy);
    const theirsByCriteria = new Map(stackrox.map((p) => [criteriaKey(p), p]));
    const pairs = ours
      .filter((p) => p.lifecycleStages.includes('DEPLOY'))
      .map((p) => [p, theirsByCriteria.get(criteriaKey(p))] as const)
      .filter(
        (pair): pair is readonly [Policy, Policy] =>
          pair[1] !== undefined && pair[1].lifecycleStages.includes('DEPLOY'),
      );
    assert.ok(pairs.length >= 35, `only ${pairs.length} deploy-time pairs`);
    const files = readdirSync(corpusDir).filter(
      (f) => /\.(ya?ml|json)$/.test(f) && f !== 'want.json' && f !== 'verdicts.json',
    );
    const deployments = files
      .flatMap((f) => loadWorkloads([{ file: f, text: readFileSync(join(corpusDir, f), 'utf8') }]).workloads)
      .map((w) => w.deployment)
      .filter((d) => !/^(kube-|openshift-|istio-system$|stackrox$)/.test(d.namespace ?? ''));
    let compared = 0;
    let agreed = 0;
    let flagged = 0;
    const disagreements: string[] = [];
    for (const [mine, theirs] of pairs) {
      const a = compilePolicies([{ ...mine, disabled: false, exclusions: [] }]);
      const b = compilePolicies([{ ...theirs, disabled: false, exclusions: [] }]);
      for (const d of deployments) {
        const x = evaluateDeployment(a, { deployment: d, stage: 'DEPLOY' }).length > 0;
        const y = evaluateDeployment(b, { deployment: d, stage: 'DEPLOY' }).length > 0;
        compared++;
        if (x && y) flagged++;
        if (x === y) agreed++;
        else
          disagreements.push(
            `${mine.name} vs ${theirs.name} on ${d.namespace}/${d.name}: ours ${x}, StackRox ${y}`,
          );
      }
    }
    console.log(
      `      agreement: ${agreed}/${compared} (policy, workload) decisions (${flagged} of them violations) over ${pairs.length} policy pairs and ${deployments.length} workloads`,
    );
    assert.deepEqual(disagreements, []);
    assert.ok(flagged >= 50, `only ${flagged} violations compared`);
  });
});
