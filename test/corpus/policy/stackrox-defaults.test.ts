/**
 * Every StackRox default policy (../shared/fixtures/stackrox-policies): parses, validates,
 * round-trips, compiles, stays quiet on a hardened workload and fires on a workload built to
 * satisfy its first section (with runtime input constructed where the policy needs it).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compilePolicies,
  evaluateDeployment,
  evaluateImage,
  parsePolicyDocument,
  serializePolicy,
  type Policy,
} from '../../../src/policy/index.js';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { NOW, applyGroup, goodWitness, type Witness } from '../../helpers/policy-witness.js';

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSchema = ajv.compile(
  JSON.parse(readFileSync(new URL('../../../schemas/policy.schema.json', import.meta.url), 'utf8')),
);

const shared = fileURLToPath(new URL('../../../../shared', import.meta.url));
const dir = `${shared}/fixtures/stackrox-policies`;

function run(policy: Policy, w: Witness) {
  const set = compilePolicies([{ ...policy, disabled: false }]);
  const out = [];
  const images = new Map([[w.image.name!.fullName!, w.image]]);
  const stages = policy.lifecycleStages;
  if (stages.includes('BUILD')) out.push(...evaluateImage(set, w.image, { now: NOW }));
  if (stages.includes('DEPLOY'))
    out.push(...evaluateDeployment(set, { deployment: w.deployment, images, stage: 'DEPLOY', now: NOW }));
  if (stages.includes('RUNTIME')) {
    const base = { deployment: w.deployment, images, stage: 'RUNTIME' as const, now: NOW };
    out.push(...evaluateDeployment(set, { ...base, process: w.process, processBaseline: w.baseline }));
    out.push(...evaluateDeployment(set, { ...base, kubeEvent: w.kubeEvent }));
    out.push(...evaluateDeployment(set, { ...base, networkFlow: w.networkFlow }));
    out.push(...evaluateDeployment(set, { ...base, fileAccess: w.fileAccess }));
  }
  return out;
}

describe('StackRox default policies (corpus)', function () {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

  before(function () {
    if (!existsSync(dir)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('holds all 89 policies', function () {
    assert.equal(files.length, 89);
  });

  for (const file of files) {
    it(`${file}: parses, validates, round-trips, compiles, quiet on good, fires on bad`, function () {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      assert.ok(validateSchema(JSON.parse(text)), JSON.stringify(validateSchema.errors));
      const [policy] = parsePolicyDocument(text, file);
      assert.ok(policy);
      // Round trip: serialise → parse is deep-equal, and equals the upstream JSON in meaning.
      const again = parsePolicyDocument(serializePolicy(policy), file)[0];
      assert.deepEqual(again, policy);
      assert.deepEqual(JSON.parse(serializePolicy(policy)), JSON.parse(text));
      // As part of an export document too.
      assert.deepEqual(parsePolicyDocument(JSON.stringify({ policies: [policy] }), file), [policy]);

      const good = run(policy, goodWitness());
      assert.deepEqual(
        good.map((v) => v.messages.map((m) => m.message)),
        [],
        `${policy.name} fired on the hardened workload`,
      );

      const bad = goodWitness();
      for (const g of policy.policySections![0]!.policyGroups) applyGroup(bad, g);
      const fired = run(policy, bad);
      assert.ok(fired.length > 0, `${policy.name} did not fire on a workload built to violate it`);
      for (const v of fired) {
        assert.equal(v.policy.name, policy.name);
        assert.ok(v.messages.length > 0 || v.processViolation, 'a violation carries at least one message');
        for (const m of v.messages) assert.match(m.message, /\S/);
      }
      if (policy.eventSource === 'DEPLOYMENT_EVENT' && fired.some((v) => v.processViolation)) {
        assert.match(
          fired.find((v) => v.processViolation)!.processViolation!.message,
          /^Binar(y|ies) '.*' executed/,
        );
      }
    });
  }
});
