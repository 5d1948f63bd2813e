import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';

import type { Image } from '../../../src/model/image.js';
import {
  defaultPoliciesDir,
  loadDefaultPolicies,
} from '../../../src/policy/defaults/load-default-policies.js';
import {
  compilePolicies,
  evaluateDeployment,
  evaluateImage,
  validatePolicy,
  type Policy,
} from '../../../src/policy/index.js';
import { loadWorkloads } from '../../../src/policy/workloads/index.js';
import { defaultPolicyCases, type PolicyCase } from './default-policy-cases.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Names of the policies an input violates, with one policy enabled on its own. */
function violated(policy: Policy, c: PolicyCase): string[] {
  const compiled = compilePolicies([{ ...policy, disabled: false }]);
  if (c.kind === 'image') return evaluateImage(compiled, c.image).map((v) => v.policy.name);
  const text = c.objects.map((o) => JSON.stringify(o)).join('\n---\n');
  const { workloads } = loadWorkloads([{ file: 'case.yaml', text }]);
  assert.equal(workloads.length, 1, 'each case holds exactly one workload');
  const deployment = workloads[0]!.deployment;
  const images = new Map<string, Image>();
  const img = c.kind === 'deploy' ? c.image : undefined;
  if (img?.name?.fullName) images.set(img.name.fullName, img);
  if (c.kind === 'deploy') {
    return evaluateDeployment(compiled, { deployment, images, stage: 'DEPLOY' }).map((v) => v.policy.name);
  }
  const process = c.process ? { ...c.process, deploymentId: deployment.id! } : undefined;
  return evaluateDeployment(compiled, {
    deployment,
    images,
    stage: 'RUNTIME',
    ...(process ? { process } : {}),
    ...(c.baseline
      ? { processBaseline: { ...c.baseline, key: { ...c.baseline.key, deploymentId: deployment.id! } } }
      : {}),
    ...(c.kubeEvent ? { kubeEvent: c.kubeEvent } : {}),
    ...(c.networkFlow ? { networkFlow: c.networkFlow } : {}),
  }).map((v) => v.policy.name);
}

describe('default policy set', () => {
  const files = readdirSync(defaultPoliciesDir()).filter((f) => f.endsWith('.json'));
  const loaded = loadDefaultPolicies();

  it('loads every JSON file of the defaults folder', () => {
    assert.equal(loaded.length, files.length);
    assert.ok(loaded.length >= 89, `only ${loaded.length} default policies`);
  });

  it('has unique, stable-looking ids and unique names', () => {
    const ids = loaded.map((l) => l.policy.id);
    for (const id of ids) assert.match(id ?? '', UUID);
    assert.equal(new Set(ids).size, ids.length);
    const names = loaded.map((l) => l.policy.name.toLowerCase());
    assert.equal(new Set(names).size, names.length);
  });

  it('every policy is valid and carries our own description, rationale and remediation', () => {
    for (const { file, policy } of loaded) {
      assert.deepEqual(validatePolicy(policy), [], file);
      for (const k of ['description', 'rationale', 'remediation'] as const)
        assert.ok((policy[k] ?? '').length > 20, `${file}: ${k} too short`);
      assert.equal(policy.policyVersion, '1.1', file);
    }
  });

  it('covers each lifecycle stage and both runtime event sources', () => {
    const stages = new Set(loaded.flatMap((l) => l.policy.lifecycleStages));
    assert.deepEqual([...stages].sort(), ['BUILD', 'DEPLOY', 'RUNTIME']);
    const sources = new Set(loaded.map((l) => l.policy.eventSource));
    assert.ok(sources.has('DEPLOYMENT_EVENT') && sources.has('AUDIT_LOG_EVENT'));
  });

  it('has a good and a bad case for every policy file (a new policy needs cases)', () => {
    const keys = files.map((f) => f.replace(/\.json$/, '')).sort();
    assert.deepEqual(Object.keys(defaultPolicyCases).sort(), keys);
  });

  for (const { file, policy } of loadDefaultPolicies()) {
    const key = file.replace(/\.json$/, '');
    describe(`${key}`, () => {
      it('fires on its bad case', function () {
        const c = defaultPolicyCases[key];
        if (!c) this.skip();
        assert.deepEqual(violated(policy, c!.bad), [policy.name]);
      });
      it('stays quiet on its good case', function () {
        const c = defaultPolicyCases[key];
        if (!c) this.skip();
        assert.deepEqual(violated(policy, c!.good), []);
      });
    });
  }
});
