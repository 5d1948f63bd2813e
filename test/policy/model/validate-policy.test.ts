import assert from 'node:assert/strict';
import {
  parsePolicyDocument,
  serializePolicies,
  validatePolicy,
  type Policy,
} from '../../../src/policy/index.js';
import { isRampartError } from '../../../src/runtime/errors.js';

const base = (): Policy => ({
  name: 'p',
  severity: 'LOW_SEVERITY',
  categories: ['c'],
  lifecycleStages: ['DEPLOY'],
  policyVersion: '1.1',
  policySections: [{ policyGroups: [{ fieldName: 'Privileged Container', values: [{ value: 'true' }] }] }],
});
const codes = (p: Policy) => validatePolicy(p).map((x) => x.code);

describe('policy validation', () => {
  it('accepts a valid policy', () => assert.deepEqual(validatePolicy(base()), []));

  it('reports unknown fields, repeats, bad values, bad regexes, negation and counts', () => {
    const p = base();
    p.policySections![0]!.policyGroups.push(
      { fieldName: 'Privileged Container', values: [{ value: 'true' }] },
      { fieldName: 'No Such Field', values: [{ value: 'x' }] },
      { fieldName: 'CVSS', values: [{ value: 'high' }] },
      { fieldName: 'Image Tag', values: [{ value: '(a)\\1' }] },
      { fieldName: 'Host Network', values: [{ value: 'true' }], negate: true },
      { fieldName: 'Host PID', values: [{ value: 'true' }, { value: 'false' }] },
    );
    assert.deepEqual(codes(p), [
      'POLICY_FIELD_REPEATED',
      'POLICY_FIELD_UNKNOWN',
      'POLICY_VALUE_INVALID',
      'POLICY_REGEX_INVALID',
      'POLICY_NEGATE_FORBIDDEN',
      'POLICY_VALUE_COUNT',
    ]);
  });

  it('reports fields used in a stage they do not support, and runtime rules', () => {
    const build = { ...base(), lifecycleStages: ['BUILD' as const] };
    assert.deepEqual(codes(build), ['POLICY_FIELD_STAGE']);
    const rt: Policy = { ...base(), lifecycleStages: ['RUNTIME'], eventSource: 'DEPLOYMENT_EVENT' };
    assert.deepEqual(codes(rt), ['POLICY_RUNTIME_FIELD']);
    const noSource: Policy = {
      ...base(),
      lifecycleStages: ['RUNTIME'],
      policySections: [{ policyGroups: [{ fieldName: 'Process Name', values: [{ value: 'sh' }] }] }],
    };
    assert.deepEqual(codes(noSource), ['POLICY_EVENT_SOURCE']);
    const deployWithProcess: Policy = { ...base(), policySections: noSource.policySections };
    assert.deepEqual(codes(deployWithProcess), ['POLICY_FIELD_STAGE']);
  });

  it('checks scopes, exclusions and shared capabilities', () => {
    const p = { ...base(), scope: [{}], exclusions: [{ image: { name: 'x' } }] };
    p.policySections![0]!.policyGroups = [
      { fieldName: 'Add Capabilities', values: [{ value: 'NET_ADMIN' }] },
      { fieldName: 'Drop Capabilities', values: [{ value: 'NET_ADMIN' }] },
    ];
    assert.deepEqual(codes(p), ['POLICY_CAPABILITIES', 'POLICY_SCOPE', 'POLICY_EXCLUSION']);
  });

  it('parses one policy or an export and lists every problem in one error', () => {
    const doc = serializePolicies([base(), { ...base(), name: 'q' }]);
    assert.deepEqual(
      parsePolicyDocument(doc, 'x.json').map((p) => p.name),
      ['p', 'q'],
    );
    assert.deepEqual(parsePolicyDocument(JSON.stringify(base()), 'one.json')[0], base());
    const bad = JSON.stringify({
      policies: [
        { ...base(), severity: 'UNSET_SEVERITY' },
        { ...base(), lifecycleStages: [] },
      ],
    });
    assert.throws(
      () => parsePolicyDocument(bad, 'bad.json'),
      (e: unknown) =>
        isRampartError(e, 'POLICY_INVALID') &&
        /severity/.test((e as Error).message) &&
        /lifecycle/.test((e as Error).message),
    );
    assert.throws(
      () => parsePolicyDocument('{', 'broken.json'),
      (e: unknown) => isRampartError(e, 'POLICY_INVALID'),
    );
  });
});
