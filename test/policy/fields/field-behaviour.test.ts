/**
 * One behavioural case per policy field: a single-section policy stays quiet on the hardened
 * workload and fires once the workload is changed, with StackRox's exact message text
 * (templates from pkg/booleanpolicy/violationmessages/printer/*.go).
 */
import assert from 'node:assert/strict';
import {
  compilePolicies,
  evaluateDeployment,
  policyFields,
  type Policy,
  type PolicyGroup,
  type PolicyViolation,
} from '../../../src/policy/index.js';
import { NOW, goodWitness, type Witness } from '../../helpers/policy-witness.js';

type EventSource = 'DEPLOYMENT_EVENT' | 'AUDIT_LOG_EVENT' | 'NODE_EVENT';
interface Case {
  field: string;
  groups: PolicyGroup[];
  source?: EventSource;
  base?: (w: Witness) => void;
  mutate: (w: Witness) => void;
  messages: string[];
  process?: string;
}

const g = (fieldName: string, ...values: string[]): PolicyGroup => ({
  fieldName,
  values: values.map((value) => ({ value })),
});
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const c0 = (w: Witness) => w.deployment.containers![0]!;
const vuln = (w: Witness) => w.image.scan!.components![0]!.vulns![0]!;
const VULN =
  "CVE-2099-0001 (CVSS 3.1) (severity Low) found in component 'libc6' (version 2.36-9) in container 'app'";
const VOLUME =
  "Writable volume 'data' has source 'data-pvc', destination '/data', and type 'PersistentVolumeClaim'";
const SIG = 'io.stackrox.signatureintegration.12a37a37-760e-4388-9e79-d62726c075b2';
const PROCESS = (path: string, args = '-l', uid = 1000) =>
  `Binary '${path}' executed with arguments '${args}' under user ID ${uid}`;
const audit = (...more: PolicyGroup[]) => [
  g('Kubernetes Resource', 'SECRETS'),
  g('Kubernetes API Verb', 'DELETE'),
  ...more,
];
const secretEvent = (w: Witness) => {
  w.kubeEvent.object = { name: 'db-pass', resource: 'SECRETS', namespace: 'payments' };
  w.kubeEvent.apiVerb = 'DELETE';
};

const cases: Case[] = [
  { field: 'Automount Service Account Token', groups: [g('Automount Service Account Token', 'true')], mutate: (w) => (w.deployment.automountServiceAccountToken = true), messages: ['Deployment mounts the service account tokens.'] },
  { field: 'Disallowed Annotation', groups: [g('Disallowed Annotation', 'debug=')], mutate: (w) => (w.deployment.annotations!.debug = 'on'), messages: ['Disallowed annotations found: debug=on'] },
  { field: 'Required Annotation', groups: [g('Required Annotation', 'owner=.+')], mutate: (w) => delete w.deployment.annotations!.owner, messages: ['Required annotation not found (found annotations: email=team-a@example.org)'] },
  { field: 'Required Label', groups: [g('Required Label', 'team=.+')], mutate: (w) => delete w.deployment.labels!.team, messages: ['Required label not found (found labels: app=payments, owner=team-a)'] },
  { field: 'Has Egress Network Policy', groups: [g('Has Egress Network Policy', 'false')], mutate: (w) => (w.deployment.networkPoliciesApplied!.hasEgressNetworkPolicy = false), messages: ['The deployment is missing Egress Network Policy.'] },
  { field: 'Has Ingress Network Policy', groups: [g('Has Ingress Network Policy', 'false')], mutate: (w) => (w.deployment.networkPoliciesApplied!.hasIngressNetworkPolicy = false), messages: ['The deployment is missing Ingress Network Policy.'] },
  { field: 'Host IPC', groups: [g('Host IPC', 'true')], mutate: (w) => (w.deployment.hostIpc = true), messages: ["Deployment uses the host's IPC namespace"] },
  { field: 'Host Network', groups: [g('Host Network', 'true')], mutate: (w) => (w.deployment.hostNetwork = true), messages: ["Deployment uses the host's network namespace"] },
  { field: 'Host PID', groups: [g('Host PID', 'true')], mutate: (w) => (w.deployment.hostPid = true), messages: ["Deployment uses the host's process ID namespace"] },
  { field: 'Minimum RBAC Permissions', groups: [g('Minimum RBAC Permissions', 'ELEVATED_CLUSTER_WIDE')], mutate: (w) => (w.deployment.serviceAccountPermissionLevel = 'CLUSTER_ADMIN'), messages: ['Service account permission level with cluster admin access'] },
  { field: 'Namespace', groups: [g('Namespace', 'kube-.*')], mutate: (w) => (w.deployment.namespace = 'kube-system'), messages: ["Namespace has name 'kube-system'"] },
  { field: 'Replicas', groups: [g('Replicas', '> 5')], mutate: (w) => (w.deployment.replicas = '10'), messages: ["Replicas is set to '10'"] },
  { field: 'Runtime Class', groups: [g('Runtime Class', 'kata.*')], mutate: (w) => (w.deployment.runtimeClass = 'kata-qemu'), messages: ["Runtime Class is set to 'kata-qemu'"] },
  { field: 'Service Account', groups: [g('Service Account', 'default')], mutate: (w) => (w.deployment.serviceAccount = 'default'), messages: ["Service Account is set to 'default'"] },
  { field: 'Exposed Port', groups: [g('Exposed Port', '22')], mutate: (w) => (w.deployment.ports![0]!.containerPort = 22), messages: ['Exposed port 22/TCP is present'] },
  { field: 'Exposed Port Protocol', groups: [g('Exposed Port Protocol', 'udp')], mutate: (w) => (w.deployment.ports![0]!.protocol = 'UDP'), messages: ['Exposed port 8080/UDP is present'] },
  { field: 'Exposed Node Port', groups: [g('Exposed Node Port', '> 30000')], mutate: (w) => (w.deployment.ports![0]!.exposureInfos![0]!.nodePort = 30080), messages: ['Exposed node port 30080/TCP is present'] },
  { field: 'Port Exposure Method', groups: [g('Port Exposure Method', 'NODE', 'HOST')], mutate: (w) => (w.deployment.ports![0]!.exposureInfos![0]!.level = 'NODE'), messages: ['Deployment port(s) exposed on node port'] },
  { field: 'Add Capabilities', groups: [g('Add Capabilities', 'NET_ADMIN')], mutate: (w) => (c0(w).securityContext!.addCapabilities = ['NET_ADMIN', 'CHOWN']), messages: ["Container 'app' adds capability NET_ADMIN"] },
  { field: 'Allow Privilege Escalation', groups: [g('Allow Privilege Escalation', 'true')], mutate: (w) => (c0(w).securityContext!.allowPrivilegeEscalation = true), messages: ["Container 'app' allows privilege escalation"] },
  { field: 'AppArmor Profile', groups: [g('AppArmor Profile', 'unconfined')], mutate: (w) => (c0(w).config!.appArmorProfile = 'unconfined'), messages: ["Container 'app' has AppArmor profile type 'unconfined'"] },
  { field: 'Container CPU Limit', groups: [g('Container CPU Limit', '> 2')], mutate: (w) => (c0(w).resources!.cpuCoresLimit = 4), messages: ["CPU limit set to 4 cores for container 'app'"] },
  { field: 'Container CPU Request', groups: [g('Container CPU Request', '< 0.1')], mutate: (w) => (c0(w).resources!.cpuCoresRequest = 0.05), messages: ["CPU request set to 0.05 cores for container 'app'"] },
  { field: 'Container Memory Limit', groups: [g('Container Memory Limit', '> 1024')], mutate: (w) => (c0(w).resources!.memoryMbLimit = 2048), messages: ["Memory limit set to 2048 MB for container 'app'"] },
  { field: 'Container Memory Request', groups: [g('Container Memory Request', '0')], mutate: (w) => (c0(w).resources!.memoryMbRequest = 0), messages: ["Memory request set to 0 MB for container 'app'"] },
  { field: 'Container Name', groups: [g('Container Name', 'debug.*')], mutate: (w) => (c0(w).name = 'debugger'), messages: ["Container has name 'debugger'"] },
  { field: 'Drop Capabilities', groups: [g('Drop Capabilities', 'NET_RAW')], mutate: (w) => (c0(w).securityContext!.dropCapabilities = ['SETUID', 'CHOWN']), messages: ["Container 'app' does not drop expected capabilities (drops CHOWN and SETUID)"] },
  { field: 'Liveness Probe Defined', groups: [g('Liveness Probe Defined', 'false')], mutate: (w) => (c0(w).livenessProbe = { defined: false }), messages: ["Liveness probe is not defined for container 'app'"] },
  { field: 'Readiness Probe Defined', groups: [g('Readiness Probe Defined', 'false')], mutate: (w) => delete c0(w).readinessProbe, messages: ["Readiness probe is not defined for container 'app'"] },
  { field: 'Privileged Container', groups: [g('Privileged Container', 'true')], mutate: (w) => (c0(w).securityContext!.privileged = true), messages: ["Container 'app' is privileged"] },
  { field: 'Read-Only Root Filesystem', groups: [g('Read-Only Root Filesystem', 'false')], mutate: (w) => delete c0(w).securityContext!.readOnlyRootFilesystem, messages: ["Container 'app' uses a read-write root filesystem"] },
  { field: 'Seccomp Profile Type', groups: [g('Seccomp Profile Type', 'UNCONFINED')], mutate: (w) => (c0(w).securityContext!.seccompProfile = { type: 'UNCONFINED' }), messages: ["Container 'app' has Seccomp profile type 'unconfined'"] },
  { field: 'Image Registry', groups: [g('Image Registry', 'registry\\.example\\.net')], mutate: (w) => (c0(w).image!.name!.registry = 'registry.example.net'), messages: ["Container 'app' has image with registry 'registry.example.net'"] },
  { field: 'Image Remote', groups: [g('Image Remote', 'library/.*')], mutate: (w) => (c0(w).image!.name!.remote = 'library/nginx'), messages: ["Container 'app' has image with remote 'library/nginx'"] },
  { field: 'Image Tag', groups: [g('Image Tag', 'latest')], mutate: (w) => (c0(w).image!.name!.tag = 'LATEST'), messages: ["Container 'app' has image with tag 'LATEST'"] },
  { field: 'Image Age', groups: [g('Image Age', '30')], mutate: (w) => (w.image.metadata!.v1!.created = daysAgo(40)), messages: ["Container 'app' has image created at 2026-04-22 00:00:00 (UTC)"] },
  { field: 'Image OS', groups: [g('Image OS', 'alpine.*')], mutate: (w) => (w.image.scan!.operatingSystem = 'alpine:3.19'), messages: ["Container 'app' has image with base OS 'alpine:3.19'"] },
  { field: 'Image Scan Age', groups: [g('Image Scan Age', '7')], mutate: (w) => (w.image.scan!.scanTime = daysAgo(8)), messages: ["Container 'app' has image last scanned at 2026-05-24 00:00:00 (UTC)"] },
  { field: 'Image User', groups: [g('Image User', '0|root')], mutate: (w) => (w.image.metadata!.v1!.user = 'root'), messages: ["Container 'app' has image with user 'root'"] },
  { field: 'Unscanned Image', groups: [g('Unscanned Image', 'true')], mutate: (w) => (w.image.scan = null), messages: ["Image in container 'app' has not been scanned"] },
  { field: 'Disallowed Image Label', groups: [g('Disallowed Image Label', 'maintainer=evil.*')], mutate: (w) => (w.image.metadata!.v1!.labels!.maintainer = 'evil corp'), messages: ['Disallowed labels found: maintainer=evil corp'] },
  { field: 'Required Image Label', groups: [g('Required Image Label', 'maintainer=.+')], mutate: (w) => delete w.image.metadata!.v1!.labels!.maintainer, messages: ['Required label not found (found labels: required-label=required-value)'] },
  {
    field: 'Image Signature Verified By',
    groups: [g('Image Signature Verified By', SIG)],
    base: (w) => (w.image.signatureVerificationData = { results: [{ verifierId: SIG, status: 'VERIFIED' }] }),
    mutate: (w) => (w.image.signatureVerificationData!.results![0]!.status = 'FAILED_VERIFICATION'),
    messages: ["Container 'app' image signature is unverified"],
  },
  { field: 'Dockerfile Line', groups: [g('Dockerfile Line', 'RUN=.*curl.*')], mutate: (w) => w.image.metadata!.v1!.layers!.push({ instruction: 'RUN', value: 'apt-get install -y curl' }), messages: ["Dockerfile line 'RUN apt-get install -y curl' found in container 'app'"] },
  { field: 'Image Component', groups: [g('Image Component', 'openssl=1\\.1\\..*')], mutate: (w) => w.image.scan!.components!.push({ name: 'openssl', version: '1.1.1k' }), messages: ["Container 'app' includes component 'openssl' (version 1.1.1k)"] },
  { field: 'CVE', groups: [g('CVE', 'CVE-2024-.*')], mutate: (w) => (vuln(w).cve = 'CVE-2024-1234'), messages: [VULN.replace('CVE-2099-0001', 'CVE-2024-1234')] },
  { field: 'CVSS', groups: [g('CVSS', '>= 9')], mutate: (w) => (vuln(w).cvss = 9.8), messages: [VULN.replace('3.1', '9.8')] },
  { field: 'NVD CVSS', groups: [g('NVD CVSS', '>= 9')], mutate: (w) => (vuln(w).nvdCvss = 9.1), messages: [VULN] },
  { field: 'Severity', groups: [g('Severity', '>= IMPORTANT')], mutate: (w) => (vuln(w).severity = 'CRITICAL_VULNERABILITY_SEVERITY'), messages: [VULN.replace('Low', 'Critical')] },
  { field: 'Fixable', groups: [g('Fixable', 'true')], mutate: (w) => (vuln(w).fixedBy = '2.36-10'), messages: [`Fixable ${VULN}, resolved by version 2.36-10`] },
  { field: 'Fixed By', groups: [g('Fixed By', '.*')], mutate: (w) => (vuln(w).fixedBy = '2.36-10'), messages: [`Fixable ${VULN}, resolved by version 2.36-10`] },
  { field: 'Days Since CVE Was Published', groups: [g('Days Since CVE Was Published', '30')], mutate: (w) => (vuln(w).publishedOn = daysAgo(31)), messages: [VULN] },
  { field: 'Days Since CVE Fix Was Available', groups: [g('Days Since CVE Fix Was Available', '30')], mutate: (w) => (vuln(w).fixAvailableTimestamp = daysAgo(31)), messages: [VULN] },
  { field: 'Days Since CVE Was First Discovered In Image', groups: [g('Days Since CVE Was First Discovered In Image', '30')], mutate: (w) => (vuln(w).firstImageOccurrence = daysAgo(31)), messages: [VULN] },
  { field: 'Days Since CVE Was First Discovered In System', groups: [g('Days Since CVE Was First Discovered In System', '30')], mutate: (w) => (vuln(w).firstSystemOccurrence = daysAgo(31)), messages: [VULN] },
  { field: 'Mount Propagation', groups: [g('Mount Propagation', 'BIDIRECTIONAL')], mutate: (w) => (c0(w).volumes![0]!.mountPropagation = 'BIDIRECTIONAL'), messages: ["Writable volume 'data' has source 'data-pvc', destination '/data', type 'PersistentVolumeClaim', and mount propagation 'bidirectional'"] },
  { field: 'Volume Destination', groups: [g('Volume Destination', '/var/lib/.*')], mutate: (w) => (c0(w).volumes![0]!.destination = '/var/lib/data'), messages: [VOLUME.replace("'/data'", "'/var/lib/data'")] },
  { field: 'Volume Name', groups: [g('Volume Name', 'docker-sock')], mutate: (w) => (c0(w).volumes![0]!.name = 'docker-sock'), messages: [VOLUME.replace("'data'", "'docker-sock'")] },
  { field: 'Volume Source', groups: [g('Volume Source', '/var/run/docker\\.sock')], mutate: (w) => (c0(w).volumes![0]!.source = '/var/run/docker.sock'), messages: [VOLUME.replace('data-pvc', '/var/run/docker.sock')] },
  { field: 'Volume Type', groups: [g('Volume Type', 'HostPath')], mutate: (w) => (c0(w).volumes![0]!.type = 'HostPath'), messages: [VOLUME.replace('PersistentVolumeClaim', 'HostPath')] },
  { field: 'Writable Host Mount', groups: [g('Writable Host Mount', 'true')], mutate: (w) => (c0(w).volumes![0]!.type = 'HostPath'), messages: [VOLUME.replace('PersistentVolumeClaim', 'HostPath')] },
  { field: 'Writable Mounted Volume', groups: [g('Writable Mounted Volume', 'true')], base: (w) => (c0(w).volumes![0]!.readOnly = true), mutate: (w) => (c0(w).volumes![0]!.readOnly = false), messages: [VOLUME] },
  { field: 'Environment Variable', groups: [g('Environment Variable', 'RAW=AWS_SECRET.*=')], mutate: (w) => c0(w).config!.env!.push({ key: 'AWS_SECRET_KEY', value: 'x', envVarSource: 'RAW' }), messages: ["Environment variable 'AWS_SECRET_KEY' is present in container 'app'"] },
  { field: 'Process Name', source: 'DEPLOYMENT_EVENT', groups: [g('Process Name', 'nc')], mutate: (w) => Object.assign(w.process.signal, { name: 'nc', execFilePath: '/usr/bin/nc' }), messages: [], process: PROCESS('/usr/bin/nc') },
  { field: 'Process Ancestor', source: 'DEPLOYMENT_EVENT', groups: [g('Process Ancestor', '.*java')], mutate: (w) => (w.process.signal.lineageInfo = [{ parentExecFilePath: '/usr/bin/java' }]), messages: [], process: PROCESS('/bin/ls') },
  { field: 'Process Arguments', source: 'DEPLOYMENT_EVENT', groups: [g('Process Arguments', '--privileged')], mutate: (w) => (w.process.signal.args = 'run --privileged x'), messages: [], process: PROCESS('/bin/ls', 'run --privileged x') },
  { field: 'Process UID', source: 'DEPLOYMENT_EVENT', groups: [g('Process UID', '0')], mutate: (w) => (w.process.signal.uid = 0), messages: [], process: PROCESS('/bin/ls', '-l', 0) },
  {
    field: 'Unexpected Process Executed',
    source: 'DEPLOYMENT_EVENT',
    groups: [g('Unexpected Process Executed', 'true')],
    base: (w) => (w.baseline = { userLockedTimestamp: daysAgo(3), elements: [{ element: { processName: '/bin/ls' } }] }),
    mutate: (w) => (w.baseline!.elements = []),
    messages: [],
    process: PROCESS('/bin/ls'),
  },
  { field: 'Kubernetes Resource', source: 'DEPLOYMENT_EVENT', groups: [g('Kubernetes Resource', 'PODS_EXEC')], mutate: (w) => Object.assign(w.kubeEvent, { object: { name: 'web-1', resource: 'PODS_EXEC' }, podExecArgs: { container: 'app', commands: ['sh'] } }), messages: ["Kubernetes API received exec 'sh' request into pod 'web-1' container 'app'"] },
  { field: 'Kubernetes API Verb', source: 'AUDIT_LOG_EVENT', groups: audit(), mutate: secretEvent, messages: ['Access to secret "db-pass" in namespace "payments"'] },
  { field: 'Kubernetes Resource Name', source: 'AUDIT_LOG_EVENT', groups: audit(g('Kubernetes Resource Name', 'db-')), mutate: secretEvent, messages: ['Access to secret "db-pass" in namespace "payments"'] },
  { field: 'Kubernetes User Name', source: 'AUDIT_LOG_EVENT', groups: audit(g('Kubernetes User Name', 'system:anonymous')), mutate: (w) => { secretEvent(w); w.kubeEvent.user = { username: 'system:anonymous' }; }, messages: ['Access to secret "db-pass" in namespace "payments"'] }, // prettier-ignore
  { field: 'Kubernetes User Groups', source: 'AUDIT_LOG_EVENT', groups: audit(g('Kubernetes User Groups', 'system:unauth')), mutate: (w) => { secretEvent(w); w.kubeEvent.user = { username: 'x', groups: ['system:unauthenticated'] }; }, messages: ['Access to secret "db-pass" in namespace "payments"'] }, // prettier-ignore
  { field: 'Is Impersonated User', source: 'AUDIT_LOG_EVENT', groups: audit(g('Is Impersonated User', 'true')), base: secretEvent, mutate: (w) => (w.kubeEvent.impersonatedUser = { username: 'mallory' }), messages: ['Access to secret "db-pass" in namespace "payments"'] },
  { field: 'Source IP Address', source: 'AUDIT_LOG_EVENT', groups: audit(g('Source IP Address', '10.0.3.4')), mutate: (w) => { secretEvent(w); w.kubeEvent.sourceIps = ['10.0.3.4']; }, messages: ['Access to secret "db-pass" in namespace "payments"'] }, // prettier-ignore
  { field: 'User Agent', source: 'AUDIT_LOG_EVENT', groups: audit(g('User Agent', 'curl/')), mutate: (w) => { secretEvent(w); w.kubeEvent.userAgent = 'curl/8.5.0'; }, messages: ['Access to secret "db-pass" in namespace "payments"'] }, // prettier-ignore
  { field: 'Unexpected Network Flow Detected', source: 'DEPLOYMENT_EVENT', groups: [g('Unexpected Network Flow Detected', 'true')], mutate: (w) => (w.networkFlow.notInNetworkBaseline = true), messages: ["Unexpected network flow found in deployment. Source name: 'payments'. Destination name: 'db'. Destination port: '5432'. Protocol: 'L4_PROTOCOL_TCP'."] },
  { field: 'File Path', source: 'NODE_EVENT', groups: [g('File Path', '/etc/shadow')], mutate: (w) => (w.fileAccess.file = { actualPath: '/etc/shadow' }), messages: ["'/etc/shadow' accessed (OPEN)"] },
  { field: 'File Operation', source: 'NODE_EVENT', groups: [g('File Path', '/etc/**'), g('File Operation', 'UNLINK')], mutate: (w) => Object.assign(w.fileAccess, { file: { actualPath: '/etc/ssh/sshd_config' }, operation: 'UNLINK' }), messages: ["'/etc/ssh/sshd_config' accessed (UNLINK)"] },
]; // prettier-ignore

function evaluate(c: Case, w: Witness): PolicyViolation[] {
  const runtime = c.source !== undefined;
  const policy: Policy = {
    name: `field ${c.field}`,
    severity: 'LOW_SEVERITY',
    categories: ['Test'],
    lifecycleStages: [runtime ? 'RUNTIME' : 'DEPLOY'],
    ...(runtime ? { eventSource: c.source } : {}),
    policyVersion: '1.1',
    policySections: [{ policyGroups: c.groups }],
  };
  const set = compilePolicies([policy]);
  const base = { deployment: w.deployment, images: new Map([[w.image.name!.fullName!, w.image]]), now: NOW };
  if (!runtime) return evaluateDeployment(set, { ...base, stage: 'DEPLOY' });
  const rt = { ...base, stage: 'RUNTIME' as const };
  return [
    ...evaluateDeployment(set, { ...rt, process: w.process, processBaseline: w.baseline }),
    ...evaluateDeployment(set, { ...rt, kubeEvent: w.kubeEvent }),
    ...evaluateDeployment(set, { ...rt, networkFlow: w.networkFlow }),
    ...evaluateDeployment(set, { ...rt, fileAccess: w.fileAccess }),
  ];
}

describe('every policy field, one behavioural case each', () => {
  it('covers all 79 fields', () => {
    assert.deepEqual([...new Set(cases.map((c) => c.field))].sort(), policyFields.map((f) => f.name).sort());
  });

  for (const c of cases) {
    it(`${c.field}: quiet on the hardened workload, fires with StackRox's message when violated`, () => {
      const good = goodWitness();
      c.base?.(good);
      assert.deepEqual(evaluate(c, good), []);
      const bad = goodWitness();
      c.base?.(bad);
      c.mutate(bad);
      const out = evaluate(c, bad);
      assert.equal(out.length, 1, 'exactly one violation');
      assert.deepEqual(
        out[0]!.messages.map((m) => m.message),
        c.messages,
      );
      assert.equal(out[0]!.processViolation?.message, c.process);
    });
  }
});
