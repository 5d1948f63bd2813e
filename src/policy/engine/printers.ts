/**
 * Violation message printers, byte-compatible with StackRox's
 * `pkg/booleanpolicy/violationmessages/printer/*.go`. Each printer reads a "field map" (field
 * name or context key → values) built for one linked match, and returns zero or more messages.
 */

export type FieldMap = ReadonlyMap<string, readonly string[]>;

/** Context keys (StackRox's custom tags); other keys are policy field names. */
export const CTX = {
  containerName: 'ctx:containerName',
  componentAndVersion: 'ctx:componentAndVersion',
  volumeReadOnly: 'ctx:volumeReadOnly',
  protocol: 'Exposed Port Protocol',
  port: 'Exposed Port',
} as const;

export type PrinterKey =
  | 'addCapability'
  | 'allowPrivilegeEscalation'
  | 'appArmorProfile'
  | 'automountServiceAccountToken'
  | 'component'
  | 'containerName'
  | 'cve'
  | 'disallowedAnnotation'
  | 'disallowedImageLabel'
  | 'dropCapability'
  | 'env'
  | 'hasEgressNetworkPolicy'
  | 'hasIngressNetworkPolicy'
  | 'hostIPC'
  | 'hostNetwork'
  | 'hostPID'
  | 'imageAge'
  | 'imageDetails'
  | 'imageOS'
  | 'imageScan'
  | 'imageScanAge'
  | 'imageSignatureVerified'
  | 'imageUser'
  | 'line'
  | 'livenessProbeDefined'
  | 'namespace'
  | 'nodePort'
  | 'port'
  | 'portExposure'
  | 'privileged'
  | 'rbac'
  | 'readinessProbeDefined'
  | 'readOnlyRootFS'
  | 'replicas'
  | 'requiredAnnotation'
  | 'requiredImageLabel'
  | 'requiredLabel'
  | 'resource'
  | 'runtimeClass'
  | 'seccompProfileType'
  | 'serviceAccount'
  | 'volume';

type Printer = (fm: FieldMap) => string[];

/** The single value of `key`, or undefined when absent or not exactly one (Go's getSingleValue…). */
function single(fm: FieldMap, key: string): string | undefined {
  const v = fm.get(key);
  return v && v.length === 1 ? v[0] : undefined;
}

const maybe = (fm: FieldMap, key: string): string => single(fm, key) ?? '';

/** Go's stringSliceToSentence: "a", "a and b", "a, b, and c". */
export function sentence(items: readonly string[]): string {
  if (items.length === 1) return items[0]!;
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return items.map((s, i) => (i < items.length - 1 ? `${s}, ` : `and ${s}`)).join('');
}

const sortedSentence = (items: readonly string[]) => sentence([...items].sort());

const boolOf = (fm: FieldMap, key: string): boolean | undefined => {
  const v = single(fm, key);
  return v === undefined ? undefined : v.toLowerCase() === 'true' || v === '1';
};

const withBool =
  (key: string, render: (b: boolean, fm: FieldMap) => string): Printer =>
  (fm) => {
    const b = boolOf(fm, key);
    return b === undefined ? [] : [render(b, fm)];
  };

/** "Container 'c' has image with" / "Image has" prefix used by image printers. */
const imagePrefix = (c: string, container: string, image: string) =>
  c ? `Container '${c}' ${container}` : image;

/** A tab-joined compound value as its first `n - 1` parts and the (tab-joined) rest. */
export function splitCompound(v: string, n: 2 | 3): string[] {
  const i = v.indexOf('\t');
  if (n === 2) return i < 0 ? [v, ''] : [v.slice(0, i), v.slice(i + 1)];
  if (i < 0) return [v, '', ''];
  const j = v.indexOf('\t', i + 1);
  return j < 0 ? [v.slice(0, i), v.slice(i + 1), ''] : [v.slice(0, i), v.slice(i + 1, j), v.slice(j + 1)];
}

const titled = new Map<string, string>();

/** `IMPORTANT_VULNERABILITY_SEVERITY` → `Important` (a handful of enum names, each made once). */
function titleSeverity(s: string): string {
  let out = titled.get(s);
  if (out === undefined) {
    const t = s.toLowerCase().replace(/_vulnerability_severity$/, '');
    out = t.replace(/(^|[^a-z0-9])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase());
    if (titled.size < 64) titled.set(s, out);
  }
  return out;
}

const ENV_SOURCE_NAMES: Record<string, string> = {
  RAW: '',
  SECRET_KEY: 'Secret',
  CONFIG_MAP_KEY: 'ConfigMap',
  FIELD: 'field',
  RESOURCE_FIELD: 'resource field',
};

const PORT_EXPOSURE: Record<string, string> = {
  EXTERNAL: 'exposed with load balancer',
  ROUTE: 'exposed with a route',
  NODE: 'exposed on node port',
  HOST: 'exposed on host port',
  INTERNAL: 'using internal cluster IP',
};

const PERMISSION: Record<string, string> = {
  NONE: 'no specified access',
  DEFAULT: 'default access',
  ELEVATED_IN_NAMESPACE: 'elevated access in namespace',
  ELEVATED_CLUSTER_WIDE: 'elevated access cluster wide',
  CLUSTER_ADMIN: 'cluster admin access',
};

function mapPrinter(field: string, resource: string, disallowed: boolean): Printer {
  return (fm) => {
    const values = fm.get(field);
    if (!values) return [];
    const value = values.join('; ');
    return [
      disallowed
        ? `Disallowed ${resource}s found: ${value}`
        : `Required ${resource} not found (found ${resource}s: ${value})`,
    ];
  };
}

export const printers: Record<PrinterKey, Printer> = {
  addCapability: (fm) => {
    const names = fm.get(CTX.containerName);
    const caps = fm.get('Add Capabilities') ?? [];
    if (!names || names.length !== 1 || caps.length === 0) return [];
    const c = names[0] ? `'${names[0]}' ` : '';
    return [
      `Container ${c}adds ${caps.length === 1 ? 'capability' : 'capabilities'} ${sortedSentence(caps)}`,
    ];
  },
  dropCapability: (fm) => {
    const names = fm.get(CTX.containerName);
    if (!names || names.length !== 1) return [];
    const c = names[0] ? `'${names[0]}' ` : '';
    const dropped = fm.get('Drop Capabilities') ?? [];
    let msg = `Container ${c}does not drop expected capabilities`;
    if (dropped.length === 1 && dropped[0] === '<empty>') msg += ' (drops no capabilities)';
    else if (dropped.length > 0) msg += ` (drops ${sortedSentence(dropped)})`;
    return [msg];
  },
  allowPrivilegeEscalation: withBool(
    'Allow Privilege Escalation',
    (b, fm) =>
      `Container${maybe(fm, CTX.containerName) ? ` '${maybe(fm, CTX.containerName)}'` : ''}${
        b ? ' allows' : ' does not allow'
      } privilege escalation`,
  ),
  appArmorProfile: (fm) => {
    const p = single(fm, 'AppArmor Profile');
    if (p === undefined) return [];
    const c = maybe(fm, CTX.containerName);
    return [`Container${c ? ` '${c}'` : ''} has AppArmor profile type '${p}'`];
  },
  automountServiceAccountToken: withBool(
    'Automount Service Account Token',
    (b) => `Deployment${b ? ' mounts' : ' does not mount'} the service account tokens.`,
  ),
  component: (fm) => {
    const cv = single(fm, CTX.componentAndVersion);
    const [name, version] = cv === undefined ? ['', ''] : splitCompound(cv, 2);
    const c = maybe(fm, CTX.containerName);
    return [
      `${c ? `Container '${c}' includes` : 'Image includes'} component '${name}'${version ? ` (version ${version})` : ''}`,
    ];
  },
  containerName: (fm) => {
    const c = single(fm, 'Container Name');
    return c === undefined ? [] : [`Container has name '${c}'`];
  },
  cve: (fm) => {
    const cve = single(fm, 'CVE');
    if (cve === undefined) return [];
    const c = maybe(fm, CTX.containerName);
    const cvss = maybe(fm, 'CVSS');
    const severity = titleSeverity(maybe(fm, 'Severity'));
    const fixedBy = maybe(fm, 'Fixed By');
    const cv = single(fm, CTX.componentAndVersion);
    const [comp, ver] = cv === undefined ? ['', ''] : splitCompound(cv, 2);
    return [
      `${fixedBy ? 'Fixable ' : ''}${cve}${cvss ? ` (CVSS ${cvss})` : ''}${severity ? ` (severity ${severity})` : ''} found` +
        `${comp ? ` in component '${comp}' (version ${ver})` : ''}${c ? ` in container '${c}'` : ''}` +
        `${fixedBy ? `, resolved by version ${fixedBy}` : ''}`,
    ];
  },
  disallowedAnnotation: mapPrinter('Disallowed Annotation', 'annotation', true),
  disallowedImageLabel: mapPrinter('Disallowed Image Label', 'label', true),
  requiredAnnotation: mapPrinter('Required Annotation', 'annotation', false),
  requiredImageLabel: mapPrinter('Required Image Label', 'label', false),
  requiredLabel: mapPrinter('Required Label', 'label', false),
  env: (fm) => {
    const v = single(fm, 'Environment Variable');
    if (v === undefined) return [];
    const [src, name] = splitCompound(v, 3);
    const c = maybe(fm, CTX.containerName);
    const source = ENV_SOURCE_NAMES[src!.toUpperCase()] ?? '';
    return [
      `Environment variable '${name}' is present${c ? ` in container '${c}'` : ''}${source ? ` and references a ${source}` : ''}`,
    ];
  },
  hasIngressNetworkPolicy: () => ['The deployment is missing Ingress Network Policy.'],
  hasEgressNetworkPolicy: () => ['The deployment is missing Egress Network Policy.'],
  hostIPC: withBool('Host IPC', (b) => `Deployment${b ? ' uses' : ' does not use'} the host's IPC namespace`),
  hostNetwork: withBool(
    'Host Network',
    (b) => `Deployment${b ? ' uses' : ' does not use'} the host's network namespace`,
  ),
  hostPID: withBool(
    'Host PID',
    (b) => `Deployment${b ? ' uses' : ' does not use'} the host's process ID namespace`,
  ),
  imageAge: (fm) => {
    const t = single(fm, 'Image Age');
    if (t === undefined) return [];
    return [`${imagePrefix(maybe(fm, CTX.containerName), 'has image', 'Image was')} created at ${t} (UTC)`];
  },
  imageScanAge: (fm) => {
    const t = single(fm, 'Image Scan Age');
    if (t === undefined) return [];
    return [
      `${imagePrefix(maybe(fm, CTX.containerName), 'has image', 'Image was')} last scanned at ${t} (UTC)`,
    ];
  },
  imageOS: (fm) => {
    const os = single(fm, 'Image OS');
    if (os === undefined) return [];
    return [`${imagePrefix(maybe(fm, CTX.containerName), 'has image with', 'Image has')} base OS '${os}'`];
  },
  imageUser: (fm) => {
    const u = single(fm, 'Image User');
    if (u === undefined) return [];
    return [`${imagePrefix(maybe(fm, CTX.containerName), 'has image with', 'Image has')} user '${u}'`];
  },
  imageDetails: (fm) => {
    const details: string[] = [];
    const tag = single(fm, 'Image Tag');
    if (tag !== undefined) details.push(`tag '${tag}'`);
    const remote = single(fm, 'Image Remote');
    if (remote !== undefined) details.push(`remote '${remote}'`);
    const registry = single(fm, 'Image Registry');
    if (registry !== undefined) details.push(`registry '${registry}'`);
    if (details.length === 0) return [];
    return [
      `${imagePrefix(maybe(fm, CTX.containerName), 'has image with', 'Image has')} ${sortedSentence(details)}`,
    ];
  },
  imageScan: (fm) => {
    const v = single(fm, 'Unscanned Image');
    if (v === undefined) return [];
    const c = maybe(fm, CTX.containerName);
    return [`${c ? `Image in container '${c}'` : 'Image'} has ${v === '<nil>' ? 'not ' : ''}been scanned`];
  },
  imageSignatureVerified: (fm) => {
    const c = maybe(fm, CTX.containerName);
    const head = c ? `Container '${c}' image` : 'Image';
    const ids = (fm.get('Image Signature Verified By') ?? []).filter((id) => id !== '' && id !== '<empty>');
    if (ids.length === 0) return [`${head} signature is unverified`];
    return ids.map((id) => `${head} signature is verified by ${id}`);
  },
  line: (fm) => {
    const v = single(fm, 'Dockerfile Line');
    if (v === undefined) return [];
    const [instr, rawLine] = splitCompound(v, 2);
    const line = rawLine!.length > 32 ? rawLine!.slice(0, 32) + '...' : rawLine;
    const c = maybe(fm, CTX.containerName);
    return [`Dockerfile line '${instr} ${line}' found${c ? ` in container '${c}'` : ''}`];
  },
  livenessProbeDefined: withBool(
    'Liveness Probe Defined',
    (b, fm) => `Liveness probe is${b ? '' : ' not'} defined for container '${maybe(fm, CTX.containerName)}'`,
  ),
  readinessProbeDefined: withBool(
    'Readiness Probe Defined',
    (b, fm) => `Readiness probe is${b ? '' : ' not'} defined for container '${maybe(fm, CTX.containerName)}'`,
  ),
  namespace: (fm) => {
    const ns = single(fm, 'Namespace');
    return ns === undefined ? [] : [`Namespace has name '${ns}'`];
  },
  nodePort: (fm) => {
    const p = maybe(fm, 'Exposed Node Port');
    const proto = maybe(fm, CTX.protocol);
    return [`Exposed node port ${p}${proto ? `/${proto}` : ''} is present`];
  },
  port: (fm) => {
    const p = maybe(fm, CTX.port);
    const proto = maybe(fm, CTX.protocol);
    return [`Exposed port ${p}${proto ? `/${proto}` : ''} is present`];
  },
  portExposure: (fm) => {
    const level = single(fm, 'Port Exposure Method');
    const desc = level === undefined ? undefined : PORT_EXPOSURE[level.toUpperCase()];
    return desc === undefined ? [] : [`Deployment port(s) ${desc}`];
  },
  privileged: withBool(
    'Privileged Container',
    (b, fm) =>
      `Container${maybe(fm, CTX.containerName) ? ` '${maybe(fm, CTX.containerName)}'` : ''} is${b ? '' : ' not'} privileged`,
  ),
  rbac: (fm) => {
    const level = single(fm, 'Minimum RBAC Permissions');
    const desc = level === undefined ? undefined : PERMISSION[level.toUpperCase()];
    return desc === undefined ? [] : [`Service account permission level with ${desc}`];
  },
  readOnlyRootFS: withBool(
    'Read-Only Root Filesystem',
    (b, fm) =>
      `Container ${maybe(fm, CTX.containerName) ? `'${maybe(fm, CTX.containerName)}'` : ''}${
        b ? ' uses a read-only root filesystem' : ' uses a read-write root filesystem'
      }`,
  ),
  replicas: (fm) => {
    const r = single(fm, 'Replicas');
    return r === undefined ? [] : [`Replicas is set to '${Number.parseInt(r, 10)}'`];
  },
  resource: (fm) => {
    const rows: [string, string | undefined, string][] = [
      ['CPU limit', single(fm, 'Container CPU Limit'), 'cores'],
      ['CPU request', single(fm, 'Container CPU Request'), 'cores'],
      ['Memory request', single(fm, 'Container Memory Request'), 'MB'],
      ['Memory limit', single(fm, 'Container Memory Limit'), 'MB'],
    ];
    const c = single(fm, CTX.containerName);
    return rows
      .filter((r) => r[1] !== undefined)
      .map(([name, value, unit]) => `${name} set to ${value} ${unit}${c ? ` for container '${c}'` : ''}`);
  },
  runtimeClass: (fm) => {
    const rc = single(fm, 'Runtime Class');
    return rc === undefined ? [] : [`Runtime Class is set to '${rc}'`];
  },
  seccompProfileType: (fm) => {
    const t = single(fm, 'Seccomp Profile Type');
    if (t === undefined) return [];
    const c = maybe(fm, CTX.containerName);
    return [`Container${c ? ` '${c}'` : ''} has Seccomp profile type '${t}'`];
  },
  serviceAccount: (fm) => {
    const sa = single(fm, 'Service Account');
    return sa === undefined ? [] : [`Service Account is set to '${sa}'`];
  },
  volume: (fm) => {
    const details: string[] = [];
    const add = (key: string, label: string) => {
      const v = single(fm, key);
      if (v) details.push(`${label} '${v}'`);
    };
    add('Volume Source', 'source');
    add('Volume Destination', 'destination');
    add('Volume Type', 'type');
    add('Mount Propagation', 'mount propagation');
    if (details.length === 0) return [];
    const ro = single(fm, CTX.volumeReadOnly) === 'true';
    return [`${ro ? 'Read-only' : 'Writable'} volume '${maybe(fm, 'Volume Name')}' has ${sentence(details)}`];
  },
};
