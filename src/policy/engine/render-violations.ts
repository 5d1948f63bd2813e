/**
 * Turns section matches into alert violations the way StackRox's `violationmessages.Render`
 * does: per match, a field map of matched values plus context (container name, CVE details,
 * volume and port details); the section's printers render it; messages are de-duplicated and
 * sorted. Runtime events add their own violation (process, Kubernetes event, flow, file access).
 */
import type {
  KubernetesEvent,
  NetworkFlowEvent,
  FileAccessEvent,
  ProcessIndicator,
} from '../../model/runtime-event.js';
import type { SectionMatch } from './match-section.js';
import type { CompiledSection } from './compile-policies.js';
import { CTX, printers } from './printers.js';
import { readableFloat } from './value-matchers.js';
import type { AlertViolation } from './violation.js';

/** Sets `k` to the one value `v` unless the match already has values for it. */
function setIfAbsent(fm: Map<string, string[]>, k: string, v: string): void {
  if (!fm.has(k)) fm.set(k, [v]);
}

function fieldMapOf(m: SectionMatch, stage: string): Map<string, string[]> {
  const fm = new Map(m.matches);
  const b = m.binding;
  if (b.container && stage !== 'BUILD') setIfAbsent(fm, CTX.containerName, b.container.name);
  if (b.vuln) {
    setIfAbsent(fm, 'CVE', b.vuln.cve);
    setIfAbsent(fm, 'CVSS', readableFloat(Number(b.vuln.cvss ?? 0)));
    setIfAbsent(fm, 'Severity', b.vuln.severity ?? 'UNKNOWN_VULNERABILITY_SEVERITY');
  }
  if (b.component)
    setIfAbsent(fm, CTX.componentAndVersion, `${b.component.name}\t${b.component.version ?? ''}`);
  if (fm.has('Fixable') && !fm.has('Fixed By')) fm.set('Fixed By', fm.get('Fixable')!);
  if (b.volume && stage !== 'BUILD') {
    setIfAbsent(fm, 'Volume Name', b.volume.name ?? '');
    setIfAbsent(fm, 'Volume Source', b.volume.source ?? '');
    setIfAbsent(fm, 'Volume Destination', b.volume.destination ?? '');
    setIfAbsent(fm, CTX.volumeReadOnly, b.volume.readOnly === true ? 'true' : 'false');
    setIfAbsent(fm, 'Volume Type', b.volume.type ?? '');
  }
  if (b.port && stage !== 'BUILD') {
    setIfAbsent(fm, CTX.port, String(b.port.containerPort ?? 0));
    setIfAbsent(fm, CTX.protocol, b.port.protocol ?? '');
  }
  return fm;
}

export function renderSectionMessages(
  section: CompiledSection,
  matches: readonly SectionMatch[],
  stage: string,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < matches.length; i++) {
    const fm = fieldMapOf(matches[i]!, stage);
    for (let k = 0; k < section.printers.length; k++) {
      const msgs = printers[section.printers[k]!](fm);
      for (let j = 0; j < msgs.length; j++) out.push(msgs[j]!);
    }
  }
  // Sorted, then duplicates dropped side by side: the same list as de-duplicating first, without
  // hashing every message.
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  out.length = n;
  return out;
}

/** StackRox `UpdateProcessAlertViolationMessage`. */
export function processViolationMessage(processes: readonly ProcessIndicator[]): string {
  const paths = [...new Set(processes.map((p) => p.signal.execFilePath ?? ''))].sort();
  const args = [...new Set(processes.map((p) => p.signal.args ?? ''))];
  const uids = [...new Set(processes.map((p) => Number(p.signal.uid ?? 0)))];
  let s: string;
  if (paths.length === 1) s = `Binary '${paths[0]}'`;
  else if (paths.length === 2) s = `Binaries '${paths[0]}' and '${paths[1]}'`;
  else if (paths.length < 10)
    s = 'Binaries ' + paths.map((p, i) => (i < paths.length - 1 ? `'${p}', ` : `and '${p}'`)).join('');
  else s = `${paths.length} binaries`;
  s += ' executed';
  if (args.length === 1) s += args[0] ? ` with arguments '${args[0]}'` : ' without arguments';
  else if (args.length > 1) s += ` with ${args.length} different arguments`;
  if (uids.length === 1) s += ` under user ID ${uids[0]}`;
  else if (uids.length > 1) s += ` under ${uids.length} different user IDs`;
  return s;
}

const joinNonEmpty = (parts: (string | undefined)[]) => parts.filter((p) => p).join(' ');

function defaultHeader(e: KubernetesEvent): string {
  const o = e.object ?? {};
  let plural = (o.resource ?? 'UNKNOWN').toLowerCase();
  let singular = plural.endsWith('ies') ? plural.slice(0, -3) + 'y' : plural.replace(/s$/, '');
  singular = singular.replace(/_/g, ' ');
  plural = plural.replace(/_/g, ' ');
  const ns = o.namespace ? ` in namespace "${o.namespace}"` : '';
  return o.name ? `Access to ${singular} "${o.name}"${ns}` : `Access to ${plural}${ns}`;
}

function defaultAttrs(e: KubernetesEvent, skipVerb: boolean): { key: string; value: string }[] {
  const a: { key: string; value: string }[] = [];
  if (!skipVerb) a.push({ key: 'Verb', value: e.apiVerb ?? 'UNKNOWN' });
  if (e.user?.username) a.push({ key: 'Username', value: e.user.username });
  if (e.user?.groups?.length) a.push({ key: 'Groups', value: e.user.groups.join(', ') });
  if (e.userAgent) a.push({ key: 'User Agent', value: e.userAgent });
  if (e.sourceIps?.length) a.push({ key: 'IP address', value: e.sourceIps.join(', ') });
  if (e.impersonatedUser?.username)
    a.push({ key: 'Impersonated Username', value: e.impersonatedUser.username });
  if (e.impersonatedUser?.groups?.length)
    a.push({ key: 'Impersonated Groups', value: e.impersonatedUser.groups.join(', ') });
  return a;
}

/** StackRox `GenerateKubeEventViolationMsg`. */
export function kubeEventViolation(e: KubernetesEvent): AlertViolation {
  const pod = e.object?.name ?? '';
  const podAttrs = (extra: { key: string; value: string }[]) => [
    ...(pod ? [{ key: 'pod', value: pod }] : []),
    ...extra.filter((x) => x.value),
    ...defaultAttrs(e, true),
  ];
  let message: string;
  let attrs: { key: string; value: string }[];
  switch (e.object?.resource) {
    case 'PODS_EXEC': {
      const container = e.podExecArgs?.container ?? '';
      const cmds = (e.podExecArgs?.commands ?? []).filter((c) => c).join(' ');
      message = joinNonEmpty([
        'Kubernetes API received exec',
        cmds ? `'${cmds}'` : '',
        'request',
        pod ? `into pod '${pod}'` : '',
        container ? `container '${container}'` : '',
      ]);
      attrs = podAttrs([
        { key: 'container', value: container },
        { key: 'commands', value: cmds },
      ]);
      break;
    }
    case 'PODS_PORTFORWARD': {
      const ports = (e.podPortForwardArgs?.ports ?? []).join(', ');
      message = pod
        ? joinNonEmpty([
            'Kubernetes API received port forward request',
            `to pod '${pod}'`,
            ports ? `ports '${ports}'` : '',
          ])
        : 'Kubernetes API received port forward request';
      attrs = podAttrs([{ key: 'ports', value: ports }]);
      break;
    }
    case 'PODS_ATTACH': {
      const container = e.podAttachArgs?.container ?? '';
      message = joinNonEmpty([
        'Kubernetes API received attach',
        'request',
        pod ? `to pod '${pod}'` : '',
        container ? `container '${container}'` : '',
      ]);
      attrs = podAttrs([{ key: 'container', value: container }]);
      break;
    }
    default:
      message = defaultHeader(e);
      attrs = defaultAttrs(e, false);
  }
  const v: AlertViolation = { message, type: 'K8S_EVENT', keyValueAttrs: { attrs } };
  if (e.timestamp) v.time = e.timestamp;
  return v;
}

/** StackRox `GenerateNetworkFlowViolation`. */
export function networkFlowViolation(f: NetworkFlowEvent): AlertViolation {
  const v: AlertViolation = {
    message:
      `${f.notInNetworkBaseline ? 'Unexpected' : 'Expected'} network flow found in deployment. ` +
      `Source name: '${f.srcEntityName ?? ''}'. Destination name: '${f.dstEntityName ?? ''}'. ` +
      `Destination port: '${f.dstPort ?? 0}'. Protocol: '${f.l4Protocol ?? 'L4_PROTOCOL_UNKNOWN'}'.`,
    type: 'NETWORK_FLOW',
  };
  if (f.lastSeenTimestamp) v.time = f.lastSeenTimestamp;
  return v;
}

/** StackRox `GenerateFileAccessViolation`. */
export function fileAccessViolation(a: FileAccessEvent): AlertViolation {
  const path = a.file?.actualPath || a.file?.effectivePath || 'Unknown file';
  const v: AlertViolation = { message: `'${path}' accessed (${a.operation ?? 'OPEN'})`, type: 'FILE_ACCESS' };
  if (a.timestamp) v.time = a.timestamp;
  return v;
}
