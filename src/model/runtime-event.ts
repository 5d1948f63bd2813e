/**
 * Runtime inputs of the policy engine, as StackRox's own JSON (proto3 camelCase): a process
 * indicator (`storage.ProcessIndicator`), a container's process baseline
 * (`storage.ProcessBaseline`), a Kubernetes API event (`storage.KubernetesEvent`), a network flow
 * (`augmentedobjs.NetworkFlowDetails`) and a file-access event (`storage.FileAccess`).
 */

/** `storage.ProcessSignal.LineageInfo`. */
export interface ProcessLineageInfo {
  parentUid?: number;
  parentExecFilePath?: string;
}

/** `storage.ProcessSignal`. */
export interface ProcessSignal {
  id?: string;
  containerId?: string;
  time?: string;
  /** Process name (`bash`). */
  name?: string;
  /** Arguments as one string. */
  args?: string;
  execFilePath?: string;
  pid?: number;
  uid?: number;
  gid?: number;
  lineageInfo?: ProcessLineageInfo[];
  scraped?: boolean;
}

/** `storage.ProcessIndicator`. */
export interface ProcessIndicator {
  id?: string;
  deploymentId?: string;
  containerName: string;
  podId?: string;
  podUid?: string;
  signal: ProcessSignal;
  clusterId?: string;
  namespace?: string;
  containerStartTime?: string;
  imageId?: string;
}

/** `storage.BaselineElement`. */
export interface ProcessBaselineElement {
  element?: { processName?: string };
  auto?: boolean;
}

/** `storage.ProcessBaseline`: the expected processes of one container of one deployment. */
export interface ProcessBaseline {
  id?: string;
  key?: { deploymentId?: string; containerName?: string; clusterId?: string; namespace?: string };
  elements?: ProcessBaselineElement[];
  elementGraveyard?: ProcessBaselineElement[];
  created?: string;
  userLockedTimestamp?: string;
  stackRoxLockedTimestamp?: string;
  lastUpdate?: string;
}

/** `storage.KubernetesEvent.Object.Resource`. */
export type KubernetesResource =
  | 'UNKNOWN'
  | 'PODS_EXEC'
  | 'PODS_PORTFORWARD'
  | 'SECRETS'
  | 'CONFIGMAPS'
  | 'CLUSTER_ROLES'
  | 'CLUSTER_ROLE_BINDINGS'
  | 'NETWORK_POLICIES'
  | 'SECURITY_CONTEXT_CONSTRAINTS'
  | 'EGRESS_FIREWALLS'
  | 'PODS_ATTACH';

export type KubernetesApiVerb = 'UNKNOWN' | 'CREATE' | 'DELETE' | 'GET' | 'PATCH' | 'UPDATE';

/** `storage.KubernetesEvent`. */
export interface KubernetesEvent {
  id?: string;
  object: { name?: string; resource?: KubernetesResource; clusterId?: string; namespace?: string };
  timestamp?: string;
  apiVerb?: KubernetesApiVerb;
  user?: { username?: string; groups?: string[] };
  impersonatedUser?: { username?: string; groups?: string[] };
  sourceIps?: string[];
  userAgent?: string;
  responseStatus?: { statusCode?: number; reason?: string };
  podExecArgs?: { container?: string; commands?: string[] };
  podPortForwardArgs?: { ports?: number[] };
  podAttachArgs?: { container?: string };
}

/** `augmentedobjs.NetworkFlowDetails`: one observed flow of the deployment. */
export interface NetworkFlowEvent {
  srcEntityName?: string;
  /** `DEPLOYMENT`, `INTERNET`, `EXTERNAL_SOURCE`, `INTERNAL_ENTITIES`… */
  srcEntityType?: string;
  dstEntityName?: string;
  dstEntityType?: string;
  dstPort?: number;
  /** `L4_PROTOCOL_TCP`, `L4_PROTOCOL_UDP`… */
  l4Protocol?: string;
  /** True when the flow is not in the deployment's network baseline. */
  notInNetworkBaseline?: boolean;
  lastSeenTimestamp?: string;
}

export type FileOperation =
  'OPEN' | 'CREATE' | 'UNLINK' | 'RENAME' | 'PERMISSION_CHANGE' | 'OWNERSHIP_CHANGE' | 'XATTR_CHANGE';

/** `storage.FileAccess`: one file event from a container or node. */
export interface FileAccessEvent {
  file: { actualPath?: string; effectivePath?: string };
  operation?: FileOperation;
  /** Rename target, when operation is RENAME. */
  moved?: { actualPath?: string; effectivePath?: string };
  timestamp?: string;
  process?: ProcessIndicator;
  hostname?: string;
}
