import type {
  Container,
  EnvironmentConfig,
  EmbeddedSecret,
  MountPropagation,
  PortConfig,
  Resources,
  SecurityContext,
  SeccompProfileType,
  Volume,
} from '../../model/deployment.js';
import { parseImageName } from './parse-image-name.js';
import { parseQuantity, quantityToCores, quantityToMb } from './parse-quantity.js';
import {
  asArray,
  asBoolean,
  asNumber,
  asRecord,
  asRecordOrUndefined,
  asText,
  type PlainRecord,
} from './plain-data.js';
import { volumeSourceOf, type VolumeSourceInfo } from './volume-source.js';

/** The deployment fields a pod spec determines. */
export interface PodSpecFacts {
  containers: Container[];
  ports: PortConfig[];
  serviceAccount: string;
  automountServiceAccountToken: boolean;
  hostNetwork: boolean;
  hostPid: boolean;
  hostIpc: boolean;
  runtimeClass: string;
  imagePullSecrets: string[];
}

/**
 * Convert a pod spec the way StackRox's `protoconv/resources` does, with the defaults the API
 * server would apply: service account `default`, token automount on, protocol TCP, a missing
 * resource request equal to its limit. Init containers follow the regular ones with type INIT.
 */
export function convertPodSpec(
  specValue: unknown,
  annotations: Record<string, string>,
  deploymentId: string,
): PodSpecFacts {
  const spec = asRecord(specValue);
  const volumes = new Map<string, VolumeSourceInfo>();
  for (const v of asArray(spec.volumes)) {
    const vol = asRecord(v);
    volumes.set(asText(vol.name), volumeSourceOf(vol));
  }
  const podSecurity = asRecord(spec.securityContext);
  const imagePullSecrets = asArray(spec.imagePullSecrets).map((s) => asText(asRecord(s).name));
  const hostNetwork = asBoolean(spec.hostNetwork) ?? false;
  const ports: PortConfig[] = [];
  const containers: Container[] = [];
  const add = (c: unknown, type: 'REGULAR' | 'INIT') => {
    const container = convertContainer(asRecord(c), type, {
      deploymentId,
      annotations,
      podSecurity,
      volumes,
      imagePullSecrets,
      hostNetwork,
    });
    containers.push(container);
    if (type === 'REGULAR') ports.push(...(container.ports ?? []));
  };
  for (const c of asArray(spec.containers)) add(c, 'REGULAR');
  for (const c of asArray(spec.initContainers)) add(c, 'INIT');
  const automount = asBoolean(spec.automountServiceAccountToken);
  return {
    containers,
    ports,
    serviceAccount: asText(spec.serviceAccountName) || asText(spec.serviceAccount) || 'default',
    automountServiceAccountToken: automount ?? true,
    hostNetwork,
    hostPid: asBoolean(spec.hostPID) ?? false,
    hostIpc: asBoolean(spec.hostIPC) ?? false,
    runtimeClass: asText(spec.runtimeClassName),
    imagePullSecrets,
  };
}

interface ContainerContext {
  deploymentId: string;
  annotations: Record<string, string>;
  podSecurity: PlainRecord;
  volumes: Map<string, VolumeSourceInfo>;
  imagePullSecrets: string[];
  hostNetwork: boolean;
}

function convertContainer(c: PlainRecord, type: 'REGULAR' | 'INIT', ctx: ContainerContext): Container {
  const name = asText(c.name);
  const sc = asRecordOrUndefined(c.securityContext);
  const { volumes, secrets } = convertMounts(c, ctx);
  const runAsUser = asNumber(sc?.runAsUser) ?? asNumber(ctx.podSecurity.runAsUser);
  const config: Container['config'] = {
    env: asArray(c.env).map(convertEnv),
    command: asArray(c.command).map(asText),
    args: asArray(c.args).map(asText),
    directory: asText(c.workingDir),
    appArmorProfile: appArmorProfileOf(name, sc, ctx),
  };
  if (sc && asNumber(sc.runAsUser) !== undefined) config.uid = asNumber(sc.runAsUser)!;
  const securityContext = convertSecurityContext(sc, ctx.podSecurity);
  if (runAsUser !== undefined) securityContext.runAsUser = runAsUser;
  return {
    id: `${ctx.deploymentId}:${name}`,
    name,
    type,
    image: parseImageName(asText(c.image)),
    config,
    securityContext,
    volumes,
    ports: asArray(c.ports).map((p) => convertPort(p, ctx.hostNetwork)),
    secrets,
    resources: convertResources(asRecord(c.resources)),
    livenessProbe: { defined: probeDefined(c.livenessProbe) },
    readinessProbe: { defined: probeDefined(c.readinessProbe) },
  };
}

function convertEnv(e: unknown): EnvironmentConfig {
  const env = asRecord(e);
  const key = asText(env.name);
  const from = asRecordOrUndefined(env.valueFrom);
  if (!from) return { key, value: asText(env.value), envVarSource: 'RAW' };
  const ref = (field: string) => asRecordOrUndefined(from[field]);
  const secret = ref('secretKeyRef');
  if (secret) {
    return {
      key,
      value: `Refers to secret ${JSON.stringify(asText(secret.name))} with key ${JSON.stringify(asText(secret.key))}`,
      envVarSource: 'SECRET_KEY',
    };
  }
  const cm = ref('configMapKeyRef');
  if (cm) {
    return {
      key,
      value: `Refers to config map ${JSON.stringify(asText(cm.name))} with key ${JSON.stringify(asText(cm.key))}`,
      envVarSource: 'CONFIG_MAP_KEY',
    };
  }
  const field = ref('fieldRef');
  if (field)
    return {
      key,
      value: `Refers to field ${JSON.stringify(asText(field.fieldPath))}`,
      envVarSource: 'FIELD',
    };
  const res = ref('resourceFieldRef');
  if (res) {
    return {
      key,
      value: `Refers to resource ${JSON.stringify(asText(res.resource))} from container ${JSON.stringify(asText(res.containerName))}`,
      envVarSource: 'RESOURCE_FIELD',
    };
  }
  return { key, value: 'Unknown environment value reference', envVarSource: 'UNKNOWN' };
}

function convertMounts(
  c: PlainRecord,
  ctx: ContainerContext,
): { volumes: Volume[]; secrets: EmbeddedSecret[] } {
  const volumes: Volume[] = [];
  const secrets: EmbeddedSecret[] = [];
  for (const m of asArray(c.volumeMounts)) {
    const mount = asRecord(m);
    const name = asText(mount.name);
    const src = ctx.volumes.get(name) ?? { type: 'unknown', source: '' };
    const destination = asText(mount.mountPath);
    if (src.type === 'Secret') {
      secrets.push({ name: src.source, path: destination });
      continue;
    }
    volumes.push({
      name,
      source: src.source,
      destination,
      readOnly: asBoolean(mount.readOnly) ?? false,
      type: src.type,
      mountPropagation: mountPropagationOf(asText(mount.mountPropagation)),
    });
  }
  for (const s of ctx.imagePullSecrets) secrets.push({ name: s });
  for (const e of asArray(c.envFrom)) {
    const secretRef = asRecordOrUndefined(asRecord(e).secretRef);
    if (secretRef) secrets.push({ name: asText(secretRef.name) });
  }
  for (const e of asArray(c.env)) {
    const secretRef = asRecordOrUndefined(asRecord(asRecord(e).valueFrom).secretKeyRef);
    if (secretRef) secrets.push({ name: asText(secretRef.name) });
  }
  return { volumes, secrets };
}

function mountPropagationOf(v: string): MountPropagation {
  if (v === 'HostToContainer') return 'HOST_TO_CONTAINER';
  if (v === 'Bidirectional') return 'BIDIRECTIONAL';
  return 'NONE';
}

function convertSecurityContext(sc: PlainRecord | undefined, pod: PlainRecord): SecurityContext {
  const out: SecurityContext = {
    privileged: asBoolean(sc?.privileged) ?? false,
    readOnlyRootFilesystem: asBoolean(sc?.readOnlyRootFilesystem) ?? false,
    allowPrivilegeEscalation: asBoolean(sc?.allowPrivilegeEscalation) ?? false,
    addCapabilities: asArray(asRecord(sc?.capabilities).add).map(asText),
    dropCapabilities: asArray(asRecord(sc?.capabilities).drop).map(asText),
  };
  const selinux = asRecordOrUndefined(sc?.seLinuxOptions) ?? asRecordOrUndefined(pod.seLinuxOptions);
  if (selinux) {
    out.selinux = {
      user: asText(selinux.user),
      role: asText(selinux.role),
      type: asText(selinux.type),
      level: asText(selinux.level),
    };
  }
  const seccomp = asRecordOrUndefined(sc?.seccompProfile) ?? asRecordOrUndefined(pod.seccompProfile);
  if (seccomp) {
    const t = asText(seccomp.type);
    const type: SeccompProfileType =
      t === 'Unconfined' ? 'UNCONFINED' : t === 'Localhost' ? 'LOCALHOST' : 'RUNTIME_DEFAULT';
    out.seccompProfile = { type, localhostProfile: asText(seccomp.localhostProfile) };
  }
  return out;
}

/**
 * AppArmor profile: the legacy per-container annotation (what StackRox reads), then the
 * `appArmorProfile` security-context field of Kubernetes 1.30+ (container, then pod).
 */
function appArmorProfileOf(name: string, sc: PlainRecord | undefined, ctx: ContainerContext): string {
  const annotation = ctx.annotations[`container.apparmor.security.beta.kubernetes.io/${name}`];
  if (annotation !== undefined) return annotation;
  const profile =
    asRecordOrUndefined(sc?.appArmorProfile) ?? asRecordOrUndefined(ctx.podSecurity.appArmorProfile);
  if (!profile) return '';
  const t = asText(profile.type);
  if (t === 'Unconfined') return 'unconfined';
  if (t === 'RuntimeDefault') return 'runtime/default';
  if (t === 'Localhost') return `localhost/${asText(profile.localhostProfile)}`;
  return '';
}

/** With `hostNetwork`, the API server sets a missing hostPort to the container port. */
function convertPort(p: unknown, hostNetwork: boolean): PortConfig {
  const port = asRecord(p);
  const hostPort = asNumber(port.hostPort) || (hostNetwork ? (asNumber(port.containerPort) ?? 0) : 0);
  const out: PortConfig = {
    name: asText(port.name),
    containerPort: asNumber(port.containerPort) ?? 0,
    protocol: asText(port.protocol) || 'TCP',
    exposure: 'UNSET',
    exposureInfos: [],
  };
  if (hostPort !== 0) {
    out.exposure = 'HOST';
    out.exposureInfos = [{ level: 'HOST', nodePort: hostPort }];
  }
  return out;
}

function convertResources(r: PlainRecord): Resources {
  const requests = asRecord(r.requests);
  const limits = asRecord(r.limits);
  const read = (m: PlainRecord, key: string) => {
    const v = m[key];
    return typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
  };
  const cpuLimit = read(limits, 'cpu');
  const memLimit = read(limits, 'memory');
  const cpuRequest = read(requests, 'cpu') ?? cpuLimit;
  const memRequest = read(requests, 'memory') ?? memLimit;
  return {
    cpuCoresRequest: cpuRequest ? quantityToCores(cpuRequest) : 0,
    cpuCoresLimit: cpuLimit ? quantityToCores(cpuLimit) : 0,
    memoryMbRequest: memRequest ? quantityToMb(memRequest) : 0,
    memoryMbLimit: memLimit ? quantityToMb(memLimit) : 0,
  };
}

function probeDefined(p: unknown): boolean {
  const probe = asRecordOrUndefined(p);
  return probe !== undefined && Object.keys(probe).length > 0;
}
