/**
 * The normalised deployment the policy engine evaluates: StackRox's `storage.Deployment` in
 * proto3-JSON camelCase, so Central/Sensor payloads and our manifest converter produce the same
 * shape. Every field is optional except where the engine cannot work without it; a reader treats a
 * missing field as its proto3 default (false, 0, "", empty list).
 *
 * Facts that StackRox computes from other cluster objects (RBAC permission level, applied network
 * policies) are carried here as already-computed values so evaluation stays a pure function.
 */

/** `storage.ImageName`. */
export interface ImageName {
  registry?: string;
  remote?: string;
  tag?: string;
  fullName?: string;
}

/** `storage.ContainerImage`: the image reference a container runs. */
export interface ContainerImage {
  /** Image digest (`sha256:…`) when known. */
  id?: string;
  name?: ImageName;
  notPullable?: boolean;
  isClusterLocal?: boolean;
}

/** Where an environment variable's value comes from (`ContainerConfig.EnvironmentConfig.EnvVarSource`). */
export type EnvVarSource =
  'UNSET' | 'RAW' | 'SECRET_KEY' | 'CONFIG_MAP_KEY' | 'FIELD' | 'RESOURCE_FIELD' | 'UNKNOWN';

export interface EnvironmentConfig {
  key?: string;
  value?: string;
  envVarSource?: EnvVarSource;
}

/** `storage.ContainerConfig`. */
export interface ContainerConfig {
  env?: EnvironmentConfig[];
  command?: string[];
  args?: string[];
  directory?: string;
  user?: string;
  uid?: number | string;
  appArmorProfile?: string;
}

export type SeccompProfileType = 'UNCONFINED' | 'RUNTIME_DEFAULT' | 'LOCALHOST';

/** `storage.SecurityContext`. */
export interface SecurityContext {
  privileged?: boolean;
  selinux?: { user?: string; role?: string; type?: string; level?: string };
  dropCapabilities?: string[];
  addCapabilities?: string[];
  readOnlyRootFilesystem?: boolean;
  seccompProfile?: { type?: SeccompProfileType; localhostProfile?: string };
  allowPrivilegeEscalation?: boolean;
  /** Not in StackRox's proto; kept for our own checks (from `runAsUser`). */
  runAsUser?: number;
}

export type MountPropagation = 'NONE' | 'HOST_TO_CONTAINER' | 'BIDIRECTIONAL';

/** `storage.Volume`: a volume mount of one container. */
export interface Volume {
  name?: string;
  /** Host path, secret name, config map name, claim name… */
  source?: string;
  destination?: string;
  readOnly?: boolean;
  /** `HostPath`, `Secret`, `ConfigMap`, `EmptyDir`, `PersistentVolumeClaim`… */
  type?: string;
  mountPropagation?: MountPropagation;
}

export type ExposureLevel = 'UNSET' | 'EXTERNAL' | 'NODE' | 'HOST' | 'INTERNAL' | 'ROUTE';

/** `PortConfig.ExposureInfo`. */
export interface ExposureInfo {
  level?: ExposureLevel;
  serviceName?: string;
  serviceId?: string;
  serviceClusterIp?: string;
  servicePort?: number;
  nodePort?: number;
  externalIps?: string[];
  externalHostnames?: string[];
}

/** `storage.PortConfig`. */
export interface PortConfig {
  name?: string;
  containerPort?: number;
  /** `TCP`, `UDP`, `SCTP`. */
  protocol?: string;
  exposure?: ExposureLevel;
  exposedPort?: number;
  exposureInfos?: ExposureInfo[];
}

/** `storage.Resources`. */
export interface Resources {
  cpuCoresRequest?: number;
  cpuCoresLimit?: number;
  memoryMbRequest?: number;
  memoryMbLimit?: number;
}

export interface EmbeddedSecret {
  name?: string;
  path?: string;
}

/** `storage.Container`. */
export interface Container {
  id?: string;
  name?: string;
  /** `REGULAR` (default) or `INIT`. */
  type?: 'REGULAR' | 'INIT';
  image?: ContainerImage;
  config?: ContainerConfig;
  securityContext?: SecurityContext;
  volumes?: Volume[];
  ports?: PortConfig[];
  secrets?: EmbeddedSecret[];
  resources?: Resources;
  livenessProbe?: { defined?: boolean };
  readinessProbe?: { defined?: boolean };
}

/** `storage.PermissionLevel`, in increasing order of access. */
export type PermissionLevel =
  'UNSET' | 'NONE' | 'DEFAULT' | 'ELEVATED_IN_NAMESPACE' | 'ELEVATED_CLUSTER_WIDE' | 'CLUSTER_ADMIN';

/**
 * Which network policies select the deployment's pods (StackRox's `augmentedobjs.NetworkPoliciesApplied`,
 * computed from the namespace's NetworkPolicy objects). Absent = not known; the two
 * "Has … Network Policy" fields then do not match either way.
 */
export interface NetworkPoliciesApplied {
  hasIngressNetworkPolicy: boolean;
  hasEgressNetworkPolicy: boolean;
  /** Names (or ids) of the policies that apply, for messages and remarks. */
  policies?: string[];
}

/** `storage.Deployment`. */
export interface Deployment {
  id?: string;
  name: string;
  /** Workload kind: `Deployment`, `DaemonSet`, `StatefulSet`, `Pod`, `CronJob`… */
  type?: string;
  namespace?: string;
  namespaceId?: string;
  /** int64 in proto3 JSON may arrive as a string. */
  replicas?: number | string;
  labels?: Record<string, string>;
  podLabels?: Record<string, string>;
  annotations?: Record<string, string>;
  labelSelector?: { matchLabels?: Record<string, string> };
  created?: string;
  clusterId?: string;
  clusterName?: string;
  containers?: Container[];
  serviceAccount?: string;
  serviceAccountPermissionLevel?: PermissionLevel;
  automountServiceAccountToken?: boolean;
  hostNetwork?: boolean;
  hostPid?: boolean;
  hostIpc?: boolean;
  runtimeClass?: string;
  ports?: PortConfig[];
  imagePullSecrets?: string[];
  inactive?: boolean;
  platformComponent?: boolean;
  /** Rampart addition (computed by the caller): see {@link NetworkPoliciesApplied}. */
  networkPoliciesApplied?: NetworkPoliciesApplied;
  /** Rampart addition: labels of the deployment's namespace, for `namespaceLabel` scopes. */
  namespaceLabels?: Record<string, string>;
  /** Rampart addition: labels of the cluster, for `clusterLabel` scopes. */
  clusterLabels?: Record<string, string>;
}
