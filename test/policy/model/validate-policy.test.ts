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

describe('value syntax (StackRox value_regex.go)', () => {
  const one = (fieldName: string, value: string) => {
    const p = base();
    p.policySections![0]!.policyGroups = [{ fieldName, values: [{ value }] }];
    return validatePolicy(p).map((x) => x.code);
  };
  const ok = (f: string, v: string) => assert.deepEqual(one(f, v), [], `${f}: ${v}`);
  const bad = (f: string, v: string) => assert.deepEqual(one(f, v), ['POLICY_VALUE_INVALID'], `${f}: ${v}`);

  it('accepts and refuses like StackRox', () => {
    ok('Replicas', '>=3');
    ok('Container CPU Limit', '< 0.5');
    bad('Replicas', '-1');
    bad('Replicas', '3.');
    bad('Replicas', '= 3');
    ok('Required Label', 'team=');
    bad('Required Label', '=x');
    ok('Environment Variable', '=KEY=');
    ok('Environment Variable', 'secret_key==');
    bad('Environment Variable', 'BOGUS=A=B');
    bad('Environment Variable', 'RAW=a');
    ok('Dockerfile Line', 'run=apt-get.*');
    bad('Dockerfile Line', 'SHELL=.*');
    ok('Add Capabilities', 'sys_admin');
    bad('Add Capabilities', 'ALL');
    ok('Drop Capabilities', 'ALL');
    ok('Privileged Container', 'TRUE');
    bad('Privileged Container', 'yes');
    bad('Namespace', '   ');
  });

  it('checks runtime-only syntaxes', () => {
    const rt = (
      groups: { fieldName: string; values: { value: string }[] }[],
      eventSource: Policy['eventSource'],
    ) =>
      validatePolicy({
        ...base(),
        lifecycleStages: ['RUNTIME'],
        eventSource,
        policySections: [{ policyGroups: groups }],
      }).map((x) => x.code);
    const v = (value: string) => [{ value }];
    assert.deepEqual(
      rt(
        [
          { fieldName: 'Kubernetes Resource', values: v('PODS_EXEC') },
          { fieldName: 'Kubernetes User Name', values: v('system:admin') },
        ],
        'DEPLOYMENT_EVENT',
      ),
      [],
    );
    assert.deepEqual(
      rt(
        [
          { fieldName: 'Kubernetes Resource', values: v('SECRETS') },
          { fieldName: 'Kubernetes API Verb', values: v('GET') },
          { fieldName: 'Source IP Address', values: v('10.0.0') },
        ],
        'AUDIT_LOG_EVENT',
      ),
      ['POLICY_VALUE_INVALID'],
    );
    assert.deepEqual(rt([{ fieldName: 'Kubernetes Resource', values: v('SECRETS') }], 'DEPLOYMENT_EVENT'), [
      'POLICY_VALUE_INVALID',
    ]);
    assert.deepEqual(rt([{ fieldName: 'Kubernetes Resource', values: v('SECRETS') }], 'AUDIT_LOG_EVENT'), [
      'POLICY_EVENT_SOURCE',
    ]);
    assert.deepEqual(rt([{ fieldName: 'Process Name', values: v('sh') }], 'AUDIT_LOG_EVENT'), [
      'POLICY_FIELD_EVENT_SOURCE',
      'POLICY_EVENT_SOURCE',
    ]);
    assert.deepEqual(rt([{ fieldName: 'File Operation', values: v('OPEN') }], 'NODE_EVENT'), [
      'POLICY_EVENT_SOURCE',
      'POLICY_FIELD_DEPENDENCY',
    ]);
    assert.deepEqual(
      rt(
        [
          { fieldName: 'Process Name', values: v('sh') },
          { fieldName: 'Unexpected Network Flow Detected', values: v('true') },
        ],
        'DEPLOYMENT_EVENT',
      ),
      ['POLICY_RUNTIME_FIELD'],
    );
  });
});
