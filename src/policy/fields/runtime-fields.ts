/**
 * Runtime-only fields: process (attached to the container named by the indicator), process
 * baseline, Kubernetes API events (exec/port-forward/attach and audit log), network flows and
 * file access. They read the event given to `evaluateDeployment`.
 */
import type { PolicyField } from './policy-field.js';
import type { Binding } from '../engine/augmented.js';
import type { KubernetesEvent } from '../../model/runtime-event.js';
import { R, bool, enumValue, int, str0, strs } from './define-field.js';
import { enumPredicate, numberPredicate, prefixPredicate } from '../engine/value-matchers.js';
import { compileGlob } from './glob.js';

const processField = (
  name: string,
  rest: Pick<PolicyField, 'valueSyntax' | 'negatable' | 'multiValue' | 'match' | 'read'> &
    Partial<PolicyField>,
): PolicyField => ({
  name,
  stages: R,
  runtime: 'process',
  eventSources: ['DEPLOYMENT_EVENT', 'NODE_EVENT'],
  needsImage: false,
  level: 'container',
  ...rest,
});

export const processNameField = processField('Process Name', {
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  match: 'regex',
  read: (b) => (b.container?.process ? str0(b.container.process.signal.name) : undefined),
});

export const processAncestorField = processField('Process Ancestor', {
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  match: 'regex',
  read: (b) =>
    b.container?.process
      ? strs((b.container.process.signal.lineageInfo ?? []).map((l) => l.parentExecFilePath ?? ''))
      : undefined,
});

export const processArgumentsField = processField('Process Arguments', {
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  match: 'containsRegex',
  read: (b) => (b.container?.process ? str0(b.container.process.signal.args) : undefined),
});

export const processUidField = processField('Process UID', {
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  match: 'number',
  read: (b) => (b.container?.process ? int(b.container.process.signal.uid) : undefined),
  predicate: (v) => numberPredicate(v),
});

export const unexpectedProcessExecutedField = processField('Unexpected Process Executed', {
  valueSyntax: 'bool',
  negatable: false,
  multiValue: false,
  match: 'bool',
  read: (b) => (b.container?.process ? bool(b.container.notInBaseline === true) : undefined),
});

const RESOURCE_ORDER = [
  'UNKNOWN', 'PODS_EXEC', 'PODS_PORTFORWARD', 'SECRETS', 'CONFIGMAPS', 'CLUSTER_ROLES',
  'CLUSTER_ROLE_BINDINGS', 'NETWORK_POLICIES', 'SECURITY_CONTEXT_CONSTRAINTS', 'EGRESS_FIREWALLS',
  'PODS_ATTACH',
]; // prettier-ignore
const VERB_ORDER = ['UNKNOWN', 'CREATE', 'DELETE', 'GET', 'PATCH', 'UPDATE'];

const AUDIT_ONLY = ['AUDIT_LOG_EVENT'] as const;
const KUBE_AND_AUDIT = ['DEPLOYMENT_EVENT', 'AUDIT_LOG_EVENT'] as const;

const kubeField = (
  name: string,
  pick: (e: KubernetesEvent) => ReturnType<PolicyField['read']>,
  rest: Pick<PolicyField, 'valueSyntax' | 'negatable' | 'multiValue' | 'match'> & Partial<PolicyField>,
): PolicyField => ({
  name,
  stages: R,
  runtime: 'kubeEvent',
  eventSources: AUDIT_ONLY,
  needsImage: false,
  level: 'deployment',
  read: (b: Binding) => (b.ctx.kubeEvent ? pick(b.ctx.kubeEvent) : undefined),
  ...rest,
});

export const kubernetesResourceField = kubeField(
  'Kubernetes Resource',
  (e) => enumValue(e.object?.resource, 'UNKNOWN'),
  {
    eventSources: KUBE_AND_AUDIT,
    valueSyntax: 'kubeResource',
    negatable: false,
    multiValue: true,
    match: 'enum',
    predicate: (v) => enumPredicate(v, RESOURCE_ORDER),
  },
);

export const kubernetesApiVerbField = kubeField(
  'Kubernetes API Verb',
  (e) => enumValue(e.apiVerb, 'UNKNOWN'),
  {
    valueSyntax: 'kubeVerb',
    negatable: false,
    multiValue: true,
    match: 'enum',
    predicate: (v) => enumPredicate(v, VERB_ORDER),
  },
);

export const kubernetesResourceNameField = kubeField(
  'Kubernetes Resource Name',
  (e) => str0(e.object?.name),
  {
    valueSyntax: 'nonBlank',
    negatable: true,
    multiValue: true,
    match: 'prefix',
    predicate: (v) => prefixPredicate(v),
  },
);

export const kubernetesUserNameField = kubeField('Kubernetes User Name', (e) => str0(e.user?.username), {
  eventSources: KUBE_AND_AUDIT,
  valueSyntax: 'kubeName',
  negatable: true,
  multiValue: true,
  match: 'prefix',
  predicate: (v) => prefixPredicate(v),
});

export const kubernetesUserGroupsField = kubeField('Kubernetes User Groups', (e) => strs(e.user?.groups), {
  eventSources: KUBE_AND_AUDIT,
  valueSyntax: 'kubeName',
  negatable: true,
  multiValue: true,
  match: 'prefix',
  predicate: (v) => prefixPredicate(v),
});

export const isImpersonatedUserField = kubeField(
  'Is Impersonated User',
  (e) => bool(!!(e.impersonatedUser?.username || (e.impersonatedUser?.groups ?? []).length > 0)),
  { valueSyntax: 'bool', negatable: false, multiValue: false, match: 'bool' },
);

export const sourceIpAddressField = kubeField('Source IP Address', (e) => strs(e.sourceIps), {
  valueSyntax: 'ipAddress',
  negatable: true,
  multiValue: true,
  match: 'prefix',
  predicate: (v) => prefixPredicate(v),
});

export const userAgentField = kubeField('User Agent', (e) => str0(e.userAgent), {
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  match: 'prefix',
  predicate: (v) => prefixPredicate(v),
});

export const unexpectedNetworkFlowDetectedField: PolicyField = {
  name: 'Unexpected Network Flow Detected',
  stages: R,
  runtime: 'networkFlow',
  eventSources: ['DEPLOYMENT_EVENT'],
  valueSyntax: 'bool',
  negatable: false,
  multiValue: false,
  needsImage: false,
  level: 'deployment',
  match: 'bool',
  read: (b) => (b.ctx.networkFlow ? bool(b.ctx.networkFlow.notInNetworkBaseline) : undefined),
};

const FILE_OPS = [
  'OPEN',
  'CREATE',
  'UNLINK',
  'RENAME',
  'PERMISSION_CHANGE',
  'OWNERSHIP_CHANGE',
  'XATTR_CHANGE',
];

export const filePathField: PolicyField = {
  name: 'File Path',
  stages: R,
  runtime: 'fileAccess',
  eventSources: ['NODE_EVENT'],
  valueSyntax: 'filePath',
  negatable: false,
  multiValue: true,
  needsImage: false,
  level: 'deployment',
  match: 'custom',
  read: (b) => {
    const f = b.ctx.fileAccess?.file;
    if (!f) return undefined;
    return strs([f.actualPath, f.effectivePath].filter((p): p is string => !!p));
  },
  predicate: (v) => {
    const re = compileGlob(v);
    return (x) => x.raw !== '<empty>' && re.test(String(x.raw));
  },
};

export const fileOperationField: PolicyField = {
  name: 'File Operation',
  stages: R,
  runtime: 'fileAccess',
  eventSources: ['NODE_EVENT'],
  valueSyntax: 'fileOperation',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'deployment',
  match: 'enum',
  read: (b) => (b.ctx.fileAccess ? enumValue(b.ctx.fileAccess.operation, 'OPEN') : undefined),
  predicate: (v) => enumPredicate(v, FILE_OPS),
};

export const runtimeFields: readonly PolicyField[] = [
  fileOperationField,
  filePathField,
  isImpersonatedUserField,
  kubernetesApiVerbField,
  kubernetesResourceField,
  kubernetesResourceNameField,
  kubernetesUserGroupsField,
  kubernetesUserNameField,
  processAncestorField,
  processArgumentsField,
  processNameField,
  processUidField,
  sourceIpAddressField,
  unexpectedNetworkFlowDetectedField,
  unexpectedProcessExecutedField,
  userAgentField,
];
