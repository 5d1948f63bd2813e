/**
 * Every StackRox default policy (../shared/fixtures/stackrox-policies): parses, validates,
 * round-trips, compiles, stays quiet on a hardened workload and fires on a workload built to
 * satisfy its first section (with runtime input constructed where the policy needs it), with
 * exactly the messages StackRox's printers give for that workload.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compilePolicies,
  evaluateDeployment,
  evaluateImage,
  parsePolicyDocument,
  serializePolicy,
  type Policy,
  type PolicyViolation,
} from '../../../src/policy/index.js';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { NOW, applyGroup, goodWitness, type Witness } from '../../helpers/policy-witness.js';

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSchema = ajv.compile(
  JSON.parse(readFileSync(new URL('../../../schemas/policy.schema.json', import.meta.url), 'utf8')),
);

const shared = fileURLToPath(new URL('../../../../shared', import.meta.url));
const dir = `${shared}/fixtures/stackrox-policies`;

type Stage = 'BUILD' | 'DEPLOY' | 'RUNTIME';

function run(policy: Policy, w: Witness): { stage: Stage; violation: PolicyViolation }[] {
  const set = compilePolicies([{ ...policy, disabled: false }]);
  const out: { stage: Stage; violation: PolicyViolation }[] = [];
  const add = (stage: Stage, vs: PolicyViolation[]) =>
    out.push(...vs.map((violation) => ({ stage, violation })));
  const images = new Map([[w.image.name!.fullName!, w.image]]);
  const stages = policy.lifecycleStages;
  if (stages.includes('BUILD')) add('BUILD', evaluateImage(set, w.image, { now: NOW }));
  if (stages.includes('DEPLOY'))
    add('DEPLOY', evaluateDeployment(set, { deployment: w.deployment, images, stage: 'DEPLOY', now: NOW }));
  if (stages.includes('RUNTIME')) {
    const base = { deployment: w.deployment, images, stage: 'RUNTIME' as const, now: NOW };
    add('RUNTIME', evaluateDeployment(set, { ...base, process: w.process, processBaseline: w.baseline }));
    add('RUNTIME', evaluateDeployment(set, { ...base, kubeEvent: w.kubeEvent }));
    add('RUNTIME', evaluateDeployment(set, { ...base, networkFlow: w.networkFlow }));
    add('RUNTIME', evaluateDeployment(set, { ...base, fileAccess: w.fileAccess }));
  }
  return out;
}

/** The messages of all violations per stage (stages without messages left out). */
function messagesByStage(fired: { stage: Stage; violation: PolicyViolation }[]): StageMessages {
  const out: StageMessages = {};
  for (const { stage, violation } of fired) {
    if (violation.messages.length > 0)
      out[stage] = [...(out[stage] ?? []), ...violation.messages.map((m) => m.message)];
    if (violation.processViolation) out.process = violation.processViolation.message;
  }
  return out;
}

/**
 * The exact messages StackRox's printers (pkg/booleanpolicy/violationmessages/printer/*.go, reference
 * §2.5) give for the bad witness of each default policy, per stage. Values that the witness samples
 * from a policy's regex (names, paths, registries) are read back from the witness; the sentence
 * around them is the printer's. `process` is the alert's processViolation message.
 */
type StageMessages = { BUILD?: string[]; DEPLOY?: string[]; RUNTIME?: string[]; process?: string };

const c0 = (w: Witness) => w.deployment.containers![0]!;
const comp0 = (w: Witness) => w.image.scan!.components![0]!;
const lastLayer = (w: Witness) => w.image.metadata!.v1!.layers!.at(-1)!;
const lastEnv = (w: Witness) => c0(w).config!.env!.at(-1)!;
/** StackRox prints timestamps in the field map as Go's "2006-01-02 15:04:05" in UTC. */
const goTime = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');

/** processViolation for one indicator: `Binary '<path>' executed with arguments '<args>' under user ID <uid>`. */
const oneProcess = (w: Witness) =>
  `Binary '${w.process.signal.execFilePath}' executed with arguments '${w.process.signal.args}' under user ID ${w.process.signal.uid}`;

const line = (w: Witness): StageMessages => {
  const l = lastLayer(w);
  return {
    BUILD: [`Dockerfile line '${l.instruction} ${l.value}' found`],
    DEPLOY: [`Dockerfile line '${l.instruction} ${l.value}' found in container 'app'`],
  };
};
const component = (w: Witness): StageMessages => {
  const c = comp0(w);
  return {
    BUILD: [`Image includes component '${c.name}' (version ${c.version})`],
    DEPLOY: [`Container 'app' includes component '${c.name}' (version ${c.version})`],
  };
};
/** The CVE printer with CVE, CVSS, severity and component as context; `fixable` when Fixed By is in the section. */
const cve = (w: Witness, fixable: boolean): StageMessages => {
  const c = comp0(w);
  const v = c.vulns![0]!;
  const sev = v.severity!.replace('_VULNERABILITY_SEVERITY', '');
  const head = `${fixable ? 'Fixable ' : ''}${v.cve} (CVSS ${v.cvss}) (severity ${sev[0]}${sev.slice(1).toLowerCase()}) found in component '${c.name}' (version ${c.version})`;
  const tail = fixable ? `, resolved by version ${v.fixedBy}` : '';
  return { BUILD: [head + tail], DEPLOY: [`${head} in container 'app'${tail}`] };
};
const writableVolume = (w: Witness, extra = '') => {
  const v = c0(w).volumes![0]!;
  return `Writable volume '${v.name}' has source '${v.source}', destination '${v.destination}', ${extra ? `type '${v.type}', and ${extra}` : `and type '${v.type}'`}`;
};

const PROCESS_ONLY = [
  'baselining_policy.json',
  'exec-addgroup.json',
  'exec-adduser.json',
  'exec-apk.json',
  'exec-apt.json',
  'exec-chkconfig.json',
  'exec-crontab.json',
  'exec-dnf.json',
  'exec-iptables.json',
  'exec-java-shell.json',
  'exec-make.json',
  'exec-mining-binaries.json',
  'exec-net-tools.json',
  'exec-netcat.json',
  'exec-nmap.json',
  'exec-remote-copy.json',
  'exec-sshd.json',
  'exec-systemctl.json',
  'exec-systemd.json',
  'exeline-kubelet-contact.json',
  'exeline-kubernetes-docker-stats.json',
  'exeline-kubernetes-service.json',
  'login_binaries.json',
  'passwd_binaries.json',
  'process_uid_zero.json',
  'setuid_binaries.json',
  'shadow_binaries.json',
  'shell_mgmt.json',
];

const EXPECTED: Record<string, (w: Witness) => StageMessages> = {
  ...Object.fromEntries(PROCESS_ONLY.map((f) => [f, (w: Witness) => ({ process: oneProcess(w) })])),
  'exec-iptables-root.json': (w) => ({ RUNTIME: ["Container 'app' is privileged"], process: oneProcess(w) }),
  'access_central_secret.json': () => ({
    RUNTIME: ['Access to secret "central-htpasswd" in namespace "payments"'],
  }),
  'access_kubeadmin_secret.json': () => ({
    RUNTIME: ['Access to secret "kubeadmin" in namespace "payments"'],
  }),
  'impersonated_secret_access.json': () => ({
    RUNTIME: ['Access to secret "app-config" in namespace "payments"'],
  }),
  'pod_attach.json': () => ({ RUNTIME: ["Kubernetes API received attach request to pod 'app-config'"] }),
  'pod_exec.json': () => ({ RUNTIME: ["Kubernetes API received exec request into pod 'app-config'"] }),
  'pod_portforward.json': () => ({
    RUNTIME: ["Kubernetes API received port forward request to pod 'app-config'"],
  }),
  'network_baseline.json': () => ({
    RUNTIME: [
      "Unexpected network flow found in deployment. Source name: 'payments'. Destination name: 'db'. Destination port: '5432'. Protocol: 'L4_PROTOCOL_TCP'.",
    ],
  }),
  'add_instruction.json': line,
  'image_port_22.json': line,
  'insecure_command.json': line,
  'update_instructions.json': line,
  'run_secrets_volume.json': (w) => ({ DEPLOY: line(w).DEPLOY! }),
  'apk.json': component,
  'apt.json': component,
  'curl.json': component,
  'dnf.json': component,
  'wget.json': component,
  'log4shell.json': (w) => cve(w, false),
  'spring4shell.json': (w) => cve(w, false),
  'struts_cve.json': (w) => cve(w, false),
  'rapid-reset.json': (w) => cve(w, false),
  'cvss_7.json': (w) => cve(w, true),
  'severity_important.json': (w) => cve(w, true),
  'fixable_cves.json': (w) => ({ BUILD: cve(w, true).BUILD! }),
  'cvss_6_privileged.json': (w) => ({ DEPLOY: ["Container 'app' is privileged", ...cve(w, true).DEPLOY!] }),
  'severity_high_privileged.json': (w) => ({
    DEPLOY: ["Container 'app' is privileged", ...cve(w, true).DEPLOY!],
  }),
  'admission_controller_annotation.json': (w) => {
    const [k, v] = Object.entries(w.deployment.annotations!).at(-1)!;
    return { DEPLOY: [`Disallowed annotations found: ${k}=${v}`] };
  },
  'email_annotation.json': () => ({ DEPLOY: ['Required annotation not found (found annotations: <empty>)'] }),
  'owner_team_annotation.json': () => ({
    DEPLOY: ['Required annotation not found (found annotations: <empty>)'],
  }),
  'owner_team_label.json': () => ({ DEPLOY: ['Required label not found (found labels: <empty>)'] }),
  'required_image_label.json': () => ({
    BUILD: ['Required label not found (found labels: <empty>)'],
    DEPLOY: ['Required label not found (found labels: <empty>)'],
  }),
  'automount_service_account_token.json': (w) => ({
    DEPLOY: [
      'Deployment mounts the service account tokens.',
      `Namespace has name '${w.deployment.namespace}'`,
      `Service Account is set to '${w.deployment.serviceAccount}'`,
    ],
  }),
  'cap_sys_admin.json': () => ({ DEPLOY: ["Container 'app' adds capability SYS_ADMIN"] }),
  'drop_all_capabilities.json': () => ({
    DEPLOY: ["Container 'app' does not drop expected capabilities (drops no capabilities)"],
  }),
  'container_port_22.json': () => ({ DEPLOY: ['Exposed port 22/TCP is present'] }),
  'restricted_host_ports.json': (w) => ({
    DEPLOY: [`Exposed node port ${w.deployment.ports![0]!.exposureInfos![0]!.nodePort}/TCP is present`],
  }),
  'external_exposure.json': () => ({ DEPLOY: ['Deployment port(s) exposed with a route'] }),
  'deployment_has_egress_network_policy.json': () => ({
    DEPLOY: ['The deployment is missing Egress Network Policy.'],
  }),
  'deployment_has_ingress_network_policy.json': () => ({
    DEPLOY: ['The deployment is missing Ingress Network Policy.'],
  }),
  'docker_sock.json': (w) => ({ DEPLOY: [writableVolume(w)] }),
  'sensitive_files.json': (w) => ({ DEPLOY: [writableVolume(w)] }),
  'mount_propagation.json': (w) => ({ DEPLOY: [writableVolume(w, "mount propagation 'bidirectional'")] }),
  'host_ipc.json': () => ({ DEPLOY: ["Deployment uses the host's IPC namespace"] }),
  'host_network.json': () => ({ DEPLOY: ["Deployment uses the host's network namespace"] }),
  'host_pids.json': () => ({ DEPLOY: ["Deployment uses the host's process ID namespace"] }),
  'image_age_days.json': (w) => {
    const t = goTime(w.image.metadata!.v1!.created!);
    return {
      BUILD: [`Image was created at ${t} (UTC)`],
      DEPLOY: [`Container 'app' has image created at ${t} (UTC)`],
    };
  },
  'scan_age.json': (w) => ({
    DEPLOY: [`Container 'app' has image last scanned at ${goTime(w.image.scan!.scanTime!)} (UTC)`],
  }),
  'k8s-dashboard.json': (w) => ({
    DEPLOY: [`Container 'app' has image with remote '${w.image.name!.remote}'`],
  }),
  'latest_tag.json': () => ({
    BUILD: ["Image has tag 'latest'"],
    DEPLOY: ["Container 'app' has image with tag 'latest'"],
  }),
  'red_hat_images_signed.json': (w) => ({
    BUILD: [`Image has registry '${w.image.name!.registry}'`, 'Image signature is unverified'],
    DEPLOY: [
      `Container 'app' has image with registry '${w.image.name!.registry}'`,
      "Container 'app' image signature is unverified",
    ],
  }),
  'root_user.json': (w) => ({
    BUILD: [`Image has user '${w.image.metadata!.v1!.user}'`],
    DEPLOY: [`Container 'app' has image with user '${w.image.metadata!.v1!.user}'`],
  }),
  'no_app_armor.json': () => ({ DEPLOY: ["Container 'app' has AppArmor profile type 'unconfined'"] }),
  'no_seccomp_profile.json': () => ({ DEPLOY: ["Container 'app' has Seccomp profile type 'unconfined'"] }),
  'no_resources_specified.json': () => ({ DEPLOY: ["CPU request set to 0 cores for container 'app'"] }),
  'no_scans.json': () => ({ DEPLOY: ["Image in container 'app' has not been scanned"] }),
  'privilege_escalation.json': () => ({ DEPLOY: ["Container 'app' allows privilege escalation"] }),
  'privileged.json': () => ({ DEPLOY: ["Container 'app' is privileged"] }),
  'read-write-root-fs.json': () => ({ DEPLOY: ["Container 'app' uses a read-write root filesystem"] }),
  'secret_env.json': (w) => ({
    DEPLOY: [`Environment variable '${lastEnv(w).key}' is present in container 'app'`],
  }),
  'secret_env_mount.json': (w) => ({
    DEPLOY: [
      `Environment variable '${lastEnv(w).key}' is present in container 'app' and references a Secret`,
    ],
  }),
};

describe('StackRox default policies (corpus)', function () {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

  before(function () {
    if (!existsSync(dir)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('holds all 89 policies, each with its expected messages', function () {
    assert.equal(files.length, 89);
    assert.deepEqual(Object.keys(EXPECTED).sort(), files);
  });

  for (const file of files) {
    it(`${file}: parses, validates, round-trips, compiles, quiet on good, fires on bad`, function () {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      assert.ok(validateSchema(JSON.parse(text)), JSON.stringify(validateSchema.errors));
      const [policy] = parsePolicyDocument(text, file);
      assert.ok(policy);
      // Round trip: serialise → parse is deep-equal, and equals the upstream JSON in meaning.
      const again = parsePolicyDocument(serializePolicy(policy), file)[0];
      assert.deepEqual(again, policy);
      assert.deepEqual(JSON.parse(serializePolicy(policy)), JSON.parse(text));
      // As part of an export document too.
      assert.deepEqual(parsePolicyDocument(JSON.stringify({ policies: [policy] }), file), [policy]);

      const good = run(policy, goodWitness());
      assert.deepEqual(
        good.map(({ violation }) => violation.messages.map((m) => m.message)),
        [],
        `${policy.name} fired on the hardened workload`,
      );

      const bad = goodWitness();
      for (const g of policy.policySections![0]!.policyGroups) applyGroup(bad, g);
      const fired = run(policy, bad);
      assert.ok(fired.length > 0, `${policy.name} did not fire on a workload built to violate it`);
      for (const { violation: v } of fired) {
        assert.equal(v.policy.name, policy.name);
        assert.ok(v.messages.length > 0 || v.processViolation, 'a violation carries at least one message');
      }
      const expected = EXPECTED[file];
      assert.ok(expected, `${file}: no expected messages`);
      assert.deepEqual(messagesByStage(fired), expected(bad), `${policy.name}: violation messages`);
    });
  }
});
