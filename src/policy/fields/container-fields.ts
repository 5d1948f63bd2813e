/** Container-level fields: security context, resources, probes, name. */
import type { Container } from '../../model/deployment.js';
import type { PolicyField } from './policy-field.js';
import type { Binding } from '../engine/augmented.js';
import { DR, bool, enumValue, float, str0, strs } from './define-field.js';
import { combinePredicates, enumPredicate, type ValuePredicate } from '../engine/value-matchers.js';

const SECCOMP_ORDER = ['UNCONFINED', 'RUNTIME_DEFAULT', 'LOCALHOST'];

/** The Kubernetes container of a binding; undefined for BUILD-stage (image-only) evaluation. */
const containerOf = (b: Binding): Container | undefined => b.container?.container;

const containerBool = (
  name: string,
  pick: (c: Container) => boolean | undefined,
  printer: PolicyField['printer'],
  negatable = false,
): PolicyField => ({
  name,
  stages: DR,
  valueSyntax: 'bool',
  negatable,
  multiValue: false,
  needsImage: false,
  level: 'container',
  match: 'bool',
  read: (b) => {
    const c = containerOf(b);
    return c ? bool(pick(c)) : undefined;
  },
  printer,
});

export const privilegedContainerField = containerBool(
  'Privileged Container',
  (c) => c.securityContext?.privileged,
  'privileged',
);
export const readOnlyRootFilesystemField = containerBool(
  'Read-Only Root Filesystem',
  (c) => c.securityContext?.readOnlyRootFilesystem,
  'readOnlyRootFS',
);
export const allowPrivilegeEscalationField = containerBool(
  'Allow Privilege Escalation',
  (c) => c.securityContext?.allowPrivilegeEscalation,
  'allowPrivilegeEscalation',
);
export const livenessProbeDefinedField = containerBool(
  'Liveness Probe Defined',
  (c) => c.livenessProbe?.defined,
  'livenessProbeDefined',
);
export const readinessProbeDefinedField = containerBool(
  'Readiness Probe Defined',
  (c) => c.readinessProbe?.defined,
  'readinessProbeDefined',
  true,
);

const resource = (name: string, pick: (c: Container) => number | undefined): PolicyField => ({
  name,
  stages: DR,
  valueSyntax: 'comparatorNumber',
  negatable: false,
  multiValue: true,
  needsImage: false,
  level: 'container',
  match: 'number',
  read: (b) => {
    const c = containerOf(b);
    return c ? float(pick(c)) : undefined;
  },
  printer: 'resource',
});

export const containerCpuLimitField = resource('Container CPU Limit', (c) => c.resources?.cpuCoresLimit);
export const containerCpuRequestField = resource(
  'Container CPU Request',
  (c) => c.resources?.cpuCoresRequest,
);
export const containerMemoryLimitField = resource(
  'Container Memory Limit',
  (c) => c.resources?.memoryMbLimit,
);
export const containerMemoryRequestField = resource(
  'Container Memory Request',
  (c) => c.resources?.memoryMbRequest,
);

export const containerNameField: PolicyField = {
  name: 'Container Name',
  stages: DR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'container',
  match: 'regex',
  read: (b) => (containerOf(b) ? str0(b.container!.name) : undefined),
  printer: 'containerName',
};

export const appArmorProfileField: PolicyField = {
  name: 'AppArmor Profile',
  stages: DR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'container',
  match: 'regex',
  read: (b) => (containerOf(b) ? str0(containerOf(b)!.config?.appArmorProfile) : undefined),
  printer: 'appArmorProfile',
};

export const seccompProfileTypeField: PolicyField = {
  name: 'Seccomp Profile Type',
  stages: DR,
  valueSyntax: 'seccompProfile',
  negatable: true,
  multiValue: false,
  needsImage: false,
  level: 'container',
  match: 'enum',
  read: (b) => {
    const p = containerOf(b)?.securityContext?.seccompProfile;
    return p ? enumValue(p.type, 'UNCONFINED') : undefined;
  },
  predicate: (v) => enumPredicate(v, SECCOMP_ORDER),
  printer: 'seccompProfileType',
};

const capName = (s: string) => s.toUpperCase().replace(/^CAP_/, '');
const exactCap =
  (value: string): ValuePredicate =>
  (v) =>
    v.raw !== '<empty>' && capName(String(v.raw)) === capName(value);

export const addCapabilitiesField: PolicyField = {
  name: 'Add Capabilities',
  stages: DR,
  valueSyntax: 'addCapability',
  negatable: false,
  multiValue: true,
  needsImage: false,
  level: 'container',
  match: 'custom',
  read: (b) => (containerOf(b) ? strs(containerOf(b)!.securityContext?.addCapabilities) : undefined),
  predicate: (v) => exactCap(v),
  printer: 'addCapability',
};

/**
 * Drop Capabilities is always negated (StackRox `ForDropCaps`): the listed capabilities must be
 * dropped, so the group matches containers that do not drop them — and dropping ALL counts as
 * dropping everything. The matched values are what the container does drop (or "<empty>").
 */
export const dropCapabilitiesField: PolicyField = {
  name: 'Drop Capabilities',
  stages: DR,
  valueSyntax: 'dropCapability',
  negatable: false,
  multiValue: true,
  needsImage: false,
  level: 'container',
  match: 'custom',
  read: (b) => (containerOf(b) ? strs(containerOf(b)!.securityContext?.dropCapabilities) : undefined),
  compileGroup: (values, op) => {
    const listed = combinePredicates(values.map(exactCap), op, true);
    const all = values.some((v) => v.toUpperCase() === 'ALL')
      ? undefined
      : combinePredicates([exactCap('ALL')], 'OR', true);
    return (vs) => {
      const m = listed(vs);
      if (m === null) return null;
      if (all && all(vs) === null) return null;
      return m;
    };
  },
  printer: 'dropCapability',
};

export const containerFields: readonly PolicyField[] = [
  addCapabilitiesField,
  allowPrivilegeEscalationField,
  appArmorProfileField,
  containerCpuLimitField,
  containerCpuRequestField,
  containerMemoryLimitField,
  containerMemoryRequestField,
  containerNameField,
  dropCapabilitiesField,
  livenessProbeDefinedField,
  privilegedContainerField,
  readinessProbeDefinedField,
  readOnlyRootFilesystemField,
  seccompProfileTypeField,
];
