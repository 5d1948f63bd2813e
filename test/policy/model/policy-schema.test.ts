import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { policyFields, serializePolicies, type Policy } from '../../../src/policy/index.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/policy.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const policy = (): Policy => ({
  name: 'No privileged containers',
  severity: 'HIGH_SEVERITY',
  categories: ['Privileges'],
  lifecycleStages: ['DEPLOY'],
  policyVersion: '1.1',
  exclusions: [{ name: 'kube-system', deployment: { scope: { namespace: 'kube-system' } } }],
  policySections: [{ policyGroups: [{ fieldName: 'Privileged Container', values: [{ value: 'true' }] }] }],
});

describe('schemas/policy.schema.json', () => {
  it('lists exactly the registry field names', () => {
    assert.deepEqual(
      [...schema.definitions.policyGroup.properties.fieldName.enum].sort(),
      policyFields.map((f) => f.name).sort(),
    );
  });

  it('accepts a policy and an export document', () => {
    assert.ok(validate(policy()), JSON.stringify(validate.errors));
    assert.ok(validate(JSON.parse(serializePolicies([policy(), policy()]))), JSON.stringify(validate.errors));
  });

  it('rejects structural mistakes', () => {
    const unknownField = policy();
    unknownField.policySections![0]!.policyGroups[0]!.fieldName = 'Privileged';
    assert.equal(validate(unknownField), false);
    const badStage = { ...policy(), lifecycleStages: ['DEPLOYMENT'] };
    assert.equal(validate(badStage), false);
    const noValues = policy();
    noValues.policySections![0]!.policyGroups[0]!.values = [];
    assert.equal(validate(noValues), false);
    const badOperator = policy();
    (badOperator.policySections![0]!.policyGroups[0] as { booleanOperator?: string }).booleanOperator = 'XOR';
    assert.equal(validate(badOperator), false);
  });
});
