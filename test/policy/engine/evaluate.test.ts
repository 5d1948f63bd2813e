import assert from 'node:assert/strict';
import {
  compilePolicies,
  evaluateDeployment,
  evaluateImage,
  type Policy,
  type PolicyGroup,
} from '../../../src/policy/index.js';
import { NOW, goodWitness } from '../../helpers/policy-witness.js';

const policy = (groups: PolicyGroup[][], extra: Partial<Policy> = {}): Policy => ({
  name: 'test policy',
  severity: 'HIGH_SEVERITY',
  categories: ['Test'],
  lifecycleStages: ['DEPLOY'],
  policyVersion: '1.1',
  policySections: groups.map((policyGroups) => ({ policyGroups })),
  ...extra,
});
const g = (fieldName: string, values: string[], more: Partial<PolicyGroup> = {}): PolicyGroup => ({
  fieldName,
  values: values.map((value) => ({ value })),
  ...more,
});

function deploy(p: Policy, mutate: (w: ReturnType<typeof goodWitness>) => void = () => {}) {
  const w = goodWitness();
  mutate(w);
  const images = new Map([[w.image.name!.fullName!, w.image]]);
  return evaluateDeployment(compilePolicies([p]), {
    deployment: w.deployment,
    images,
    stage: 'DEPLOY',
    now: NOW,
  });
}
const msgs = (vs: ReturnType<typeof deploy>) => vs.flatMap((v) => v.messages.map((m) => m.message));

describe('evaluation semantics', () => {
  it('links AND-ed groups to the same container', () => {
    const p = policy([[g('Privileged Container', ['true']), g('Container Name', ['sidecar'])]]);
    const twoContainers = (w: ReturnType<typeof goodWitness>) => {
      const c0 = w.deployment.containers![0]!;
      w.deployment.containers!.push({ ...structuredClone(c0), name: 'sidecar' });
      c0.securityContext!.privileged = true; // 'app' privileged, 'sidecar' not
    };
    assert.deepEqual(deploy(p, twoContainers), []);
    const sidecarPrivileged = (w: ReturnType<typeof goodWitness>) => {
      twoContainers(w);
      w.deployment.containers![1]!.securityContext!.privileged = true;
    };
    assert.deepEqual(msgs(deploy(p, sidecarPrivileged)), [
      "Container 'sidecar' is privileged",
      "Container has name 'sidecar'",
    ]);
  });

  it('links component and CVE to the same component', () => {
    const p = policy([[g('Image Component', ['openssl=']), g('CVE', ['CVE-2024-1'])]]);
    const setup = (same: boolean) => (w: ReturnType<typeof goodWitness>) => {
      w.image.scan!.components!.push({
        name: 'openssl',
        version: '3.0',
        vulns: same ? [{ cve: 'CVE-2024-1', cvss: 9.8, severity: 'CRITICAL_VULNERABILITY_SEVERITY' }] : [],
      });
      if (!same) w.image.scan!.components![0]!.vulns!.push({ cve: 'CVE-2024-1' });
    };
    assert.deepEqual(deploy(p, setup(false)), []);
    assert.deepEqual(msgs(deploy(p, setup(true))), [
      "CVE-2024-1 (CVSS 9.8) (severity Critical) found in component 'openssl' (version 3.0) in container 'app'",
      "Container 'app' includes component 'openssl' (version 3.0)",
    ]);
  });

  it('ignores suppressed and non-OBSERVED vulnerabilities', () => {
    const p = policy([[g('CVE', ['CVE-2099-0001'])]]);
    assert.equal(deploy(p).length, 1);
    assert.deepEqual(
      deploy(p, (w) => (w.image.scan!.components![0]!.vulns![0]!.suppressed = true)),
      [],
    );
    assert.deepEqual(
      deploy(p, (w) => (w.image.scan!.components![0]!.vulns![0]!.state = 'DEFERRED')),
      [],
    );
  });

  it('ORs sections and reports each matching section', () => {
    const p = policy([[g('Container CPU Request', ['0'])], [g('Container Memory Limit', ['0'])]]);
    const both = (w: ReturnType<typeof goodWitness>) => {
      w.deployment.containers![0]!.resources = {};
    };
    assert.deepEqual(msgs(deploy(p, both)), [
      "CPU request set to 0 cores for container 'app'",
      "Memory limit set to 0 MB for container 'app'",
    ]);
  });

  it('applies negation per element and AND within a group', () => {
    const p = policy([[g('Exposed Node Port', ['<= 1024', '> 0'], { booleanOperator: 'AND' })]]);
    assert.deepEqual(deploy(p), []);
    assert.deepEqual(msgs(deploy(p, (w) => (w.deployment.ports![0]!.exposureInfos![0]!.nodePort = 80))), [
      'Exposed node port 80/TCP is present',
    ]);
    assert.deepEqual(
      deploy(p, (w) => (w.deployment.ports![0]!.exposureInfos![0]!.nodePort = 30080)),
      [],
    );
    const neg = policy([[g('Namespace', ['payments', 'default'], { negate: true })]]);
    assert.deepEqual(deploy(neg), []);
    assert.deepEqual(msgs(deploy(neg, (w) => (w.deployment.namespace = 'other'))), [
      "Namespace has name 'other'",
    ]);
  });

  it('honours scope, exclusions and expiry', () => {
    const base = [[g('Privileged Container', ['true'])]];
    const priv = (w: ReturnType<typeof goodWitness>) =>
      (w.deployment.containers![0]!.securityContext!.privileged = true);
    assert.equal(deploy(policy(base, { scope: [{ namespace: 'pay.*' }] }), priv).length, 1);
    assert.equal(deploy(policy(base, { scope: [{ namespace: 'other' }] }), priv).length, 0);
    assert.equal(
      deploy(policy(base, { scope: [{ label: { key: 'app', value: 'payments' } }] }), priv).length,
      1,
    );
    assert.equal(deploy(policy(base, { exclusions: [{ deployment: { name: 'PAY.*' } }] }), priv).length, 0);
    assert.equal(
      deploy(policy(base, { exclusions: [{ deployment: { scope: { namespace: 'payments' } } }] }), priv)
        .length,
      0,
    );
    assert.equal(
      deploy(
        policy(base, {
          exclusions: [{ deployment: { name: 'payments' }, expiration: '2020-01-01T00:00:00Z' }],
        }),
        priv,
      ).length,
      1,
    );
    assert.equal(deploy(policy(base, { disabled: true }), priv).length, 0);
  });

  it('carries enforcement actions of the evaluated stage only', () => {
    const p = policy([[g('Privileged Container', ['true'])]], {
      enforcementActions: ['SCALE_TO_ZERO_ENFORCEMENT', 'FAIL_BUILD_ENFORCEMENT'],
    });
    const [v] = deploy(p, (w) => (w.deployment.containers![0]!.securityContext!.privileged = true));
    assert.deepEqual(v!.enforcement, ['SCALE_TO_ZERO_ENFORCEMENT']);
    assert.equal(v!.stage, 'DEPLOY');
  });

  it('evaluates images at BUILD with image-only message forms and image exclusions', () => {
    const p = policy([[g('Image Tag', ['latest'])], [g('Fixed By', ['.*']), g('CVSS', ['>= 7'])]], {
      lifecycleStages: ['BUILD'],
      enforcementActions: ['FAIL_BUILD_ENFORCEMENT'],
    });
    const w = goodWitness();
    w.image.name!.tag = 'latest';
    Object.assign(w.image.scan!.components![0]!.vulns![0]!, {
      cvss: 7.5,
      fixedBy: '2.36-10',
      severity: 'IMPORTANT_VULNERABILITY_SEVERITY',
    });
    const [v] = evaluateImage(compilePolicies([p]), w.image, { now: NOW });
    assert.deepEqual(
      v!.messages.map((m) => m.message),
      [
        "Image has tag 'latest'",
        "Fixable CVE-2099-0001 (CVSS 7.5) (severity Important) found in component 'libc6' (version 2.36-9), resolved by version 2.36-10",
      ],
    );
    assert.deepEqual(v!.enforcement, ['FAIL_BUILD_ENFORCEMENT']);
    const excluded = policy(
      p.policySections!.map((s) => s.policyGroups),
      {
        lifecycleStages: ['BUILD'],
        exclusions: [{ image: { name: 'registry.example.org/acme/' } }],
      },
    );
    assert.deepEqual(evaluateImage(compilePolicies([excluded]), w.image, { now: NOW }), []);
  });

  it('treats a container without image data as unscanned', () => {
    const p = policy([[g('Unscanned Image', ['true'])]]);
    const w = goodWitness();
    const vs = evaluateDeployment(compilePolicies([p]), {
      deployment: w.deployment,
      stage: 'DEPLOY',
      now: NOW,
    });
    assert.deepEqual(msgs(vs), ["Image in container 'app' has not been scanned"]);
  });
  it('skips container types named by evaluationFilter', () => {
    const p = policy([[g('Privileged Container', ['true'])]], {
      evaluationFilter: { skipContainerTypes: ['INIT'] },
    });
    const initPrivileged = (w: ReturnType<typeof goodWitness>) => {
      const c0 = w.deployment.containers![0]!;
      c0.type = 'INIT';
      c0.securityContext!.privileged = true;
    };
    assert.deepEqual(deploy(p, initPrivileged), []);
    assert.equal(deploy(policy([[g('Privileged Container', ['true'])]]), initPrivileged).length, 1);
  });

  it('matches cluster, cluster-label and namespace-label scopes', () => {
    const base = [[g('Privileged Container', ['true'])]];
    const priv = (w: ReturnType<typeof goodWitness>) => {
      w.deployment.containers![0]!.securityContext!.privileged = true;
      w.deployment.clusterLabels = { env: 'prod' };
      w.deployment.namespaceLabels = { tier: 'payments' };
    };
    assert.equal(deploy(policy(base, { scope: [{ cluster: 'c-1' }] }), priv).length, 1);
    assert.equal(deploy(policy(base, { scope: [{ cluster: 'c-2' }] }), priv).length, 0);
    assert.equal(
      deploy(policy(base, { scope: [{ clusterLabel: { key: 'env', value: 'prod' } }] }), priv).length,
      1,
    );
    assert.equal(
      deploy(policy(base, { scope: [{ namespaceLabel: { key: 'tier', value: 'pay.*' } }] }), priv).length,
      1,
    );
    assert.equal(
      deploy(policy(base, { scope: [{ namespaceLabel: { key: 'tier', value: 'web' } }] }), priv).length,
      0,
    );
    assert.equal(
      deploy(
        policy(base, {
          exclusions: [{ deployment: { name: 'payments' }, expiration: '2099-01-01T00:00:00Z' }],
        }),
        priv,
      ).length,
      0,
    );
  });
});
