/**
 * One violating ("bad") and one compliant ("good") input per default policy, keyed by the
 * policy's file name. Inputs start from a hardened workload and a clean image and change only
 * what the policy is about, so each pair shows the policy reacting to exactly its own risk.
 */
import type { Image } from '../../../src/model/image.js';
import type {
  KubernetesEvent,
  NetworkFlowEvent,
  ProcessBaseline,
  ProcessIndicator,
} from '../../../src/model/runtime-event.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Kube = Record<string, any>;

export type PolicyCase =
  | { kind: 'deploy'; objects: Kube[]; image?: Image | null }
  | { kind: 'image'; image: Image }
  | {
      kind: 'runtime';
      objects: Kube[];
      process?: ProcessIndicator;
      baseline?: ProcessBaseline;
      kubeEvent?: KubernetesEvent;
      networkFlow?: NetworkFlowEvent;
    };

export const IMAGE_REF = 'registry.example.com/team/app:1.4.2';
const NOW = Date.now();
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString();

/** A hardened Deployment plus a NetworkPolicy covering ingress and egress; `patch` edits copies. */
export function workload(
  patch: (d: Kube, pod: Kube, c: Kube) => void = () => {},
  extra: Kube[] = [],
): Kube[] {
  const deployment: Kube = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'svc',
      namespace: 'apps',
      labels: { app: 'svc', owner: 'payments' },
      annotations: { owner: 'payments', email: 'payments@example.com' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'svc' } },
      template: {
        metadata: { labels: { app: 'svc' } },
        spec: {
          serviceAccountName: 'svc',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image: IMAGE_REF,
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: {
                requests: { cpu: '100m', memory: '64Mi' },
                limits: { cpu: '500m', memory: '128Mi' },
              },
              securityContext: {
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                runAsUser: 1000,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
  const netpol: Kube = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'svc', namespace: 'apps' },
    spec: { podSelector: { matchLabels: { app: 'svc' } }, policyTypes: ['Ingress', 'Egress'] },
  };
  const pod = deployment.spec.template.spec;
  patch(deployment, pod, pod.containers[0]);
  return [deployment, ...(deployment.metadata.noNetpol ? [] : [netpol]), ...extra].map((o) => {
    if (o.metadata?.noNetpol) delete o.metadata.noNetpol;
    return o;
  });
}

/** A recent, scanned, non-root image with no findings. */
export function image(patch: (img: Image & { metadata: any; scan: any }) => void = () => {}): Image {
  const img: Image & { metadata: any; scan: any } = {
    id: 'sha256:' + '1'.repeat(64),
    name: { registry: 'registry.example.com', remote: 'team/app', tag: '1.4.2', fullName: IMAGE_REF },
    metadata: {
      v1: {
        created: daysAgo(10),
        user: '1000',
        labels: { 'required-label-team': 'required-value-payments' },
        layers: [
          { instruction: 'COPY', value: 'server /app/server' },
          { instruction: 'USER', value: '1000' },
          { instruction: 'CMD', value: '["/app/server"]' },
        ],
      },
    },
    scan: {
      scanTime: daysAgo(1),
      operatingSystem: 'alpine:3.19',
      components: [{ name: 'musl', version: '1.2.4', vulns: [] }],
    },
  };
  patch(img);
  return img;
}

const vuln = (cve: string, cvss: number, severity: string, fixedBy: string) => ({
  cve,
  cvss,
  severity: severity as any,
  fixedBy,
  state: 'OBSERVED' as const,
});
const withComponent =
  (name: string, version = '1.0', vulns: any[] = []) =>
  (img: any) => {
    img.scan.components.push({ name, version, vulns });
  };
const withLayer = (instruction: string, value: string) => (img: any) => {
  img.metadata.v1.layers.push({ instruction, value });
};

export function proc(
  name: string,
  opts: { args?: string; uid?: number; path?: string; parent?: string } = {},
): ProcessIndicator {
  return {
    containerName: 'app',
    namespace: 'apps',
    podId: 'svc-7d9f-abcde',
    signal: {
      name,
      args: opts.args ?? '',
      execFilePath: opts.path ?? `/usr/bin/${name}`,
      uid: opts.uid ?? 1000,
      gid: 1000,
      time: new Date(NOW).toISOString(),
      ...(opts.parent ? { lineageInfo: [{ parentUid: 1000, parentExecFilePath: opts.parent }] } : {}),
    },
  };
}

const runtime = (p: ProcessIndicator, objects = workload()): PolicyCase => ({
  kind: 'runtime',
  objects,
  process: p,
});
const processPair = (bad: string, good = 'server', badOpts = {}, goodOpts = {}) => ({
  bad: runtime(proc(bad, badOpts)),
  good: runtime(proc(good, goodOpts)),
});
const deploy = (
  patch: (d: Kube, pod: Kube, c: Kube) => void,
  extra: Kube[] = [],
  img: Image | null = image(),
): PolicyCase => ({
  kind: 'deploy',
  objects: workload(patch, extra),
  image: img,
});
const clean: PolicyCase = deploy(() => {});
const imageCase = (patch: Parameters<typeof image>[0]): PolicyCase => ({
  kind: 'image',
  image: image(patch),
});
const cleanImage: PolicyCase = imageCase(() => {});

const kubeEvent = (resource: string, extra: Partial<KubernetesEvent> = {}): KubernetesEvent => ({
  object: { resource: resource as any, name: 'svc-7d9f-abcde', namespace: 'apps' },
  apiVerb: 'CREATE',
  user: { username: 'alice', groups: ['system:authenticated'] },
  timestamp: new Date(NOW).toISOString(),
  ...extra,
});
const eventCase = (e: KubernetesEvent): PolicyCase => ({
  kind: 'runtime',
  objects: workload(),
  kubeEvent: e,
});
const secretRead = (name: string, user: string, extra: Partial<KubernetesEvent> = {}) =>
  kubeEvent('SECRETS', {
    object: { resource: 'SECRETS', name, namespace: 'ops' },
    apiVerb: 'GET',
    user: { username: user },
    ...extra,
  });

const service = (type: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'svc', namespace: 'apps' },
  spec: { type, selector: { app: 'svc' }, ports: [{ port: 80, targetPort: 'http' }] },
});
const clusterAdmin = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'everything' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'svc-everything' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'everything' },
    subjects: [{ kind: 'ServiceAccount', name: 'svc', namespace: 'apps' }],
  },
];
const readOnlyRole = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'read', namespace: 'apps' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'svc-read', namespace: 'apps' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read' },
    subjects: [{ kind: 'ServiceAccount', name: 'svc', namespace: 'apps' }],
  },
];
const fixableImportant = withComponent('openssl', '3.0.1', [
  vuln('CVE-2024-0001', 7.5, 'IMPORTANT_VULNERABILITY_SEVERITY', '3.0.13'),
]);
const unfixedImportant = withComponent('openssl', '3.0.1', [
  vuln('CVE-2024-0001', 7.5, 'IMPORTANT_VULNERABILITY_SEVERITY', ''),
]);
const hostPathMount = (path: string, propagation?: string) => (_d: Kube, pod: Kube, c: Kube) => {
  pod.volumes = [{ name: 'host', hostPath: { path } }];
  c.volumeMounts = [
    { name: 'host', mountPath: '/host', ...(propagation ? { mountPropagation: propagation } : {}) },
  ];
};
const RH_VERIFIER = 'io.stackrox.signatureintegration.12a37a37-760e-4388-9e79-d62726c075b2';
const redHatImage = (verified: boolean) => (img: any) => {
  img.name = {
    registry: 'registry.redhat.io',
    remote: 'ubi9/ubi-minimal',
    tag: '9.4',
    fullName: 'registry.redhat.io/ubi9/ubi-minimal:9.4',
  };
  if (verified) {
    img.signatureVerificationData = {
      results: [
        {
          verifierId: RH_VERIFIER,
          status: 'VERIFIED',
          verifiedImageReferences: ['registry.redhat.io/ubi9/ubi-minimal:9.4'],
        },
      ],
    };
  }
};

export const defaultPolicyCases: Record<string, { bad: PolicyCase; good: PolicyCase }> = {
  // ---- deploy-time
  'privileged-container': { bad: deploy((_d, _p, c) => (c.securityContext.privileged = true)), good: clean },
  'privilege-escalation-allowed': {
    bad: deploy((_d, _p, c) => (c.securityContext.allowPrivilegeEscalation = true)),
    good: clean,
  },
  'cap-sys-admin-added': {
    bad: deploy((_d, _p, c) => (c.securityContext.capabilities.add = ['SYS_ADMIN'])),
    good: deploy((_d, _p, c) => (c.securityContext.capabilities.add = ['NET_BIND_SERVICE'])),
  },
  'capabilities-not-dropped': {
    bad: deploy((_d, _p, c) => (c.securityContext.capabilities.drop = ['NET_RAW'])),
    good: clean,
  },
  'host-network': { bad: deploy((_d, pod) => (pod.hostNetwork = true)), good: clean },
  'host-pid': { bad: deploy((_d, pod) => (pod.hostPID = true)), good: clean },
  'host-ipc': { bad: deploy((_d, pod) => (pod.hostIPC = true)), good: clean },
  'container-runtime-socket': {
    bad: deploy(hostPathMount('/var/run/docker.sock')),
    good: deploy(hostPathMount('/mnt/cache')),
  },
  'sensitive-host-paths': {
    bad: deploy(hostPathMount('/etc/kubernetes')),
    good: deploy(hostPathMount('/mnt/cache')),
  },
  'bidirectional-mount-propagation': {
    bad: deploy(hostPathMount('/mnt/shared', 'Bidirectional')),
    good: deploy(hostPathMount('/mnt/shared', 'HostToContainer')),
  },
  'apparmor-unconfined': {
    bad: deploy((_d, _p, c) => (c.securityContext.appArmorProfile = { type: 'Unconfined' })),
    good: deploy((_d, _p, c) => (c.securityContext.appArmorProfile = { type: 'RuntimeDefault' })),
  },
  'seccomp-unconfined': {
    bad: deploy((_d, pod) => (pod.securityContext.seccompProfile = { type: 'Unconfined' })),
    good: clean,
  },
  'writable-root-filesystem': {
    bad: deploy((_d, _p, c) => (c.securityContext.readOnlyRootFilesystem = false)),
    good: clean,
  },
  'default-service-account-token': {
    bad: deploy((_d, pod) => {
      delete pod.serviceAccountName;
      delete pod.automountServiceAccountToken;
    }),
    good: deploy((_d, pod) => delete pod.serviceAccountName),
  },
  'cluster-admin-service-account': {
    bad: deploy(() => {}, clusterAdmin),
    good: deploy(() => {}, readOnlyRole),
  },
  'ssh-port-exposed': {
    bad: deploy((_d, _p, c) => c.ports.push({ containerPort: 22, name: 'ssh' })),
    good: deploy((_d, _p, c) => c.ports.push({ containerPort: 22, protocol: 'UDP' })),
  },
  'privileged-host-port': {
    bad: deploy((_d, _p, c) => (c.ports[0].hostPort = 80)),
    good: deploy((_d, _p, c) => (c.ports[0].hostPort = 8080)),
  },
  'externally-exposed': {
    bad: deploy(() => {}, [service('LoadBalancer')]),
    good: deploy(() => {}, [service('ClusterIP')]),
  },
  'no-ingress-network-policy': { bad: deploy((d) => (d.metadata.noNetpol = true)), good: clean },
  'no-egress-network-policy': {
    bad: deploy(
      (d) => (d.metadata.noNetpol = true),
      [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'in', namespace: 'apps' },
          spec: { podSelector: {}, policyTypes: ['Ingress'] },
        },
      ],
    ),
    good: clean,
  },
  'resources-unset': { bad: deploy((_d, _p, c) => delete c.resources), good: clean },
  'secret-in-env': {
    bad: deploy((_d, _p, c) => (c.env = [{ name: 'STRIPE_SECRET_KEY', value: 'sk_live_x' }])),
    good: deploy((_d, _p, c) => (c.env = [{ name: 'LOG_LEVEL', value: 'info' }])),
  },
  'secret-as-env': {
    bad: deploy(
      (_d, _p, c) =>
        (c.env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]),
    ),
    good: deploy((_d, pod, c) => {
      pod.volumes = [{ name: 'db', secret: { secretName: 'db' } }];
      c.volumeMounts = [{ name: 'db', mountPath: '/run/db', readOnly: true }];
    }),
  },
  'break-glass-annotation': {
    bad: deploy((d) => (d.metadata.annotations['admission.stackrox.io/break-glass'] = 'INC-1234')),
    good: clean,
  },
  'owner-label-missing': { bad: deploy((d) => delete d.metadata.labels.owner), good: clean },
  'owner-annotation-missing': { bad: deploy((d) => delete d.metadata.annotations.owner), good: clean },
  'contact-email-missing': {
    bad: deploy((d) => (d.metadata.annotations.email = 'payments team')),
    good: clean,
  },
  'kubernetes-dashboard': {
    bad: deploy((_d, _p, c) => (c.image = 'docker.io/kubernetesui/dashboard:v2.7.0'), [], null),
    good: clean,
  },
  'unscanned-image': { bad: deploy(() => {}, [], null), good: clean },
  'stale-scan': {
    bad: deploy(
      () => {},
      [],
      image((i) => (i.scan.scanTime = daysAgo(45))),
    ),
    good: clean,
  },
  'privileged-fixable-cvss-6': {
    bad: deploy((_d, _p, c) => (c.securityContext.privileged = true), [], image(fixableImportant)),
    good: deploy((_d, _p, c) => (c.securityContext.privileged = true), [], image(unfixedImportant)),
  },
  'privileged-fixable-important': {
    bad: deploy((_d, _p, c) => (c.securityContext.privileged = true), [], image(fixableImportant)),
    good: deploy(() => {}, [], image(fixableImportant)),
  },
  'run-secrets-volume': {
    bad: deploy(() => {}, [], image(withLayer('VOLUME', '[/run/secrets]'))),
    good: deploy(() => {}, [], image(withLayer('VOLUME', '[/data]'))),
  },

  // ---- image content (build time)
  'latest-tag': {
    bad: imageCase(
      (i) =>
        (i.name = {
          registry: 'docker.io',
          remote: 'library/nginx',
          tag: 'latest',
          fullName: 'docker.io/library/nginx:latest',
        }),
    ),
    good: cleanImage,
  },
  'apk-in-image': {
    bad: imageCase(withComponent('apk-tools', '2.14.0-r5')),
    good: imageCase(withComponent('busybox', '1.36.1')),
  },
  'apt-in-image': {
    bad: imageCase(withComponent('apt', '2.6.1')),
    good: imageCase(withComponent('libc6', '2.36')),
  },
  'rpm-in-image': {
    bad: imageCase(withComponent('microdnf', '3.9.1')),
    good: imageCase(withComponent('glibc', '2.34')),
  },
  'curl-in-image': {
    bad: imageCase(withComponent('curl', '8.5.0')),
    good: imageCase(withComponent('libcurl', '8.5.0')),
  },
  'wget-in-image': { bad: imageCase(withComponent('wget', '1.21.4')), good: cleanImage },
  'image-runs-as-root': { bad: imageCase((i) => (i.metadata.v1.user = 'root')), good: cleanImage },
  'image-older-than-90-days': {
    bad: imageCase((i) => (i.metadata.v1.created = daysAgo(200))),
    good: cleanImage,
  },
  'ssh-port-in-image': {
    bad: imageCase(withLayer('EXPOSE', '22/tcp')),
    good: imageCase(withLayer('EXPOSE', '8080/tcp')),
  },
  'add-instead-of-copy': {
    bad: imageCase(withLayer('ADD', 'https://example.com/app.tgz /app')),
    good: cleanImage,
  },
  'insecure-cmd': { bad: imageCase(withLayer('CMD', '["/app/server", "--insecure"]')), good: cleanImage },
  'package-index-update': {
    bad: imageCase(withLayer('RUN', '/bin/sh -c apt-get update')),
    good: imageCase(withLayer('RUN', '/bin/sh -c apt-get update && apt-get install -y ca-certificates')),
  },
  'required-image-label': {
    bad: imageCase((i) => (i.metadata.v1.labels = { maintainer: 'x' })),
    good: cleanImage,
  },
  log4shell: {
    bad: imageCase(
      withComponent('log4j-core', '2.14.1', [
        vuln('CVE-2021-44228', 10, 'CRITICAL_VULNERABILITY_SEVERITY', '2.15.0'),
      ]),
    ),
    good: imageCase(withComponent('log4j-core', '2.17.1')),
  },
  spring4shell: {
    bad: imageCase(
      withComponent('spring-beans', '5.3.17', [
        vuln('CVE-2022-22965', 9.8, 'CRITICAL_VULNERABILITY_SEVERITY', '5.3.18'),
      ]),
    ),
    good: imageCase(withComponent('spring-beans', '5.3.18')),
  },
  'struts-cve-2017-5638': {
    bad: imageCase(
      withComponent('struts2-core', '2.3.31', [
        vuln('CVE-2017-5638', 10, 'CRITICAL_VULNERABILITY_SEVERITY', '2.3.32'),
      ]),
    ),
    good: imageCase(withComponent('struts2-core', '2.5.33')),
  },
  'http2-rapid-reset': {
    bad: imageCase(
      withComponent('golang.org/x/net', '0.15.0', [
        vuln('CVE-2023-39325', 7.5, 'IMPORTANT_VULNERABILITY_SEVERITY', '0.17.0'),
      ]),
    ),
    good: imageCase(
      withComponent('golang.org/x/net', '0.15.0', [
        vuln('CVE-2023-39325', 5.3, 'MODERATE_VULNERABILITY_SEVERITY', '0.17.0'),
      ]),
    ),
  },
  'fixable-important-vulnerability': { bad: imageCase(fixableImportant), good: imageCase(unfixedImportant) },
  'fixable-cvss-7': {
    bad: imageCase(fixableImportant),
    good: imageCase(
      withComponent('zlib', '1.2', [vuln('CVE-2024-0002', 5.0, 'MODERATE_VULNERABILITY_SEVERITY', '1.3')]),
    ),
  },
  'fixable-vulnerability': {
    bad: imageCase(
      withComponent('zlib', '1.2', [vuln('CVE-2024-0002', 3.1, 'LOW_VULNERABILITY_SEVERITY', '1.3')]),
    ),
    good: imageCase(unfixedImportant),
  },
  'unsigned-red-hat-image': { bad: imageCase(redHatImage(false)), good: imageCase(redHatImage(true)) },

  // ---- runtime processes
  'unexpected-process': {
    bad: {
      kind: 'runtime',
      objects: workload(),
      process: proc('nc', { path: '/usr/bin/nc' }),
      baseline: {
        key: { containerName: 'app', namespace: 'apps' },
        elements: [{ element: { processName: '/app/server' } }],
        userLockedTimestamp: daysAgo(1),
      },
    },
    good: {
      kind: 'runtime',
      objects: workload(),
      process: proc('server', { path: '/app/server' }),
      baseline: {
        key: { containerName: 'app', namespace: 'apps' },
        elements: [{ element: { processName: '/app/server' } }],
        userLockedTimestamp: daysAgo(1),
      },
    },
  },
  'unexpected-network-flow': {
    bad: {
      kind: 'runtime',
      objects: workload(),
      networkFlow: {
        srcEntityName: 'svc',
        srcEntityType: 'DEPLOYMENT',
        dstEntityName: 'External Entities',
        dstEntityType: 'INTERNET',
        dstPort: 4444,
        l4Protocol: 'L4_PROTOCOL_TCP',
        notInNetworkBaseline: true,
      },
    },
    good: {
      kind: 'runtime',
      objects: workload(),
      networkFlow: {
        srcEntityName: 'svc',
        srcEntityType: 'DEPLOYMENT',
        dstEntityName: 'db',
        dstEntityType: 'DEPLOYMENT',
        dstPort: 5432,
        l4Protocol: 'L4_PROTOCOL_TCP',
        notInNetworkBaseline: false,
      },
    },
  },
  'group-add': processPair('groupadd'),
  'user-add': processPair('useradd'),
  'apk-exec': processPair('apk'),
  'apt-exec': processPair('apt-get'),
  'rpm-exec': processPair('microdnf'),
  'chkconfig-exec': processPair('chkconfig'),
  'cron-exec': processPair('crontab'),
  'iptables-exec': processPair('iptables'),
  'iptables-as-root-in-privileged': {
    bad: runtime(
      proc('iptables', { uid: 0 }),
      workload((_d, _p, c) => (c.securityContext.privileged = true)),
    ),
    good: runtime(proc('iptables', { uid: 0 })),
  },
  'shell-from-java': processPair(
    'bash',
    'bash',
    { path: '/bin/bash', parent: '/usr/lib/jvm/bin/java' },
    { path: '/bin/bash', parent: '/usr/bin/python3' },
  ),
  'compiler-exec': processPair('gcc'),
  'crypto-miner-exec': processPair('xmrig'),
  'network-tool-exec': processPair('ifconfig'),
  'netcat-exec': processPair('nc'),
  'nmap-exec': processPair('nmap'),
  'remote-copy-exec': processPair('rsync'),
  'sshd-exec': processPair('sshd'),
  'systemctl-exec': processPair('systemctl', 'systemctl', { args: 'restart nginx' }, { args: '--version' }),
  'systemd-exec': processPair('systemd'),
  'kubelet-contact': processPair(
    'curl',
    'curl',
    { args: '-sk https://10.0.0.12:10250/pods' },
    { args: '-s https://api.example.com/health' },
  ),
  'docker-stats-contact': processPair(
    'curl',
    'curl',
    { args: 'http://10.0.0.12:4194/containers' },
    { args: 'http://10.0.0.12:8080/containers' },
  ),
  'api-server-probe': processPair(
    'curl',
    'curl',
    { args: '-sk https://10.96.0.1:443/api/v1/secrets' },
    { args: '-sk https://10.96.0.1:443/healthz' },
  ),
  'login-binary-exec': processPair('su'),
  'password-tool-exec': processPair('passwd'),
  'shadow-file-tool-exec': processPair('chage'),
  'setuid-binary-exec': processPair('ping'),
  'shell-config-exec': processPair('add-shell'),
  'root-process': processPair('server', 'server', { uid: 0 }, { uid: 1000 }),

  // ---- runtime Kubernetes events
  'pod-exec': {
    bad: eventCase(kubeEvent('PODS_EXEC', { podExecArgs: { container: 'app', commands: ['sh'] } })),
    good: eventCase(kubeEvent('PODS_PORTFORWARD', { podPortForwardArgs: { ports: [8080] } })),
  },
  'pod-attach': {
    bad: eventCase(kubeEvent('PODS_ATTACH', { podAttachArgs: { container: 'app' } })),
    good: eventCase(kubeEvent('PODS_EXEC', { podExecArgs: { container: 'app', commands: ['sh'] } })),
  },
  'pod-port-forward': {
    bad: eventCase(kubeEvent('PODS_PORTFORWARD', { podPortForwardArgs: { ports: [8080] } })),
    good: eventCase(kubeEvent('PODS_ATTACH', { podAttachArgs: { container: 'app' } })),
  },
  'central-admin-secret-read': {
    bad: eventCase(secretRead('central-htpasswd', 'alice')),
    good: eventCase(
      secretRead(
        'central-htpasswd',
        'system:serviceaccount:rhacs-operator:rhacs-operator-controller-manager',
      ),
    ),
  },
  'kubeadmin-secret-read': {
    bad: eventCase(secretRead('kubeadmin', 'mallory')),
    good: eventCase(secretRead('kubeadmin', 'system:apiserver')),
  },
  'impersonated-secret-read': {
    bad: eventCase(secretRead('db-credentials', 'alice', { impersonatedUser: { username: 'bob' } })),
    good: eventCase(secretRead('db-credentials', 'alice')),
  },
};
