import assert from 'node:assert/strict';

import { buildPolicyCheckResult, renderPolicyCheckTable } from '../../../src/cli/render-policy-results.js';
import { runPolicyEvaluation } from '../../../src/cli/run-policy-evaluation.js';
import type { Policy } from '../../../src/policy/index.js';
import { loadWorkloads } from '../../../src/policy/workloads/index.js';
import { isRampartError } from '../../../src/runtime/errors.js';

const privileged = (extra: Partial<Policy> = {}): Policy => ({
  id: '0b5f6c1e-6a53-4f7e-8d0f-3c2a1b4e5d60',
  name: 'Privileged (scoped)',
  severity: 'MEDIUM_SEVERITY',
  categories: ['Privileges'],
  lifecycleStages: ['DEPLOY'],
  policyVersion: '1.1',
  policySections: [{ policyGroups: [{ fieldName: 'Privileged Container', values: [{ value: 'true' }] }] }],
  ...extra,
});

const manifest = (name: string, namespace: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'c', image: 'app:1', securityContext: { privileged: true } }] },
  });

describe('runPolicyEvaluation', () => {
  const workloads = loadWorkloads([
    { file: 'w.yaml', text: [manifest('a', 'prod'), manifest('b', 'dev')].join('\n---\n') },
  ]);
  const names = (policies: Policy[], cluster?: string) =>
    runPolicyEvaluation({ policies, stage: 'DEPLOY', workloads, ...(cluster ? { cluster } : {}) })
      .filter((e) => e.violations.length > 0)
      .map((e) => e.name);

  it('applies namespace scopes and exclusions', () => {
    assert.deepEqual(names([privileged({ scope: [{ namespace: 'prod' }] })]), ['a']);
    assert.deepEqual(
      names([
        privileged({ exclusions: [{ name: 'dev is fine', deployment: { scope: { namespace: 'dev' } } }] }),
      ]),
      ['a'],
    );
  });

  it('applies cluster scopes only with --cluster', () => {
    const scoped = privileged({ scope: [{ cluster: 'prod-eu' }] });
    assert.deepEqual(names([scoped]), []);
    assert.deepEqual(names([scoped], 'prod-eu'), ['a', 'b']);
    assert.deepEqual(names([scoped], 'staging'), []);
  });

  it('leaves out disabled policies and policies of other stages', () => {
    assert.deepEqual(names([privileged({ disabled: true })]), []);
    assert.deepEqual(
      names([
        privileged({
          lifecycleStages: ['BUILD'],
          policySections: [{ policyGroups: [{ fieldName: 'Image Tag', values: [{ value: '1' }] }] }],
        }),
      ]),
      [],
    );
  });

  it('gives an empty result for manifests without workloads', () => {
    const onlyCrs = loadWorkloads([
      { file: 'cr.yaml', text: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n' },
    ]);
    assert.deepEqual(
      runPolicyEvaluation({ policies: [privileged()], stage: 'DEPLOY', workloads: onlyCrs }),
      [],
    );
  });

  it('explains what each stage needs', () => {
    assert.throws(
      () => runPolicyEvaluation({ policies: [], stage: 'DEPLOY' }),
      (e: unknown) => isRampartError(e, 'POLICY_EVALUATE_NO_WORKLOAD'),
    );
    assert.throws(
      () => runPolicyEvaluation({ policies: [], stage: 'BUILD' }),
      (e: unknown) => isRampartError(e, 'POLICY_EVALUATE_NO_IMAGE'),
    );
    assert.throws(
      () => runPolicyEvaluation({ policies: [], stage: 'RUNTIME', workloads }),
      (e: unknown) => isRampartError(e, 'POLICY_EVALUATE_NO_EVENT'),
    );
  });

  it('sorts by severity then name and counts per entity', () => {
    const low = privileged({ id: undefined, name: 'b-low', severity: 'LOW_SEVERITY' });
    const high = privileged({ id: undefined, name: 'a-high', severity: 'HIGH_SEVERITY' });
    const crit = privileged({ id: undefined, name: 'z-critical', severity: 'CRITICAL_SEVERITY' });
    const entities = runPolicyEvaluation({ policies: [low, high, crit], stage: 'DEPLOY', workloads });
    const result = buildPolicyCheckResult(entities, 'DEPLOY');
    assert.deepEqual(
      result.results[0]!.violatedPolicies.map((p) => [p.name, p.severity]),
      [
        ['z-critical', 'CRITICAL'],
        ['a-high', 'HIGH'],
        ['b-low', 'LOW'],
      ],
    );
    assert.deepEqual(result.summary, { CRITICAL: 2, HIGH: 2, LOW: 2, MEDIUM: 0, TOTAL: 6 });
    const table = renderPolicyCheckTable(result, 'DEPLOY');
    assert.ok(
      table.startsWith(
        'Policy check results for deployments: [a b]\n(TOTAL: 6, LOW: 2, MEDIUM: 0, HIGH: 2, CRITICAL: 2)\n\n+',
      ),
    );
  });
});
