import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

import { loadDefaultPolicies } from '../../../src/policy/defaults/load-default-policies.js';
import { compilePolicies, evaluateDeployment } from '../../../src/policy/index.js';
import { policyBenchInput } from '../../helpers/policy-bench-input.js';

// The engine's whole output on the throughput bench's input (bench/policy.mjs): every default
// policy enabled, 41 workloads with generated scan data. The golden was written by the engine as
// it was before the throughput work, so any change of a verdict, a message, its order or an
// enforcement action shows here. UPDATE_GOLDEN=1 rewrites it (only for an intended change).
const GOLDEN = new URL('./golden/bench-output.json', import.meta.url);

describe('policy engine output on the bench input (golden)', () => {
  it('gives every violation message byte-for-byte as recorded', () => {
    const { inputs } = policyBenchInput();
    const all = compilePolicies(loadDefaultPolicies().map((f) => ({ ...f.policy, disabled: false })));
    const out = inputs.map((input) => ({
      deployment: `${input.deployment.namespace}/${input.deployment.name}`,
      violations: evaluateDeployment(all, input).map((v) => ({
        policy: v.policy.name,
        enforcement: v.enforcement,
        messages: v.messages.map((m) => m.message),
      })),
    }));
    const got = JSON.stringify(out, null, 1) + '\n';
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, got);
    const want = readFileSync(GOLDEN, 'utf8');
    // Sanity of the recorded file itself: it is the bench input's output, not an empty run.
    const parsed = JSON.parse(want) as typeof out;
    assert.equal(parsed.length, 41);
    assert.ok(parsed.reduce((n, d) => n + d.violations.length, 0) > 500);
    assert.equal(got, want, 'engine output differs from the golden (UPDATE_GOLDEN=1 rewrites it)');
  });

  it('gives the set as shipped exactly the enabled policies of the full output', () => {
    const { inputs } = policyBenchInput();
    const shipped = compilePolicies(loadDefaultPolicies().map((f) => f.policy));
    const enabled = new Set(shipped.policies.filter((p) => !p.policy.disabled).map((p) => p.policy.name));
    const want = (JSON.parse(readFileSync(GOLDEN, 'utf8')) as { violations: { policy: string }[] }[]).map(
      (d) => d.violations.filter((v) => enabled.has(v.policy)),
    );
    inputs.forEach((input, i) => {
      const got = evaluateDeployment(shipped, input).map((v) => ({
        policy: v.policy.name,
        enforcement: v.enforcement,
        messages: v.messages.map((m) => m.message),
      }));
      assert.deepEqual(got, want[i], input.deployment.name);
    });
  });
});
