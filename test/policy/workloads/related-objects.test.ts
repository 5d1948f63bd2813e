import assert from 'node:assert/strict';

import type { Deployment } from '../../../src/model/deployment.js';
import { loadWorkloads } from '../../../src/policy/workloads/load-workloads.js';

const web = (namespace = 'shop', sa?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web', tier: 'front' } },
      spec: {
        ...(sa ? { serviceAccountName: sa } : {}),
        containers: [
          {
            name: 'app',
            image: 'app',
            ports: [
              { containerPort: 8080, name: 'http' },
              { containerPort: 9090, name: 'metrics' },
              { containerPort: 53, protocol: 'UDP', name: 'dns' },
            ],
          },
        ],
      },
    },
  },
});

function load(...objs: unknown[]): Deployment {
  const text = objs.map((o) => JSON.stringify(o)).join('\n---\n');
  const set = loadWorkloads([{ file: 'rel.yaml', text }]);
  assert.equal(set.workloads.length, 1);
  return set.workloads[0]!.deployment;
}

const service = (name: string, spec: Record<string, unknown>, namespace = 'shop') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec,
});
const exposures = (d: Deployment) =>
  d.ports!.map((p) => [
    p.containerPort,
    p.exposure,
    (p.exposureInfos ?? []).map((i) => `${i.level}:${i.serviceName ?? ''}`),
  ]);

describe('port exposure from related objects', () => {
  it('ClusterIP by named target port is INTERNAL', () => {
    const d = load(
      web(),
      service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }),
    );
    assert.deepEqual(exposures(d), [
      [8080, 'INTERNAL', ['INTERNAL:web']],
      [9090, 'UNSET', []],
      [53, 'UNSET', []],
    ]);
    assert.equal(d.ports![0]!.exposureInfos![0]!.servicePort, 80);
  });

  it('NodePort by numeric target is NODE with its node port', () => {
    const d = load(
      web(),
      service('np', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 9090, nodePort: 30090 }] }),
    );
    assert.equal(d.ports![1]!.exposure, 'NODE');
    assert.equal(d.ports![1]!.exposureInfos![0]!.nodePort, 30090);
  });

  it('LoadBalancer is EXTERNAL and the most exposed level wins', () => {
    const d = load(
      web(),
      service('internal', { selector: { app: 'web' }, ports: [{ port: 8080 }] }),
      service('lb', {
        type: 'LoadBalancer',
        selector: { tier: 'front' },
        externalIPs: ['203.0.113.5'],
        ports: [{ port: 443, targetPort: 8080 }],
      }),
    );
    assert.deepEqual(exposures(d)[0], [8080, 'EXTERNAL', ['INTERNAL:internal', 'EXTERNAL:lb']]);
    assert.deepEqual(d.ports![0]!.exposureInfos![1]!.externalIps, ['203.0.113.5']);
  });

  it('the protocol must match', () => {
    const d = load(
      web(),
      service('dns', {
        selector: { app: 'web' },
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 9090, protocol: 'UDP' },
        ],
      }),
    );
    assert.deepEqual(
      exposures(d).map((e) => e[1]),
      ['UNSET', 'UNSET', 'INTERNAL'],
    );
  });

  it('ignores services in another namespace, with other selectors, or without selector', () => {
    const d = load(
      web(),
      service('other-ns', { selector: { app: 'web' }, ports: [{ port: 8080 }] }, 'elsewhere'),
      service('other-app', { selector: { app: 'api' }, ports: [{ port: 8080 }] }),
      service('no-selector', { ports: [{ port: 8080 }] }),
      service('ext', {
        type: 'ExternalName',
        externalName: 'x.example.com',
        selector: { app: 'web' },
        ports: [{ port: 8080 }],
      }),
    );
    assert.deepEqual(
      exposures(d).map((e) => e[1]),
      ['UNSET', 'UNSET', 'UNSET'],
    );
  });

  it('an OpenShift Route makes the service port ROUTE', () => {
    const route = {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        host: 'shop.apps.example.com',
        to: { kind: 'Service', name: 'web' },
        port: { targetPort: 'http' },
      },
    };
    const d = load(
      web(),
      service('web', {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'm', port: 9090 },
        ],
      }),
      route,
    );
    assert.equal(d.ports![0]!.exposure, 'ROUTE');
    assert.deepEqual(
      d.ports![0]!.exposureInfos!.map((i) => i.level),
      ['INTERNAL', 'ROUTE'],
    );
    assert.deepEqual(d.ports![0]!.exposureInfos![1]!.externalHostnames, ['shop.apps.example.com']);
    assert.equal(d.ports![1]!.exposure, 'INTERNAL');
  });

  it('an Ingress backend makes the service port EXTERNAL', () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    };
    const d = load(
      web(),
      service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }),
      ingress,
    );
    assert.equal(d.ports![0]!.exposure, 'EXTERNAL');
    assert.deepEqual(d.ports![0]!.exposureInfos![1]!.externalHostnames, ['shop.example.com']);
  });

  it('container ports and deployment ports show the same exposure', () => {
    const d = load(
      web(),
      service('web', {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 'http' }],
      }),
    );
    assert.equal(d.containers![0]!.ports![0]!.exposure, 'NODE');
  });
});

const role = (kind: 'Role' | 'ClusterRole', name: string, rules: unknown[], namespace?: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: namespace ? { name, namespace } : { name },
  rules,
});
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  roleKind: string,
  roleName: string,
  subjects: unknown[],
  namespace?: string,
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: namespace ? { name: `b-${roleName}`, namespace } : { name: `b-${roleName}` },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
  subjects,
});
const sa = (name = 'web-sa', namespace = 'shop') => ({ kind: 'ServiceAccount', name, namespace });

describe('service account permission level', () => {
  const level = (...objs: unknown[]) => load(web('shop', 'web-sa'), ...objs).serviceAccountPermissionLevel;

  it('NONE without bindings', () => {
    assert.equal(level(), 'NONE');
  });

  it('CLUSTER_ADMIN for * on * through a ClusterRoleBinding', () => {
    assert.equal(
      level(
        role('ClusterRole', 'admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
        binding('ClusterRoleBinding', 'ClusterRole', 'admin', [sa()]),
      ),
      'CLUSTER_ADMIN',
    );
    assert.equal(
      level(
        role('ClusterRole', 'core-admin', [{ apiGroups: [''], resources: ['*'], verbs: ['*'] }]),
        binding('ClusterRoleBinding', 'ClusterRole', 'core-admin', [sa()]),
      ),
      'CLUSTER_ADMIN',
    );
  });

  it('the same role bound in a namespace is only ELEVATED_IN_NAMESPACE', () => {
    assert.equal(
      level(
        role('ClusterRole', 'admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
        binding('RoleBinding', 'ClusterRole', 'admin', [sa()], 'shop'),
      ),
      'ELEVATED_IN_NAMESPACE',
    );
  });

  it('ELEVATED_CLUSTER_WIDE for cluster-wide read of a core resource', () => {
    assert.equal(
      level(
        role('ClusterRole', 'reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        binding('ClusterRoleBinding', 'ClusterRole', 'reader', [sa()]),
      ),
      'ELEVATED_CLUSTER_WIDE',
    );
  });

  it('cluster-wide rights outside the core group do not count', () => {
    assert.equal(
      level(
        role('ClusterRole', 'apps', [{ apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }]),
        binding('ClusterRoleBinding', 'ClusterRole', 'apps', [sa()]),
      ),
      'NONE',
    );
  });

  it('ELEVATED_IN_NAMESPACE for namespaced write or list', () => {
    assert.equal(
      level(
        role('Role', 'w', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['update'] }], 'shop'),
        binding('RoleBinding', 'Role', 'w', [sa()], 'shop'),
      ),
      'ELEVATED_IN_NAMESPACE',
    );
    assert.equal(
      level(
        role('Role', 'l', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'shop'),
        binding('RoleBinding', 'Role', 'l', [sa()], 'shop'),
      ),
      'ELEVATED_IN_NAMESPACE',
    );
  });

  it('DEFAULT for namespaced get or watch only', () => {
    assert.equal(
      level(
        role('Role', 'g', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch'] }], 'shop'),
        binding('RoleBinding', 'Role', 'g', [sa()], 'shop'),
      ),
      'DEFAULT',
    );
  });

  it('ignores other service accounts, other namespaces and dangling role refs', () => {
    const admin = role('ClusterRole', 'admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
    assert.equal(
      level(
        admin,
        binding('ClusterRoleBinding', 'ClusterRole', 'admin', [
          sa('other'),
          sa('web-sa', 'elsewhere'),
          { kind: 'User', name: 'web-sa' },
        ]),
      ),
      'NONE',
    );
    assert.equal(level(binding('ClusterRoleBinding', 'ClusterRole', 'missing', [sa()])), 'NONE');
  });

  it('a RoleBinding subject without namespace means the binding namespace', () => {
    assert.equal(
      level(
        role('Role', 'g', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], 'shop'),
        binding('RoleBinding', 'Role', 'g', [{ kind: 'ServiceAccount', name: 'web-sa' }], 'shop'),
      ),
      'DEFAULT',
    );
  });

  it('aggregated ClusterRoles collect the rules of the roles they select', () => {
    const agg = {
      ...role('ClusterRole', 'agg', []),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] },
    };
    const part = {
      ...role('ClusterRole', 'part', [{ apiGroups: [''], resources: ['*'], verbs: ['*'] }]),
      metadata: { name: 'part', labels: { 'rbac.example.com/aggregate': 'true' } },
    };
    assert.equal(
      level(agg, part, binding('ClusterRoleBinding', 'ClusterRole', 'agg', [sa()])),
      'CLUSTER_ADMIN',
    );
  });

  it('uses the default service account when none is named', () => {
    const d = load(
      web('shop'),
      role('Role', 'g', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], 'shop'),
      binding('RoleBinding', 'Role', 'g', [sa('default')], 'shop'),
    );
    assert.equal(d.serviceAccountPermissionLevel, 'DEFAULT');
  });
});

describe('network policy coverage', () => {
  const netpol = (name: string, spec: Record<string, unknown>, namespace = 'shop') => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec,
  });
  const cover = (...objs: unknown[]) => {
    const d = load(web(), ...objs);
    const n = d.networkPoliciesApplied!;
    return [n.hasIngressNetworkPolicy, n.hasEgressNetworkPolicy, n.policies];
  };

  it('none without policies', () => {
    assert.deepEqual(cover(), [false, false, []]);
  });

  it('an empty podSelector selects every pod; no policyTypes means Ingress', () => {
    assert.deepEqual(cover(netpol('deny-all', { podSelector: {} })), [true, false, ['deny-all']]);
  });

  it('no policyTypes with an egress section means Ingress and Egress', () => {
    assert.deepEqual(cover(netpol('both', { podSelector: { matchLabels: { app: 'web' } }, egress: [] })), [
      true,
      true,
      ['both'],
    ]);
  });

  it('explicit policyTypes Egress only', () => {
    assert.deepEqual(
      cover(
        netpol('out', {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] },
          policyTypes: ['Egress'],
        }),
      ),
      [false, true, ['out']],
    );
  });

  it('ignores policies that select other pods or live in another namespace', () => {
    assert.deepEqual(
      cover(
        netpol('api', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'] }),
        netpol('not-front', {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] },
        }),
        netpol('other', { podSelector: {} }, 'elsewhere'),
      ),
      [false, false, []],
    );
  });

  it('records remarks per deployment', () => {
    const text = [web('shop', 'web-sa'), netpol('deny-all', { podSelector: {} })]
      .map((o) => JSON.stringify(o))
      .join('\n---\n');
    const set = loadWorkloads([{ file: 'r.yaml', text }]);
    assert.deepEqual(set.remarks, [
      { name: 'web', permissionLevel: 'NONE', appliedNetworkPolicies: ['deny-all'] },
    ]);
  });
});
