import assert from 'node:assert/strict';
import { printers, sentence, CTX } from '../../../src/policy/engine/printers.js';
import {
  fileAccessViolation,
  kubeEventViolation,
  networkFlowViolation,
  processViolationMessage,
} from '../../../src/policy/engine/render-violations.js';
import { compilePolicies, evaluateDeployment, type Policy } from '../../../src/policy/index.js';
import { NOW, goodWitness } from '../../helpers/policy-witness.js';

const fm = (o: Record<string, string[]>) => new Map(Object.entries(o));

// Expected strings follow StackRox's printer templates (pkg/booleanpolicy/violationmessages/printer).
describe('violation message printers', () => {
  it('joins sentences like Go stringSliceToSentence', () => {
    assert.equal(sentence(['a']), 'a');
    assert.equal(sentence(['a', 'b']), 'a and b');
    assert.equal(sentence(['a', 'b', 'c']), 'a, b, and c');
  });

  it('cve: full and minimal forms', () => {
    assert.deepEqual(
      printers.cve(
        fm({
          CVE: ['CVE-2020-0101'],
          CVSS: ['8.2'],
          Severity: ['IMPORTANT_VULNERABILITY_SEVERITY'],
          'Fixed By': ['1.13.0-debian0ubuntu1'],
          [CTX.componentAndVersion]: ['nginx\t1.12.0-debian1ubuntu2'],
          [CTX.containerName]: ['nginx-proxy'],
        }),
      ),
      [
        "Fixable CVE-2020-0101 (CVSS 8.2) (severity Important) found in component 'nginx' (version 1.12.0-debian1ubuntu2) in container 'nginx-proxy', resolved by version 1.13.0-debian0ubuntu1",
      ],
    );
    assert.deepEqual(printers.cve(fm({ CVE: ['CVE-1'] })), ['CVE-1 found']);
  });

  it('container and deployment booleans', () => {
    assert.deepEqual(
      printers.privileged(fm({ 'Privileged Container': ['false'], [CTX.containerName]: ['c'] })),
      ["Container 'c' is not privileged"],
    );
    assert.deepEqual(
      printers.readOnlyRootFS(fm({ 'Read-Only Root Filesystem': ['false'], [CTX.containerName]: ['c'] })),
      ["Container 'c' uses a read-write root filesystem"],
    );
    assert.deepEqual(
      printers.allowPrivilegeEscalation(
        fm({ 'Allow Privilege Escalation': ['true'], [CTX.containerName]: ['c'] }),
      ),
      ["Container 'c' allows privilege escalation"],
    );
    assert.deepEqual(printers.hostPID(fm({ 'Host PID': ['false'] })), [
      "Deployment does not use the host's process ID namespace",
    ]);
    assert.deepEqual(
      printers.automountServiceAccountToken(fm({ 'Automount Service Account Token': ['false'] })),
      ['Deployment does not mount the service account tokens.'],
    );
    assert.deepEqual(
      printers.livenessProbeDefined(fm({ 'Liveness Probe Defined': ['false'], [CTX.containerName]: ['c'] })),
      ["Liveness probe is not defined for container 'c'"],
    );
  });

  it('capabilities', () => {
    assert.deepEqual(
      printers.addCapability(
        fm({ 'Add Capabilities': ['SYS_ADMIN', 'NET_ADMIN'], [CTX.containerName]: ['c'] }),
      ),
      ["Container 'c' adds capabilities NET_ADMIN and SYS_ADMIN"],
    );
    assert.deepEqual(
      printers.dropCapability(fm({ 'Drop Capabilities': ['<empty>'], [CTX.containerName]: ['c'] })),
      ["Container 'c' does not drop expected capabilities (drops no capabilities)"],
    );
    assert.deepEqual(
      printers.dropCapability(fm({ 'Drop Capabilities': ['SETUID', 'NET_RAW'], [CTX.containerName]: [''] })),
      ['Container does not drop expected capabilities (drops NET_RAW and SETUID)'],
    );
  });

  it('maps, image details, volumes, ports, rbac, env, lines', () => {
    assert.deepEqual(printers.requiredLabel(fm({ 'Required Label': ['a=1, b=2, c=3 and 2 more'] })), [
      'Required label not found (found labels: a=1, b=2, c=3 and 2 more)',
    ]);
    assert.deepEqual(printers.disallowedAnnotation(fm({ 'Disallowed Annotation': ['x=y'] })), [
      'Disallowed annotations found: x=y',
    ]);
    assert.deepEqual(
      printers.imageDetails(
        fm({
          'Image Tag': ['latest'],
          'Image Registry': ['registry.example.net'],
          'Image Remote': ['library/nginx'],
          [CTX.containerName]: ['c'],
        }),
      ),
      [
        "Container 'c' has image with registry 'registry.example.net', remote 'library/nginx', and tag 'latest'",
      ],
    );
    assert.deepEqual(
      printers.volume(
        fm({
          'Volume Name': ['v'],
          'Volume Source': ['/var/run/docker.sock'],
          'Volume Destination': [''],
          'Volume Type': ['HostPath'],
          [CTX.volumeReadOnly]: ['true'],
        }),
      ),
      ["Read-only volume 'v' has source '/var/run/docker.sock' and type 'HostPath'"],
    );
    assert.deepEqual(printers.port(fm({ [CTX.port]: ['22'], [CTX.protocol]: ['TCP'] })), [
      'Exposed port 22/TCP is present',
    ]);
    assert.deepEqual(printers.portExposure(fm({ 'Port Exposure Method': ['NODE'] })), [
      'Deployment port(s) exposed on node port',
    ]);
    assert.deepEqual(printers.rbac(fm({ 'Minimum RBAC Permissions': ['CLUSTER_ADMIN'] })), [
      'Service account permission level with cluster admin access',
    ]);
    assert.deepEqual(
      printers.env(fm({ 'Environment Variable': ['CONFIG_MAP_KEY\tDB_HOST\t'], [CTX.containerName]: ['c'] })),
      ["Environment variable 'DB_HOST' is present in container 'c' and references a ConfigMap"],
    );
    assert.deepEqual(
      printers.line(fm({ 'Dockerfile Line': ['RUN\tapt-get update && apt-get install -y curl wget'] })),
      ["Dockerfile line 'RUN apt-get update && apt-get instal...' found"],
    );
    assert.deepEqual(printers.resource(fm({ 'Container Memory Request': ['0'] })), [
      'Memory request set to 0 MB',
    ]);
    assert.deepEqual(printers.replicas(fm({ Replicas: ['3'] })), ["Replicas is set to '3'"]);
  });

  it('process messages: single and plural forms', () => {
    const p = (path: string, args: string, uid: number) => ({
      containerName: 'c',
      signal: { execFilePath: path, args, uid },
    });
    assert.equal(
      processViolationMessage([p('/bin/sh', '-c ls', 0)]),
      "Binary '/bin/sh' executed with arguments '-c ls' under user ID 0",
    );
    assert.equal(
      processViolationMessage([p('/bin/sh', '', 0)]),
      "Binary '/bin/sh' executed without arguments under user ID 0",
    );
    assert.equal(
      processViolationMessage([p('/b', 'x', 0), p('/a', 'y', 1)]),
      "Binaries '/a' and '/b' executed with 2 different arguments under 2 different user IDs",
    );
    assert.equal(
      processViolationMessage([p('/c', '', 0), p('/a', '', 0), p('/b', '', 0)]),
      "Binaries '/a', '/b', and '/c' executed without arguments under user ID 0",
    );
  });

  it('kube event, network flow and file access messages', () => {
    const exec = kubeEventViolation({
      object: { name: 'pod-1', resource: 'PODS_EXEC' },
      podExecArgs: { container: 'app', commands: ['sh', '-c', 'id'] },
      user: { username: 'bob' },
    });
    assert.equal(
      exec.message,
      "Kubernetes API received exec 'sh -c id' request into pod 'pod-1' container 'app'",
    );
    assert.equal(exec.type, 'K8S_EVENT');
    assert.deepEqual(exec.keyValueAttrs!.attrs, [
      { key: 'pod', value: 'pod-1' },
      { key: 'container', value: 'app' },
      { key: 'commands', value: 'sh -c id' },
      { key: 'Username', value: 'bob' },
    ]);
    assert.equal(
      kubeEventViolation({
        object: { name: 'p', resource: 'PODS_PORTFORWARD' },
        podPortForwardArgs: { ports: [8080, 9090] },
      }).message,
      "Kubernetes API received port forward request to pod 'p' ports '8080, 9090'",
    );
    assert.equal(
      kubeEventViolation({
        object: { name: 'kubeadmin', resource: 'SECRETS', namespace: 'kube-system' },
        apiVerb: 'GET',
      }).message,
      'Access to secret "kubeadmin" in namespace "kube-system"',
    );
    assert.equal(
      kubeEventViolation({ object: { resource: 'CLUSTER_ROLE_BINDINGS' }, apiVerb: 'CREATE' }).message,
      'Access to cluster role bindings',
    );
    assert.equal(
      kubeEventViolation({ object: { name: 'r', resource: 'NETWORK_POLICIES' } }).message,
      'Access to network policy "r"',
    );
    assert.equal(
      networkFlowViolation({
        srcEntityName: 'a',
        dstEntityName: 'b',
        dstPort: 443,
        l4Protocol: 'L4_PROTOCOL_TCP',
        notInNetworkBaseline: true,
      }).message,
      "Unexpected network flow found in deployment. Source name: 'a'. Destination name: 'b'. Destination port: '443'. Protocol: 'L4_PROTOCOL_TCP'.",
    );
    assert.equal(
      fileAccessViolation({ file: { effectivePath: '/etc/shadow' }, operation: 'OPEN' }).message,
      "'/etc/shadow' accessed (OPEN)",
    );
  });

  it('runtime evaluation attaches the process to its container and checks the baseline', () => {
    const p: Policy = {
      name: 'unexpected',
      severity: 'HIGH_SEVERITY',
      categories: ['x'],
      lifecycleStages: ['RUNTIME'],
      eventSource: 'DEPLOYMENT_EVENT',
      policySections: [
        { policyGroups: [{ fieldName: 'Unexpected Process Executed', values: [{ value: 'true' }] }] },
      ],
    };
    const w = goodWitness();
    const set = compilePolicies([p]);
    const input = { deployment: w.deployment, stage: 'RUNTIME' as const, now: NOW, process: w.process };
    assert.deepEqual(evaluateDeployment(set, input), [], 'no baseline → not unexpected');
    const locked = {
      userLockedTimestamp: '2026-01-01T00:00:00Z',
      elements: [{ element: { processName: '/bin/ls' } }],
    };
    assert.deepEqual(evaluateDeployment(set, { ...input, processBaseline: locked }), [], 'in baseline');
    const [v] = evaluateDeployment(set, { ...input, processBaseline: { ...locked, elements: [] } });
    assert.equal(
      v!.processViolation!.message,
      "Binary '/bin/ls' executed with arguments '-l' under user ID 1000",
    );
    assert.deepEqual(
      evaluateDeployment(set, {
        ...input,
        process: { ...w.process, containerName: 'other' },
        processBaseline: { ...locked, elements: [] },
      }),
      [],
    );
  });
});
