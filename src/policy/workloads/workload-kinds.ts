/**
 * Which Kubernetes kinds become deployments (StackRox's `pkg/kubernetes/types.go` list) and
 * which kinds are "registered", that is known built-in or OpenShift types. An object of an
 * unregistered kind (a CRD instance) is reported back as ignored rather than refused.
 */
export const workloadKinds = [
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
  'DeploymentConfig',
] as const;

export type WorkloadKind = (typeof workloadKinds)[number];

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(workloadKinds);

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return WORKLOAD_KINDS.has(kind);
}

/** API groups whose kinds a Kubernetes client knows without any CRD. */
const REGISTERED_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'apps.openshift.io',
  'route.openshift.io',
  'security.openshift.io',
  'image.openshift.io',
  'build.openshift.io',
  'project.openshift.io',
  'config.openshift.io',
]);

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version part of an `apiVersion` (`apps/v1` → `v1`). */
export function apiVersionOnly(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

export function isRegisteredKind(apiVersion: string, kind: string): boolean {
  if (apiVersion === '') return isWorkloadKind(kind);
  return REGISTERED_GROUPS.has(apiGroupOf(apiVersion));
}

/**
 * StackRox's text for an object it skipped: `namespace/name[group/version, Kind=Kind]`
 * (`k8sobjects.ObjectRef.String`), namespace and slash omitted when the object has none.
 */
export function ignoredObjectRef(apiVersion: string, kind: string, namespace: string, name: string): string {
  const gvk = `${apiGroupOf(apiVersion)}/${apiVersionOnly(apiVersion)}, Kind=${kind}`;
  return `${namespace !== '' ? `${namespace}/` : ''}${name}[${gvk}]`;
}
