/**
 * Linked matching below the container (reference §2.3 point 3): groups of one section that read
 * volumes, environment variables or ports must all hold on the same array element. Each case has
 * two elements that each satisfy one group (no violation) and one element that satisfies both.
 */
import assert from 'node:assert/strict';
import type { EnvVarSource, ExposureLevel, Volume } from '../../../src/model/deployment.js';
import {
  compilePolicies,
  evaluateDeployment,
  type Policy,
  type PolicyGroup,
} from '../../../src/policy/index.js';
import { NOW, goodWitness, type Witness } from '../../helpers/policy-witness.js';

const policy = (groups: PolicyGroup[]): Policy => ({
  name: 'linked',
  severity: 'HIGH_SEVERITY',
  categories: ['Test'],
  lifecycleStages: ['DEPLOY'],
  policyVersion: '1.1',
  policySections: [{ policyGroups: groups }],
});
const g = (fieldName: string, values: string[], more: Partial<PolicyGroup> = {}): PolicyGroup => ({
  fieldName,
  values: values.map((value) => ({ value })),
  ...more,
});

function messages(p: Policy, mutate: (w: Witness) => void): string[] {
  const w = goodWitness();
  mutate(w);
  const images = new Map([[w.image.name!.fullName!, w.image]]);
  const vs = evaluateDeployment(compilePolicies([p]), {
    deployment: w.deployment,
    images,
    stage: 'DEPLOY',
    now: NOW,
  });
  return vs.flatMap((v) => v.messages.map((m) => m.message));
}

const volume = (v: Partial<Volume> & { name: string }): Volume => ({
  source: '',
  destination: `/mnt/${v.name}`,
  type: 'EmptyDir',
  readOnly: true,
  mountPropagation: 'NONE',
  ...v,
});

describe('linked matching of volumes, environment variables and ports', () => {
  describe('volumes: name, type and writability bind to one volume', () => {
    const p = policy([
      g('Volume Name', ['docker-sock']),
      g('Volume Type', ['HostPath']),
      g('Writable Mounted Volume', ['true']),
    ]);
    const setVolumes = (vols: Volume[]) => (w: Witness) => {
      w.deployment.containers![0]!.volumes = vols;
    };

    it('does not fire when each group is satisfied by a different volume', () => {
      // docker-sock is a read-only host path; the writable host path has another name.
      const split = setVolumes([
        volume({
          name: 'docker-sock',
          type: 'HostPath',
          source: '/var/run/docker.sock',
          destination: '/var/run/docker.sock',
        }),
        volume({ name: 'host-logs', type: 'HostPath', source: '/var/log', readOnly: false }),
        volume({ name: 'docker-sock-copy', type: 'EmptyDir', readOnly: false }),
      ]);
      assert.deepEqual(messages(p, split), []);
    });

    it('does not fire when name and writability match one volume and the type another', () => {
      const split = setVolumes([
        volume({ name: 'docker-sock', type: 'EmptyDir', readOnly: false }),
        volume({ name: 'host-logs', type: 'HostPath', source: '/var/log' }),
      ]);
      assert.deepEqual(messages(p, split), []);
    });

    it('fires with the volume printer message when one volume satisfies every group', () => {
      const same = setVolumes([
        volume({ name: 'scratch', type: 'EmptyDir', readOnly: false }),
        volume({
          name: 'docker-sock',
          type: 'HostPath',
          source: '/var/run/docker.sock',
          destination: '/var/run/docker.sock',
          readOnly: false,
        }),
      ]);
      assert.deepEqual(messages(p, same), [
        "Writable volume 'docker-sock' has source '/var/run/docker.sock', destination '/var/run/docker.sock', and type 'HostPath'",
      ]);
    });

    it('links a volume group with a container group to the same container', () => {
      const q = policy([g('Container Name', ['sidecar']), g('Volume Type', ['HostPath'])]);
      const twoContainers = (hostPathOnSidecar: boolean) => (w: Witness) => {
        const app = w.deployment.containers![0]!;
        const sidecar = { ...structuredClone(app), name: 'sidecar' };
        w.deployment.containers!.push(sidecar);
        const hostPath = volume({ name: 'host', type: 'HostPath', source: '/etc' });
        (hostPathOnSidecar ? sidecar : app).volumes = [hostPath];
      };
      assert.deepEqual(messages(q, twoContainers(false)), []);
      assert.deepEqual(messages(q, twoContainers(true)), [
        "Container has name 'sidecar'",
        "Read-only volume 'host' has source '/etc', destination '/mnt/host', and type 'HostPath'",
      ]);
    });
  });

  describe('environment variables: source, key and value bind to one variable', () => {
    const setEnv = (env: { key: string; value?: string; envVarSource: EnvVarSource }[]) => (w: Witness) => {
      w.deployment.containers![0]!.config!.env = env;
    };

    it('does not fire when the source comes from one variable and the key from another', () => {
      const p = policy([g('Environment Variable', ['SECRET_KEY=DB_PASSWORD='])]);
      const split = setEnv([
        { key: 'DB_PASSWORD', value: 'hunter2', envVarSource: 'RAW' },
        { key: 'API_TOKEN', envVarSource: 'SECRET_KEY' },
      ]);
      assert.deepEqual(messages(p, split), []);
      const same = setEnv([
        { key: 'API_TOKEN', envVarSource: 'SECRET_KEY' },
        { key: 'DB_PASSWORD', envVarSource: 'SECRET_KEY' },
      ]);
      assert.deepEqual(messages(p, same), [
        "Environment variable 'DB_PASSWORD' is present in container 'app' and references a Secret",
      ]);
    });

    it('does not fire when the key comes from one variable and the value from another', () => {
      const p = policy([g('Environment Variable', ['=AWS_SECRET_ACCESS_KEY=.+'])]);
      const split = setEnv([
        { key: 'AWS_SECRET_ACCESS_KEY', value: '', envVarSource: 'RAW' },
        { key: 'REGION', value: 'eu-west-1', envVarSource: 'RAW' },
      ]);
      assert.deepEqual(messages(p, split), []);
      const same = setEnv([{ key: 'AWS_SECRET_ACCESS_KEY', value: 'abc', envVarSource: 'RAW' }]);
      assert.deepEqual(messages(p, same), [
        "Environment variable 'AWS_SECRET_ACCESS_KEY' is present in container 'app'",
      ]);
    });

    it('links an environment group with a container group to the same container', () => {
      const p = policy([g('Container Name', ['sidecar']), g('Environment Variable', ['RAW=DEBUG='])]);
      const twoContainers = (debugOnSidecar: boolean) => (w: Witness) => {
        const app = w.deployment.containers![0]!;
        const sidecar = { ...structuredClone(app), name: 'sidecar' };
        w.deployment.containers!.push(sidecar);
        (debugOnSidecar ? sidecar : app).config!.env = [{ key: 'DEBUG', value: '1', envVarSource: 'RAW' }];
      };
      assert.deepEqual(messages(p, twoContainers(false)), []);
      assert.deepEqual(messages(p, twoContainers(true)), [
        "Container has name 'sidecar'",
        "Environment variable 'DEBUG' is present in container 'sidecar'",
      ]);
    });
  });

  describe('ports: number, protocol and exposure bind to one port', () => {
    const setPorts = (
      w: Witness,
      sshProtocol: string,
      sshLevel: ExposureLevel,
      otherLevel: ExposureLevel,
    ) => {
      w.deployment.ports = [
        {
          containerPort: 22,
          protocol: sshProtocol,
          exposure: sshLevel,
          exposureInfos: [{ level: sshLevel, serviceName: 'ssh', servicePort: 22 }],
        },
        {
          containerPort: 8080,
          protocol: 'TCP',
          exposure: otherLevel,
          exposureInfos: [{ level: otherLevel, serviceName: 'web', servicePort: 80 }],
        },
      ];
    };

    it('port number and protocol', () => {
      const p = policy([g('Exposed Port', ['22']), g('Exposed Port Protocol', ['tcp'])]);
      // 22 is UDP; the TCP port is 8080.
      assert.deepEqual(
        messages(p, (w) => setPorts(w, 'UDP', 'INTERNAL', 'INTERNAL')),
        [],
      );
      assert.deepEqual(
        messages(p, (w) => setPorts(w, 'TCP', 'INTERNAL', 'INTERNAL')),
        ['Exposed port 22/TCP is present'],
      );
    });

    it('port number and exposure method', () => {
      const p = policy([g('Exposed Port', ['22']), g('Port Exposure Method', ['EXTERNAL'])]);
      // 22 is internal; the load-balanced port is 8080.
      assert.deepEqual(
        messages(p, (w) => setPorts(w, 'TCP', 'INTERNAL', 'EXTERNAL')),
        [],
      );
      assert.deepEqual(
        messages(p, (w) => setPorts(w, 'TCP', 'EXTERNAL', 'INTERNAL')),
        ['Deployment port(s) exposed with load balancer', 'Exposed port 22/TCP is present'],
      );
    });
  });
});
