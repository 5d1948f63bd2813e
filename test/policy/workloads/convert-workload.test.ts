import assert from 'node:assert/strict';

import type { Deployment } from '../../../src/model/deployment.js';
import { loadWorkloads } from '../../../src/policy/workloads/load-workloads.js';
import { isRampartError } from '../../../src/runtime/errors.js';

const podSpec = (extra: Record<string, unknown> = {}) => ({
  containers: [{ name: 'app', image: 'registry.example.com/team/app:1.0' }],
  ...extra,
});
const template = (
  labels: Record<string, string> = { app: 'x' },
  spec: Record<string, unknown> = podSpec(),
) => ({
  metadata: { labels },
  spec,
});

function load(...objs: unknown[]): Deployment[] {
  const text = objs.map((o) => JSON.stringify(o)).join('\n---\n');
  return loadWorkloads([{ file: 'test.yaml', text }]).workloads.map((w) => w.deployment);
}

function one(obj: unknown): Deployment {
  const ds = load(obj);
  assert.equal(ds.length, 1);
  return ds[0]!;
}

describe('convertWorkload', () => {
  describe('every workload kind', () => {
    const kinds: Array<[string, string, Record<string, unknown>, number]> = [
      [
        'apps/v1',
        'Deployment',
        { replicas: 3, selector: { matchLabels: { app: 'x' } }, template: template() },
        3,
      ],
      [
        'apps/v1',
        'StatefulSet',
        { serviceName: 's', selector: { matchLabels: { app: 'x' } }, template: template() },
        1,
      ],
      ['apps/v1', 'DaemonSet', { selector: { matchLabels: { app: 'x' } }, template: template() }, 0],
      [
        'apps/v1',
        'ReplicaSet',
        { replicas: 2, selector: { matchLabels: { app: 'x' } }, template: template() },
        2,
      ],
      ['v1', 'ReplicationController', { selector: { app: 'x' }, template: template() }, 1],
      ['batch/v1', 'Job', { template: template() }, 0],
      ['batch/v1', 'CronJob', { schedule: '* * * * *', jobTemplate: { spec: { template: template() } } }, 0],
      [
        'apps.openshift.io/v1',
        'DeploymentConfig',
        { replicas: 4, selector: { app: 'x' }, template: template() },
        4,
      ],
    ];
    for (const [apiVersion, kind, spec, replicas] of kinds) {
      it(kind, () => {
        const d = one({ apiVersion, kind, metadata: { name: `my-${kind.toLowerCase()}` }, spec });
        assert.equal(d.type, kind);
        assert.equal(d.name, `my-${kind.toLowerCase()}`);
        assert.equal(d.replicas, replicas);
        assert.deepEqual(d.podLabels, { app: 'x' });
        assert.equal(d.containers?.length, 1);
        assert.equal(d.containers![0]!.image?.name?.fullName, 'registry.example.com/team/app:1.0');
        assert.equal(d.containers![0]!.id, `${d.id}:app`);
      });
    }

    it('Pod (spec at the top level, labels from metadata)', () => {
      const d = one({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', labels: { a: 'b' } },
        spec: podSpec(),
      });
      assert.equal(d.type, 'Pod');
      assert.deepEqual(d.podLabels, { a: 'b' });
      assert.equal(d.replicas, 0);
    });

    it('skips objects owned by a tracked workload', () => {
      const owned = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: 'rs',
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'u' }],
        },
        spec: { template: template() },
      };
      const crOwned = {
        ...owned,
        metadata: {
          name: 'rs2',
          ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Deployment', name: 'x' }],
        },
      };
      assert.deepEqual(
        load(owned, crOwned).map((d) => d.name),
        ['rs2'],
      );
    });
  });

  it('applies Kubernetes defaults', () => {
    const d = one({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: template() },
    });
    assert.equal(d.namespace, 'default');
    assert.equal(d.serviceAccount, 'default');
    assert.equal(d.automountServiceAccountToken, true);
    assert.equal(d.hostNetwork, false);
    assert.equal(d.replicas, 1);
    const c = d.containers![0]!;
    assert.equal(c.type, 'REGULAR');
    assert.equal(c.securityContext?.privileged, false);
    assert.deepEqual(c.resources, {
      cpuCoresRequest: 0,
      cpuCoresLimit: 0,
      memoryMbRequest: 0,
      memoryMbLimit: 0,
    });
    assert.equal(c.livenessProbe?.defined, false);
  });

  it('reads pod-level settings', () => {
    const spec = podSpec({
      serviceAccountName: 'robot',
      automountServiceAccountToken: false,
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      runtimeClassName: 'gvisor',
      imagePullSecrets: [{ name: 'pull' }],
    });
    const d = one({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns1' }, spec });
    assert.equal(d.namespace, 'ns1');
    assert.equal(d.serviceAccount, 'robot');
    assert.equal(d.automountServiceAccountToken, false);
    assert.equal(d.hostNetwork && d.hostPid && d.hostIpc, true);
    assert.equal(d.runtimeClass, 'gvisor');
    assert.deepEqual(d.imagePullSecrets, ['pull']);
    assert.deepEqual(d.containers![0]!.secrets, [{ name: 'pull' }]);
  });

  it('converts resources, with a missing request defaulting to its limit', () => {
    const container = {
      name: 'app',
      image: 'app',
      resources: { requests: { cpu: '250m' }, limits: { cpu: 1, memory: '256Mi' } },
    };
    const d = one({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [container] },
    });
    assert.deepEqual(d.containers![0]!.resources, {
      cpuCoresRequest: 0.25,
      cpuCoresLimit: 1,
      memoryMbRequest: 256,
      memoryMbLimit: 256,
    });
  });

  it('names the object when a quantity is invalid', () => {
    const container = { name: 'app', image: 'app', resources: { limits: { memory: '10 MB' } } };
    assert.throws(
      () =>
        load({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'broken' },
          spec: { containers: [container] },
        }),
      (e: unknown) =>
        isRampartError(e, 'WORKLOAD_QUANTITY_INVALID') &&
        /test\.yaml \(document 1.*Pod "broken"/.test((e as Error).message),
    );
  });

  it('converts every environment source', () => {
    const env = [
      { name: 'PLAIN', value: 'v' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } },
      { name: 'CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', containerName: 'app' } } },
      { name: 'ODD', valueFrom: {} },
    ];
    const container = {
      name: 'app',
      image: 'app',
      env,
      envFrom: [{ secretRef: { name: 'bulk' } }, { configMapRef: { name: 'c' } }],
    };
    const d = one({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [container] },
    });
    const c = d.containers![0]!;
    assert.deepEqual(c.config?.env, [
      { key: 'PLAIN', value: 'v', envVarSource: 'RAW' },
      { key: 'PASSWORD', value: 'Refers to secret "db" with key "pw"', envVarSource: 'SECRET_KEY' },
      { key: 'CM', value: 'Refers to config map "cfg" with key "k"', envVarSource: 'CONFIG_MAP_KEY' },
      { key: 'NODE', value: 'Refers to field "spec.nodeName"', envVarSource: 'FIELD' },
      {
        key: 'MEM',
        value: 'Refers to resource "limits.memory" from container "app"',
        envVarSource: 'RESOURCE_FIELD',
      },
      { key: 'ODD', value: 'Unknown environment value reference', envVarSource: 'UNKNOWN' },
    ]);
    assert.deepEqual(c.secrets, [{ name: 'bulk' }, { name: 'db' }]);
  });

  it('converts volumes by type; secret volumes become container secrets', () => {
    const volumes = [
      { name: 'host', hostPath: { path: '/var/run/docker.sock' } },
      { name: 'cfg', configMap: { name: 'settings' } },
      { name: 'tmp', emptyDir: { medium: 'Memory' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'pvc-1' } },
      { name: 'creds', secret: { secretName: 'tls' } },
      { name: 'proj', projected: { sources: [] } },
      { name: 'share', nfs: { server: 'nfs.local', path: '/exports' } },
    ];
    const mounts = [
      { name: 'host', mountPath: '/sock', mountPropagation: 'Bidirectional' },
      { name: 'cfg', mountPath: '/etc/cfg', readOnly: true },
      { name: 'tmp', mountPath: '/tmp', mountPropagation: 'HostToContainer' },
      { name: 'data', mountPath: '/data' },
      { name: 'creds', mountPath: '/tls' },
      { name: 'proj', mountPath: '/proj' },
      { name: 'share', mountPath: '/share' },
      { name: 'missing', mountPath: '/nowhere' },
    ];
    const d = one({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { volumes, containers: [{ name: 'a', image: 'a', volumeMounts: mounts }] },
    });
    const c = d.containers![0]!;
    assert.deepEqual(
      c.volumes!.map((v) => [v.name, v.type, v.source, v.destination, v.readOnly, v.mountPropagation]),
      [
        ['host', 'HostPath', '/var/run/docker.sock', '/sock', false, 'BIDIRECTIONAL'],
        ['cfg', 'ConfigMap', 'settings', '/etc/cfg', true, 'NONE'],
        ['tmp', 'EmptyDir', 'Memory', '/tmp', false, 'HOST_TO_CONTAINER'],
        ['data', 'PersistentVolumeClaim', 'pvc-1', '/data', false, 'NONE'],
        ['proj', 'unknown', '', '/proj', false, 'NONE'],
        ['share', 'NFS', 'nfs.local//exports', '/share', false, 'NONE'],
        ['missing', 'unknown', '', '/nowhere', false, 'NONE'],
      ],
    );
    assert.deepEqual(c.secrets, [{ name: 'tls', path: '/tls' }]);
  });

  it('converts the security context, seccomp and AppArmor', () => {
    const container = {
      name: 'app',
      image: 'app',
      securityContext: {
        privileged: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: true,
        runAsUser: 0,
        capabilities: { add: ['SYS_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      },
    };
    const other = {
      name: 'other',
      image: 'other',
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
    };
    const d = one({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/custom' },
      },
      spec: {
        securityContext: { seccompProfile: { type: 'Unconfined' }, runAsUser: 1000 },
        containers: [container, other],
      },
    });
    const [a, b] = d.containers!;
    assert.equal(a!.securityContext?.privileged, true);
    assert.equal(a!.securityContext?.readOnlyRootFilesystem, true);
    assert.equal(a!.securityContext?.allowPrivilegeEscalation, true);
    assert.deepEqual(a!.securityContext?.addCapabilities, ['SYS_ADMIN', 'NET_RAW']);
    assert.deepEqual(a!.securityContext?.dropCapabilities, ['ALL']);
    assert.equal(a!.securityContext?.seccompProfile?.type, 'UNCONFINED');
    assert.equal(a!.securityContext?.runAsUser, 0);
    assert.equal(a!.config?.uid, 0);
    assert.equal(a!.config?.appArmorProfile, 'localhost/custom');
    assert.equal(b!.config?.appArmorProfile, 'unconfined');
    assert.equal(b!.securityContext?.runAsUser, 1000);
  });

  it('lists init containers after regular ones with type INIT, without their ports', () => {
    const spec = {
      containers: [{ name: 'main', image: 'main', ports: [{ containerPort: 80 }] }],
      initContainers: [{ name: 'setup', image: 'busybox:latest', ports: [{ containerPort: 9 }] }],
    };
    const d = one({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
    assert.deepEqual(
      d.containers!.map((c) => [c.name, c.type]),
      [
        ['main', 'REGULAR'],
        ['setup', 'INIT'],
      ],
    );
    assert.deepEqual(
      d.ports!.map((p) => p.containerPort),
      [80],
    );
  });

  it('converts ports, probes and host ports', () => {
    const container = {
      name: 'app',
      image: 'app',
      ports: [
        { containerPort: 8080, name: 'http' },
        { containerPort: 53, protocol: 'UDP', hostPort: 53 },
      ],
      livenessProbe: { httpGet: { path: '/', port: 8080 } },
      readinessProbe: {},
    };
    const d = one({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [container] },
    });
    assert.deepEqual(
      d.ports!.map((p) => [
        p.containerPort,
        p.protocol,
        p.exposure,
        p.exposureInfos?.map((i) => [i.level, i.nodePort]),
      ]),
      [
        [8080, 'TCP', 'UNSET', []],
        [53, 'UDP', 'HOST', [['HOST', 53]]],
      ],
    );
    assert.equal(d.containers![0]!.livenessProbe?.defined, true);
    assert.equal(d.containers![0]!.readinessProbe?.defined, false);
  });

  it('defaults host ports to container ports on the host network, as the API server does', () => {
    const spec = {
      hostNetwork: true,
      containers: [
        {
          name: 'dns',
          image: 'dns',
          ports: [
            { containerPort: 53, protocol: 'UDP' },
            { containerPort: 9153, hostPort: 19153 },
          ],
        },
      ],
    };
    const d = one({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
    assert.deepEqual(
      d.ports!.map((p) => [p.containerPort, p.exposure, p.exposureInfos?.[0]?.nodePort]),
      [
        [53, 'HOST', 53],
        [9153, 'HOST', 19153],
      ],
    );
  });

  it('reports unregistered kinds as ignored and leaves related objects out of the deployments', () => {
    const text = [
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec() },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n---\n');
    const set = loadWorkloads([{ file: 'f.yaml', text }]);
    assert.deepEqual(set.ignoredObjectRefs, [
      'ns/w[example.com/v1, Kind=Widget]',
      'c[cert-manager.io/v1, Kind=Certificate]',
    ]);
    assert.deepEqual(
      set.workloads.map((w) => w.deployment.name),
      ['p'],
    );
    assert.equal(set.objects.length, 4);
    assert.deepEqual(set.workloads[0]!.source, { file: 'f.yaml', documentIndex: 3, line: 7, column: 1 });
    assert.deepEqual(
      set.ignoredObjects.map((i) => [i.source.documentIndex, i.source.line]),
      [
        [0, 1],
        [1, 3],
      ],
    );
  });

  it('gives stable ids that differ per object', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec() };
    const a = load(obj, { ...obj, metadata: { name: 'q' } });
    const b = load(obj, { ...obj, metadata: { name: 'q' } });
    assert.equal(a[0]!.id, b[0]!.id);
    assert.notEqual(a[0]!.id, a[1]!.id);
    assert.match(a[0]!.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
