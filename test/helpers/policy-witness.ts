/**
 * Builds evaluation inputs for policy tests: a hardened "good" deployment/image/event set that no
 * StackRox default policy should flag, and `applySection`, which mutates a copy so that one
 * section's groups all hold on container 0 / component 0 / vuln 0 / port 0 (a linked witness).
 */
import type { Deployment } from '../../src/model/deployment.js';
import type { Image } from '../../src/model/image.js';
import type {
  KubernetesEvent,
  NetworkFlowEvent,
  ProcessBaseline,
  ProcessIndicator,
  FileAccessEvent,
} from '../../src/model/runtime-event.js';
import type { PolicyGroup } from '../../src/policy/index.js';
import { sampleFor } from './re2-sample.js';

export { sampleFor };

export const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

export interface Witness {
  deployment: Deployment;
  image: Image;
  process: ProcessIndicator;
  baseline?: ProcessBaseline;
  kubeEvent: KubernetesEvent;
  networkFlow: NetworkFlowEvent;
  fileAccess: FileAccessEvent;
}

export function goodWitness(): Witness {
  const image: Image = {
    id: 'sha256:' + 'a'.repeat(64),
    name: {
      registry: 'registry.example.org',
      remote: 'acme/payments',
      tag: '1.4.2',
      fullName: 'registry.example.org/acme/payments:1.4.2',
    },
    metadata: {
      v1: {
        created: daysAgo(10),
        user: 'app',
        labels: { 'required-label': 'required-value', maintainer: 'acme' },
        layers: [
          { instruction: 'COPY', value: 'app /app' },
          { instruction: 'USER', value: 'app' },
        ],
      },
    },
    scan: {
      scanTime: daysAgo(1),
      operatingSystem: 'debian:12',
      components: [
        {
          name: 'libc6',
          version: '2.36-9',
          vulns: [{ cve: 'CVE-2099-0001', cvss: 3.1, severity: 'LOW_VULNERABILITY_SEVERITY', fixedBy: '' }],
        },
      ],
    },
    signatureVerificationData: { results: [] },
  };
  const deployment: Deployment = {
    id: 'dep-1',
    name: 'payments',
    type: 'Deployment',
    namespace: 'payments',
    clusterId: 'c-1',
    replicas: 2,
    labels: { owner: 'team-a', team: 'a', app: 'payments' },
    podLabels: { app: 'payments' },
    annotations: { email: 'team-a@example.org', owner: 'team-a' },
    serviceAccount: 'payments-sa',
    serviceAccountPermissionLevel: 'NONE',
    automountServiceAccountToken: false,
    networkPoliciesApplied: { hasIngressNetworkPolicy: true, hasEgressNetworkPolicy: true },
    ports: [
      {
        containerPort: 8080,
        protocol: 'TCP',
        exposure: 'INTERNAL',
        exposureInfos: [{ level: 'INTERNAL', serviceName: 'payments', servicePort: 80 }],
      },
    ],
    containers: [
      {
        name: 'app',
        image: { id: image.id, name: { ...image.name } },
        config: {
          env: [{ key: 'LOG_LEVEL', value: 'info', envVarSource: 'RAW' }],
          appArmorProfile: 'runtime/default',
        },
        securityContext: {
          privileged: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          dropCapabilities: ['ALL'],
          seccompProfile: { type: 'RUNTIME_DEFAULT' },
        },
        resources: { cpuCoresRequest: 0.5, cpuCoresLimit: 1, memoryMbRequest: 128, memoryMbLimit: 256 },
        livenessProbe: { defined: true },
        readinessProbe: { defined: true },
        volumes: [
          {
            name: 'data',
            source: 'data-pvc',
            destination: '/data',
            type: 'PersistentVolumeClaim',
            readOnly: false,
            mountPropagation: 'NONE',
          },
        ],
      },
    ],
  };
  return {
    deployment,
    image,
    process: {
      containerName: 'app',
      signal: {
        name: 'ls',
        execFilePath: '/bin/ls',
        args: '-l',
        uid: 1000,
        lineageInfo: [{ parentExecFilePath: '/bin/bash', parentUid: 1000 }],
      },
    },
    kubeEvent: {
      object: { name: 'app-config', resource: 'CONFIGMAPS', namespace: 'payments' },
      apiVerb: 'GET',
      user: { username: 'alice', groups: ['dev'] },
    },
    networkFlow: {
      srcEntityName: 'payments',
      dstEntityName: 'db',
      dstPort: 5432,
      l4Protocol: 'L4_PROTOCOL_TCP',
      notInNetworkBaseline: false,
    },
    fileAccess: { file: { actualPath: '/tmp/x' }, operation: 'OPEN' },
  };
}

/** A number satisfying every comparator value of a group (AND) or the first (OR). */
function numberFor(g: PolicyGroup): number {
  const tests = g.values.map((v) => {
    const m = /^\s*(<=|>=|<|>)?\s*(.*)$/.exec(v.value)!;
    const n = Number(m[2]);
    return (x: number) =>
      m[1] === '<' ? x < n : m[1] === '<=' ? x <= n : m[1] === '>' ? x > n : m[1] === '>=' ? x >= n : x === n;
  });
  const need = g.booleanOperator === 'AND' ? tests : tests.slice(0, 1);
  const plain = /^\s*-?[\d.]+\s*$/.test(g.values[0]!.value) ? [Number(g.values[0]!.value)] : [];
  for (const x of [...plain, 0, 1, 7.5, 9.8, 22, 80, 1024, 30000]) if (need.every((t) => t(x))) return x;
  throw new Error(`no number for ${JSON.stringify(g.values)}`);
}

const UNMATCHED = 'zz-unmatched-value';

/** Mutates `w` so that the group holds on the linked first elements. */
export function applyGroup(w: Witness, g: PolicyGroup): void {
  const d = w.deployment;
  const c = d.containers![0]!;
  const v0 = g.values[0]!.value;
  const s = () => (g.negate ? UNMATCHED : sampleFor(v0));
  const comp = w.image.scan!.components![0]!;
  const vuln = comp.vulns![0]!;
  const sev = /(UNKNOWN|LOW|MODERATE|IMPORTANT|CRITICAL)/i.exec(v0)?.[1]?.toUpperCase();
  switch (g.fieldName) {
    case 'Automount Service Account Token':
      d.automountServiceAccountToken = v0 === 'true';
      break;
    case 'Service Account':
      d.serviceAccount = s();
      break;
    case 'Namespace':
      d.namespace = s();
      break;
    case 'Host Network':
      d.hostNetwork = v0 === 'true';
      break;
    case 'Host PID':
      d.hostPid = v0 === 'true';
      break;
    case 'Host IPC':
      d.hostIpc = v0 === 'true';
      break;
    case 'Has Ingress Network Policy':
      d.networkPoliciesApplied!.hasIngressNetworkPolicy = v0 === 'true';
      break;
    case 'Has Egress Network Policy':
      d.networkPoliciesApplied!.hasEgressNetworkPolicy = v0 === 'true';
      break;
    case 'Disallowed Annotation': {
      const [k, v] = [v0.slice(0, v0.indexOf('=')), v0.slice(v0.indexOf('=') + 1)];
      d.annotations![sampleFor(k)] = v ? sampleFor(v) : 'yes';
      break;
    }
    case 'Required Annotation':
      d.annotations = {};
      break;
    case 'Required Label':
      d.labels = {};
      break;
    case 'Exposed Port':
      d.ports![0]!.containerPort = numberFor(g);
      break;
    case 'Exposed Port Protocol':
      d.ports![0]!.protocol = v0.toUpperCase();
      break;
    case 'Exposed Node Port':
      d.ports![0]!.exposureInfos![0]!.nodePort = numberFor(g);
      break;
    case 'Port Exposure Method':
      d.ports![0]!.exposureInfos![0]!.level = v0 as 'NODE';
      break;
    case 'Privileged Container':
      c.securityContext!.privileged = v0 === 'true';
      break;
    case 'Read-Only Root Filesystem':
      c.securityContext!.readOnlyRootFilesystem = v0 === 'true';
      break;
    case 'Allow Privilege Escalation':
      c.securityContext!.allowPrivilegeEscalation = v0 === 'true';
      break;
    case 'Add Capabilities':
      c.securityContext!.addCapabilities = [v0];
      break;
    case 'Drop Capabilities':
      c.securityContext!.dropCapabilities = [];
      break;
    case 'AppArmor Profile':
      c.config!.appArmorProfile = s();
      break;
    case 'Seccomp Profile Type':
      c.securityContext!.seccompProfile = { type: v0 as 'UNCONFINED' };
      break;
    case 'Container CPU Request':
      c.resources!.cpuCoresRequest = numberFor(g);
      break;
    case 'Container Memory Limit':
      c.resources!.memoryMbLimit = numberFor(g);
      break;
    case 'Mount Propagation':
      c.volumes![0]!.mountPropagation = v0 === 'HOSTTOCONTAINER' ? 'HOST_TO_CONTAINER' : (v0 as 'NONE');
      break;
    case 'Volume Source':
      c.volumes![0]!.source = s();
      break;
    case 'Environment Variable': {
      const [src, key, val] = [v0.split('=')[0]!, v0.split('=')[1]!, v0.split('=').slice(2).join('=')];
      c.config!.env!.push({
        envVarSource: (src || 'RAW') as 'RAW',
        key: key ? sampleFor(key) : 'K',
        value: val ? sampleFor(val) : '',
      });
      break;
    }
    case 'Image Tag':
      c.image!.name!.tag = w.image.name!.tag = s();
      break;
    case 'Image Registry':
      c.image!.name!.registry = w.image.name!.registry = s();
      break;
    case 'Image Remote':
      c.image!.name!.remote = w.image.name!.remote = s();
      break;
    case 'Image User':
      w.image.metadata!.v1!.user = s();
      break;
    case 'Image Age':
      w.image.metadata!.v1!.created = daysAgo(Number(v0) + 1);
      break;
    case 'Image Scan Age':
      w.image.scan!.scanTime = daysAgo(Number(v0) + 1);
      break;
    case 'Unscanned Image':
      w.image.scan = null;
      break;
    case 'Required Image Label':
      w.image.metadata!.v1!.labels = {};
      break;
    case 'Image Signature Verified By':
      w.image.signatureVerificationData = { results: [] };
      break;
    case 'Dockerfile Line': {
      const i = v0.indexOf('=');
      w.image.metadata!.v1!.layers!.push({
        instruction: v0.slice(0, i) || 'RUN',
        value: sampleFor(v0.slice(i + 1) || '.*'),
      });
      break;
    }
    case 'Image Component': {
      const i = v0.indexOf('=');
      comp.name = sampleFor(v0.slice(0, i));
      if (v0.slice(i + 1)) comp.version = sampleFor(v0.slice(i + 1));
      break;
    }
    case 'CVE':
      vuln.cve = s();
      break;
    case 'CVSS':
      vuln.cvss = numberFor(g);
      break;
    case 'Fixed By':
      vuln.fixedBy = '9.9.9';
      break;
    case 'Severity':
      vuln.severity =
        `${sev === 'IMPORTANT' || sev === 'LOW' ? 'CRITICAL' : sev}_VULNERABILITY_SEVERITY` as 'CRITICAL_VULNERABILITY_SEVERITY';
      break;
    case 'Process Name':
      w.process.signal.name = s();
      w.process.signal.execFilePath = '/usr/bin/' + w.process.signal.name;
      break;
    case 'Process Ancestor':
      w.process.signal.lineageInfo = [{ parentExecFilePath: s(), parentUid: 0 }];
      break;
    case 'Process Arguments':
      w.process.signal.args = g.negate ? 'status' : sampleFor(v0);
      break;
    case 'Process UID':
      w.process.signal.uid = numberFor(g);
      break;
    case 'Unexpected Process Executed':
      w.baseline = { userLockedTimestamp: daysAgo(5), elements: [{ element: { processName: '/bin/true' } }] };
      break;
    case 'Kubernetes Resource':
      w.kubeEvent.object.resource = v0 as 'SECRETS';
      break;
    case 'Kubernetes API Verb':
      w.kubeEvent.apiVerb = v0 as 'GET';
      break;
    case 'Kubernetes Resource Name':
      w.kubeEvent.object.name = v0;
      break;
    case 'Kubernetes User Name':
      w.kubeEvent.user = { username: g.negate ? UNMATCHED : v0, groups: [] };
      break;
    case 'Is Impersonated User':
      w.kubeEvent.impersonatedUser = { username: 'mallory' };
      break;
    case 'Unexpected Network Flow Detected':
      w.networkFlow.notInNetworkBaseline = v0 === 'true';
      break;
    default:
      throw new Error(`witness has no rule for field ${g.fieldName}`);
  }
}
