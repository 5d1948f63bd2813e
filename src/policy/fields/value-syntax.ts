/**
 * Value syntaxes of policy fields (StackRox `pkg/booleanpolicy/value_regex.go`), one validator
 * each. A validator returns undefined when the value is acceptable, else what is wrong.
 * Regex-valued syntaxes are additionally compiled by the field (bad RE2 is reported there).
 */

export const LINUX_CAPABILITIES = [
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL',
  'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE',
  'NET_BROADCAST', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_ADMIN',
  'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
] as const; // prettier-ignore

export const DOCKERFILE_INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const; // prettier-ignore

export const ENV_SOURCES = [
  'UNSET', 'RAW', 'SECRET_KEY', 'CONFIG_MAP_KEY', 'FIELD', 'RESOURCE_FIELD', 'UNKNOWN',
] as const; // prettier-ignore

export type ValueSyntax =
  | 'bool'
  | 'nonBlank'
  | 'comparatorNumber'
  | 'integer'
  | 'addCapability'
  | 'dropCapability'
  | 'keyValue'
  | 'dockerfileLine'
  | 'environmentVariable'
  | 'imageComponent'
  | 'severity'
  | 'rbacLevel'
  | 'mountPropagation'
  | 'portExposure'
  | 'seccompProfile'
  | 'kubeVerb'
  | 'kubeResource'
  | 'kubeName'
  | 'ipAddress'
  | 'fileOperation'
  | 'filePath'
  | 'signatureIntegration';

const oneOf =
  (names: readonly string[], what: string) =>
  (v: string): string | undefined =>
    names.includes(v.trim().toUpperCase()) ? undefined : `must be one of ${names.join(', ')} (${what})`;

// The anchored patterns of StackRox's pkg/booleanpolicy/value_regex.go.
const NUMBER = /^(<|>|<=|>=)?\s*\d*\.?\d+$/;
const SEVERITY = /^(<|>|<=|>=)?\s*(UNKNOWN|LOW|MODERATE|IMPORTANT|CRITICAL)$/i;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const IPV6 =
  /^(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*|[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){7})$/i;
const ENV_VAR = /^(UNSET|RAW|SECRET_KEY|CONFIG_MAP_KEY|FIELD|RESOURCE_FIELD|UNKNOWN)?=[^=]*=.*$/is;
const KUBE_NAME = /^[a-z0-9](?:[-:a-z0-9]*[a-z0-9])?$/i;

export const valueSyntaxValidators: Record<ValueSyntax, (v: string) => string | undefined> = {
  bool: (v) => (/^(true|false)$/i.test(v.trim()) ? undefined : 'must be true or false'),
  nonBlank: (v) => (v.trim() !== '' ? undefined : 'must not be blank'),
  comparatorNumber: (v) =>
    NUMBER.test(v) ? undefined : 'must be a number, optionally preceded by <, <=, > or >=',
  integer: (v) => (/^\d+$/.test(v) ? undefined : 'must be a whole number'),
  addCapability: oneOf(LINUX_CAPABILITIES, 'a Linux capability without the CAP_ prefix'),
  dropCapability: oneOf([...LINUX_CAPABILITIES, 'ALL'], 'a Linux capability or ALL'),
  keyValue: (v) => (/^[^=]+=.*$/s.test(v) ? undefined : 'must be key=value with a non-empty key'),
  dockerfileLine: (v) => {
    const i = v.indexOf('=');
    if (i < 0) return 'must be INSTRUCTION=value';
    const instr = v.slice(0, i).toUpperCase();
    return instr === '' || (DOCKERFILE_INSTRUCTIONS as readonly string[]).includes(instr)
      ? undefined
      : `instruction must be one of ${DOCKERFILE_INSTRUCTIONS.join(', ')} or empty`;
  },
  environmentVariable: (v) =>
    ENV_VAR.test(v)
      ? undefined
      : `must be SOURCE=key=value with SOURCE one of ${ENV_SOURCES.join(', ')} or empty, and no "=" in the key`,
  imageComponent: (v) => (/^[^=]+=.*$/s.test(v) ? undefined : 'must be name=version (version may be empty)'),
  severity: (v) =>
    SEVERITY.test(v)
      ? undefined
      : 'must be UNKNOWN, LOW, MODERATE, IMPORTANT or CRITICAL, optionally preceded by <, <=, > or >=',
  rbacLevel: oneOf(
    ['DEFAULT', 'ELEVATED_IN_NAMESPACE', 'ELEVATED_CLUSTER_WIDE', 'CLUSTER_ADMIN'],
    'RBAC level',
  ),
  mountPropagation: oneOf(['NONE', 'HOSTTOCONTAINER', 'BIDIRECTIONAL'], 'mount propagation'),
  portExposure: oneOf(['UNSET', 'EXTERNAL', 'NODE', 'HOST', 'INTERNAL', 'ROUTE'], 'port exposure'),
  seccompProfile: oneOf(['UNCONFINED', 'RUNTIME_DEFAULT', 'LOCALHOST'], 'seccomp profile type'),
  kubeVerb: oneOf(['CREATE', 'DELETE', 'GET', 'PATCH', 'UPDATE'], 'Kubernetes API verb'),
  kubeResource: oneOf(
    [
      'PODS_EXEC', 'PODS_PORTFORWARD', 'PODS_ATTACH', 'SECRETS', 'CONFIGMAPS', 'CLUSTER_ROLES',
      'CLUSTER_ROLE_BINDINGS', 'NETWORK_POLICIES', 'SECURITY_CONTEXT_CONSTRAINTS', 'EGRESS_FIREWALLS',
    ], // prettier-ignore
    'Kubernetes resource',
  ),
  kubeName: (v) => (KUBE_NAME.test(v) ? undefined : 'must be a Kubernetes user or group name'),
  ipAddress: (v) => (IPV4.test(v) || IPV6.test(v) ? undefined : 'must be an IPv4 or IPv6 address'),
  fileOperation: oneOf(
    ['OPEN', 'CREATE', 'RENAME', 'UNLINK', 'OWNERSHIP_CHANGE', 'PERMISSION_CHANGE', 'XATTR_CHANGE'],
    'file operation',
  ),
  filePath: (v) =>
    v.startsWith('/') && !v.split('/').includes('..') ? undefined : 'must be an absolute path without ".."',
  signatureIntegration: (v) =>
    /^io\.stackrox\.signatureintegration\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
      v,
    )
      ? undefined
      : 'must be io.stackrox.signatureintegration.<uuid>',
};
