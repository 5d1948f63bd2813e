/** Deployment-level fields (no container index; link with anything) and port fields. */
import type { PolicyField } from './policy-field.js';
import { DR, bool, enumValue, int, str0 } from './define-field.js';
import { disallowedMapMatcher, mapEntries, requiredMapMatcher } from './map-match.js';
import { enumPredicate, numberPredicate, prefixPredicate } from '../engine/value-matchers.js';

const PERMISSION_ORDER = [
  'UNSET',
  'NONE',
  'DEFAULT',
  'ELEVATED_IN_NAMESPACE',
  'ELEVATED_CLUSTER_WIDE',
  'CLUSTER_ADMIN',
];
const EXPOSURE_ORDER = ['UNSET', 'EXTERNAL', 'NODE', 'HOST', 'INTERNAL', 'ROUTE'];

const deploymentBool = (
  name: string,
  pick: (d: NonNullable<import('../engine/augmented.js').EvalContext['deployment']>) => boolean | undefined,
  printer: PolicyField['printer'],
  negatable = false,
): PolicyField => ({
  name,
  stages: DR,
  valueSyntax: 'bool',
  negatable,
  multiValue: false,
  needsImage: false,
  level: 'deployment',
  match: 'bool',
  read: (b) => (b.ctx.deployment ? bool(pick(b.ctx.deployment)) : undefined),
  printer,
});

export const automountServiceAccountTokenField = deploymentBool(
  'Automount Service Account Token',
  (d) => d.automountServiceAccountToken,
  'automountServiceAccountToken',
);
export const hostIpcField = deploymentBool('Host IPC', (d) => d.hostIpc, 'hostIPC');
export const hostNetworkField = deploymentBool('Host Network', (d) => d.hostNetwork, 'hostNetwork');
export const hostPidField = deploymentBool('Host PID', (d) => d.hostPid, 'hostPID');

const netpol = (name: string, ingress: boolean): PolicyField => ({
  name,
  stages: DR,
  valueSyntax: 'bool',
  negatable: true,
  multiValue: false,
  needsImage: false,
  level: 'deployment',
  match: 'bool',
  read: (b) => {
    const np = b.ctx.deployment?.networkPoliciesApplied;
    return np ? bool(ingress ? np.hasIngressNetworkPolicy : np.hasEgressNetworkPolicy) : undefined;
  },
  printer: ingress ? 'hasIngressNetworkPolicy' : 'hasEgressNetworkPolicy',
});
export const hasIngressNetworkPolicyField = netpol('Has Ingress Network Policy', true);
export const hasEgressNetworkPolicyField = netpol('Has Egress Network Policy', false);

const mapField = (
  name: string,
  pick: 'annotations' | 'labels',
  required: boolean,
  printer: PolicyField['printer'],
): PolicyField => ({
  name,
  stages: DR,
  valueSyntax: 'keyValue',
  negatable: false,
  multiValue: true,
  needsImage: false,
  level: 'deployment',
  match: 'map',
  read: (b) => (b.ctx.deployment ? mapEntries(b.ctx.deployment[pick]) : undefined),
  compileGroup: (values, op) => (required ? requiredMapMatcher(values) : disallowedMapMatcher(values, op)),
  printer,
});
export const disallowedAnnotationField = mapField(
  'Disallowed Annotation',
  'annotations',
  false,
  'disallowedAnnotation',
);
export const requiredAnnotationField = mapField(
  'Required Annotation',
  'annotations',
  true,
  'requiredAnnotation',
);
export const requiredLabelField = mapField('Required Label', 'labels', true, 'requiredLabel');

const deploymentRegex = (
  name: string,
  pick: (d: NonNullable<import('../engine/augmented.js').EvalContext['deployment']>) => string | undefined,
  printer: PolicyField['printer'],
): PolicyField => ({
  name,
  stages: DR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'deployment',
  match: 'regex',
  read: (b) => (b.ctx.deployment ? str0(pick(b.ctx.deployment)) : undefined),
  printer,
});
export const namespaceField = deploymentRegex('Namespace', (d) => d.namespace, 'namespace');
export const runtimeClassField = deploymentRegex('Runtime Class', (d) => d.runtimeClass, 'runtimeClass');
export const serviceAccountField = deploymentRegex(
  'Service Account',
  (d) => d.serviceAccount,
  'serviceAccount',
);

export const minimumRbacPermissionsField: PolicyField = {
  name: 'Minimum RBAC Permissions',
  stages: DR,
  valueSyntax: 'rbacLevel',
  negatable: true,
  multiValue: false,
  needsImage: false,
  level: 'deployment',
  match: 'enum',
  read: (b) =>
    b.ctx.deployment ? enumValue(b.ctx.deployment.serviceAccountPermissionLevel, 'UNSET') : undefined,
  predicate: (v) => enumPredicate('>=' + v, PERMISSION_ORDER),
  printer: 'rbac',
};

export const replicasField: PolicyField = {
  name: 'Replicas',
  stages: DR,
  valueSyntax: 'comparatorNumber',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'deployment',
  match: 'number',
  read: (b) => (b.ctx.deployment ? int(b.ctx.deployment.replicas) : undefined),
  printer: 'replicas',
};

export const exposedPortField: PolicyField = {
  name: 'Exposed Port',
  stages: DR,
  valueSyntax: 'comparatorNumber',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'port',
  match: 'number',
  read: (b) => (b.port ? int(b.port.containerPort) : undefined),
  printer: 'port',
};

export const exposedPortProtocolField: PolicyField = {
  name: 'Exposed Port Protocol',
  stages: DR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'port',
  match: 'prefix',
  read: (b) => (b.port ? str0(b.port.protocol) : undefined),
  predicate: (v) => prefixPredicate(v.toUpperCase()),
  printer: 'port',
};

export const exposedNodePortField: PolicyField = {
  name: 'Exposed Node Port',
  stages: DR,
  valueSyntax: 'comparatorNumber',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'exposure',
  match: 'number',
  read: (b) => (b.exposure ? int(b.exposure.nodePort) : undefined),
  predicate: (v) => numberPredicate(v),
  printer: 'nodePort',
};

export const portExposureMethodField: PolicyField = {
  name: 'Port Exposure Method',
  stages: DR,
  valueSyntax: 'portExposure',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'exposure',
  match: 'enum',
  read: (b) => (b.exposure ? enumValue(b.exposure.level, 'UNSET') : undefined),
  predicate: (v) => enumPredicate(v, EXPOSURE_ORDER),
  printer: 'portExposure',
};

export const deploymentFields: readonly PolicyField[] = [
  automountServiceAccountTokenField,
  disallowedAnnotationField,
  exposedNodePortField,
  exposedPortField,
  exposedPortProtocolField,
  hasEgressNetworkPolicyField,
  hasIngressNetworkPolicyField,
  hostIpcField,
  hostNetworkField,
  hostPidField,
  minimumRbacPermissionsField,
  namespaceField,
  portExposureMethodField,
  replicasField,
  requiredAnnotationField,
  requiredLabelField,
  runtimeClassField,
  serviceAccountField,
];
