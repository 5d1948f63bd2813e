/**
 * Message expectations taken (as facts) from StackRox's pkg/booleanpolicy/default_policies_test.go:
 * the same criteria as the default policies, the same inputs, the same expected strings.
 */
import assert from 'node:assert/strict';
import type { Deployment } from '../../../src/model/deployment.js';
import type { Image } from '../../../src/model/image.js';
import {
  compilePolicies,
  evaluateDeployment,
  evaluateImage,
  type LifecycleStage,
  type PolicyGroup,
} from '../../../src/policy/index.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const g = (fieldName: string, ...values: string[]): PolicyGroup => ({
  fieldName,
  values: values.map((value) => ({ value })),
});
const set = (groups: PolicyGroup[], stages: LifecycleStage[] = ['DEPLOY']) =>
  compilePolicies([
    {
      name: 'p',
      severity: 'LOW_SEVERITY',
      categories: ['c'],
      lifecycleStages: stages,
      policySections: [{ policyGroups: groups }],
    },
  ]);
const onDeployment = (groups: PolicyGroup[], deployment: Deployment, images: Image[] = []) =>
  evaluateDeployment(set(groups), {
    deployment,
    images: new Map(images.map((i) => [i.id!, i])),
    stage: 'DEPLOY',
    now: NOW,
  }).flatMap((v) => v.messages.map((m) => m.message));
const onImage = (groups: PolicyGroup[], image: Image) =>
  evaluateImage(set(groups, ['BUILD']), image, { now: NOW }).flatMap((v) => v.messages.map((m) => m.message));

const heartbleedImage: Image = {
  id: 'HEARTBLEEDDEPSHA',
  name: { fullName: 'heartbleed' },
  scan: {
    components: [
      {
        name: 'heartbleed',
        version: '1.2',
        vulns: [{ cve: 'CVE-2014-0160', link: 'https://heartbleed', cvss: 6, fixedBy: 'v1.2' }],
      },
    ],
  },
};
const heartbleedDep: Deployment = {
  id: 'HEARTBLEEDDEPID',
  name: 'heartbleed',
  containers: [{ name: 'nginx', securityContext: { privileged: true }, image: { id: 'HEARTBLEEDDEPSHA' } }],
};

describe('StackRox default-policy test expectations', () => {
  it('Fixable CVSS >= 6 and Privileged (linked, severity Unknown)', () => {
    assert.deepEqual(
      onDeployment(
        [g('Privileged Container', 'true'), g('Fixed By', '.*'), g('CVSS', '>= 6.000000')],
        heartbleedDep,
        [heartbleedImage],
      ),
      [
        "Container 'nginx' is privileged",
        "Fixable CVE-2014-0160 (CVSS 6) (severity Unknown) found in component 'heartbleed' (version 1.2) in container 'nginx', resolved by version v1.2",
      ],
    );
  });

  it('Apache Struts CVE, and a DEFERRED copy of it does not fire', () => {
    const struts = (state?: 'DEFERRED'): Image => ({
      id: 'STRUTS',
      name: { fullName: 'registry.example.net/ASFASF', remote: 'ASFASF' },
      scan: {
        components: [
          {
            name: 'struts',
            version: '1.2',
            vulns: [
              {
                cve: 'CVE-2017-5638',
                cvss: 8,
                severity: 'IMPORTANT_VULNERABILITY_SEVERITY',
                fixedBy: 'v1.3',
                state,
              },
            ],
          },
        ],
      },
    });
    const dep: Deployment = { name: 'struts', containers: [{ name: 'ASFASF', image: { id: 'STRUTS' } }] };
    assert.deepEqual(onDeployment([g('CVE', 'CVE-2017-5638')], dep, [struts()]), [
      "CVE-2017-5638 (CVSS 8) (severity Important) found in component 'struts' (version 1.2) in container 'ASFASF'",
    ]);
    assert.deepEqual(onDeployment([g('CVE', 'CVE-2017-5638')], dep, [struts('DEFERRED')]), []);
    assert.deepEqual(onDeployment([g('Fixed By', '.*'), g('Severity', '>= IMPORTANT')], dep, [struts()]), [
      "Fixable CVE-2017-5638 (CVSS 8) (severity Important) found in component 'struts' (version 1.2) in container 'ASFASF', resolved by version v1.3",
    ]);
  });

  it('read-write root filesystem of an unnamed container keeps the double space', () => {
    assert.deepEqual(
      onDeployment([g('Read-Only Root Filesystem', 'false')], {
        name: 'x',
        containers: [{ securityContext: {} }],
      }),
      ['Container  uses a read-write root filesystem'],
    );
  });

  it('secret key reference in an unnamed container', () => {
    const dep: Deployment = {
      name: 'secretkeyref',
      containers: [{ config: { env: [{ key: 'THIS_IS_SECRET_VAR', envVarSource: 'SECRET_KEY' }] } }],
    };
    assert.deepEqual(onDeployment([g('Environment Variable', 'SECRET_KEY==')], dep), [
      "Environment variable 'THIS_IS_SECRET_VAR' is present and references a Secret",
    ]);
  });

  it('sensitive host directories: one message per volume, sorted', () => {
    const dep: Deployment = {
      name: 'hostmount',
      containers: [
        {
          name: 'c',
          volumes: [
            { name: 'HOSTMOUNT', source: '/etc/passwd', type: 'HostPath' },
            { name: 'KUBELET', source: '/var/lib/kubelet', type: 'HostPath', readOnly: true },
          ],
        },
      ],
    };
    assert.deepEqual(onDeployment([g('Volume Source', '(/etc/.*|/sys/.*|/dev/.*|/proc/.*|/var/.*)')], dep), [
      "Read-only volume 'KUBELET' has source '/var/lib/kubelet' and type 'HostPath'",
      "Writable volume 'HOSTMOUNT' has source '/etc/passwd' and type 'HostPath'",
    ]);
    assert.deepEqual(onDeployment([g('Writable Host Mount', 'true')], dep), [
      "Writable volume 'HOSTMOUNT' has source '/etc/passwd' and type 'HostPath'",
    ]);
  });

  it('mount propagation and node port without other details', () => {
    const dep: Deployment = {
      name: 'm',
      containers: [
        { name: 'c', volumes: [{ name: 'ThisMountIsOnFire', mountPropagation: 'BIDIRECTIONAL' }] },
      ],
    };
    assert.deepEqual(onDeployment([g('Mount Propagation', 'BIDIRECTIONAL')], dep), [
      "Writable volume 'ThisMountIsOnFire' has mount propagation 'bidirectional'",
    ]);
    const ports: Deployment = { name: 'p', ports: [{ exposureInfos: [{ level: 'NODE', nodePort: 22 }] }] };
    assert.deepEqual(
      onDeployment(
        [g('Exposed Node Port', '<= 1024', '> 0')].map((x) => ({ ...x, booleanOperator: 'AND' as const })),
        ports,
      ),
      ['Exposed node port 22 is present'],
    );
  });

  it('seccomp and AppArmor print lower-case enum values', () => {
    const dep: Deployment = {
      name: 's',
      containers: [
        {
          securityContext: { seccompProfile: { type: 'UNCONFINED' } },
          config: { appArmorProfile: 'unconfined' },
        },
      ],
    };
    assert.deepEqual(onDeployment([g('Seccomp Profile Type', 'UNCONFINED')], dep), [
      "Container has Seccomp profile type 'unconfined'",
    ]);
  });

  it('image-only (BUILD) forms', () => {
    assert.deepEqual(onImage([g('Image Tag', 'latest')], { name: { tag: 'latest', fullName: 'x:latest' } }), [
      "Image has tag 'latest'",
    ]);
    assert.deepEqual(
      onImage([g('Image Component', 'apt|dpkg=')], {
        name: { fullName: 'x' },
        scan: { components: [{ name: 'apt' }] },
      }),
      ["Image includes component 'apt'"],
    );
    const created = new Date(NOW.getTime() - 100 * 86_400_000);
    assert.deepEqual(
      onImage([g('Image Age', '90')], {
        name: { fullName: 'x' },
        metadata: { v1: { created: created.toISOString() } },
      }),
      ['Image was created at 2026-02-21 00:00:00 (UTC)'],
    );
    assert.deepEqual(
      onImage([g('Dockerfile Line', 'EXPOSE=(22/tcp|\\s+22/tcp)')], {
        name: { fullName: 'x' },
        metadata: { v1: { layers: [{ instruction: 'EXPOSE', value: '22/tcp' }] } },
      }),
      ["Dockerfile line 'EXPOSE 22/tcp' found"],
    );
    assert.deepEqual(onImage([g('Unscanned Image', 'true')], { name: { fullName: 'x' } }), [
      'Image has not been scanned',
    ]);
  });

  it('truncates long Dockerfile lines to 32 characters', () => {
    const img: Image = {
      id: 'I',
      name: { fullName: 'x' },
      metadata: {
        v1: {
          layers: [
            {
              instruction: 'ADD',
              value: 'file:4eedf861fb567fffb2694b65ebdd58d5e371a2c28c3863f363f333cb34e5eb7b in /',
            },
          ],
        },
      },
    };
    const dep: Deployment = { name: 'd', containers: [{ name: 'supervulnerable', image: { id: 'I' } }] };
    assert.deepEqual(onDeployment([g('Dockerfile Line', 'ADD=.*')], dep, [img]), [
      "Dockerfile line 'ADD file:4eedf861fb567fffb2694b65ebd...' found in container 'supervulnerable'",
    ]);
  });
});
