/**
 * The augmented object StackRox evaluates (deployment → containers[i] → image → components[j] →
 * vulns[k]; containers[i] → volumes, env, Dockerfile layers; ports[p] → exposureInfos[x]) with the
 * runtime event attached. A `Binding` is one choice of array element per level along a path;
 * groups of one section must all hold on one binding (linked matching).
 */
import type {
  Container,
  Deployment,
  EnvironmentConfig,
  ExposureInfo,
  ImageName,
  PortConfig,
  Volume,
} from '../../model/deployment.js';
import type {
  EmbeddedImageScanComponent,
  EmbeddedVulnerability,
  Image,
  ImageLayer,
} from '../../model/image.js';
import type {
  FileAccessEvent,
  KubernetesEvent,
  NetworkFlowEvent,
  ProcessIndicator,
} from '../../model/runtime-event.js';

export type LinkLevel =
  'deployment' | 'container' | 'layer' | 'component' | 'vuln' | 'volume' | 'env' | 'port' | 'exposure';

export const LEVEL_PARENT: Record<LinkLevel, LinkLevel | null> = {
  deployment: null,
  container: 'deployment',
  layer: 'container',
  component: 'container',
  vuln: 'component',
  volume: 'container',
  env: 'container',
  port: 'deployment',
  exposure: 'port',
};

/** One container (or, for BUILD, the image alone) with its resolved image. */
export interface ContainerNode {
  /** Empty for BUILD-stage image evaluation (messages then use the "Image …" forms). */
  name: string;
  container?: Container;
  image: Image;
  /** Image name as referenced by the container (or the image's own name). */
  imageName?: ImageName;
  /** The runtime process attached to this container, if any. */
  process?: ProcessIndicator;
  /** Result of the baseline check for `process` (undefined when no locked baseline). */
  notInBaseline?: boolean;
  /**
   * The image's vulnerabilities that policies see, indexed on first use by a section with
   * vulnerability criteria. A node lives for one evaluation, so the index is never stale.
   */
  activeVulns?: ActiveVulnIndex;
  /** Active vulnerabilities narrowed to CVE ids (key: the ids joined by `|`); built on use. */
  activeVulnsByCve?: Map<string, ActiveVulnIndex>;
  /** Positions of the image's components by ASCII-lower-cased name (up to a tab); built on use. */
  componentsByName?: Map<string, number[]>;
}

/** The components with at least one vulnerability policies see, and those vulnerabilities. */
export interface ActiveVulnIndex {
  components: EmbeddedImageScanComponent[];
  vulns: Map<EmbeddedImageScanComponent, EmbeddedVulnerability[]>;
}

/** StackRox's hidden vulnerability constraints (`wrapForVulnMgmt`): not suppressed, OBSERVED. */
export function isActiveVuln(v: EmbeddedVulnerability): boolean {
  return v.suppressed !== true && (v.state === undefined || v.state === 'OBSERVED');
}

/** The container's index of active vulnerabilities (built once per evaluation). */
export function activeVulnIndex(c: ContainerNode): ActiveVulnIndex {
  let ix = c.activeVulns;
  if (ix !== undefined) return ix;
  ix = { components: [], vulns: new Map() };
  for (const comp of c.image.scan?.components ?? []) {
    const all = comp.vulns ?? [];
    let active: EmbeddedVulnerability[] | undefined;
    for (let i = 0; i < all.length; i++) {
      if (isActiveVuln(all[i]!)) continue;
      // Some vulnerability is hidden: keep the visible ones in order.
      active = all.filter(isActiveVuln);
      break;
    }
    active ??= all;
    if (active.length === 0) continue;
    ix.components.push(comp);
    ix.vulns.set(comp, active);
  }
  c.activeVulns = ix;
  return ix;
}

const NO_NODES: readonly unknown[] = [];

/** Lower-cases ASCII letters only (what the plain-word match folds; see re2-regex.ts). */
export function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return s;
}

/**
 * The container's components by name: the key is the name up to its first tab (the text an
 * `Image Component` value's name part is matched against when the name holds a tab), ASCII
 * lower-cased. Built once per evaluation, on first use.
 */
export function componentNameIndex(c: ContainerNode): Map<string, number[]> {
  let ix = c.componentsByName;
  if (ix !== undefined) return ix;
  ix = new Map();
  const comps = c.image.scan?.components ?? [];
  for (let i = 0; i < comps.length; i++) {
    const name = comps[i]!.name ?? '';
    const tab = name.indexOf('\t');
    const key = asciiLower(tab < 0 ? name : name.slice(0, tab));
    const list = ix.get(key);
    if (list === undefined) ix.set(key, [i]);
    else list.push(i);
  }
  c.componentsByName = ix;
  return ix;
}

/**
 * The components of the binding's container whose name is one of `words` (ASCII lower-case), in
 * image order: the only ones an `Image Component` group naming plain words can hold on.
 */
export function componentsNamed(b: Binding, words: readonly string[]): readonly unknown[] {
  if (!b.container) return NO_NODES;
  const ix = componentNameIndex(b.container);
  const comps = b.container.image.scan?.components ?? [];
  let hits: number[] | undefined;
  let merged = false;
  for (let i = 0; i < words.length; i++) {
    const list = ix.get(words[i]!);
    if (list === undefined) continue;
    if (hits === undefined) hits = list;
    else {
      hits = hits.concat(list);
      merged = true;
    }
  }
  if (hits === undefined) return NO_NODES;
  if (merged) hits.sort((x, y) => x - y);
  const out: unknown[] = new Array(hits.length);
  for (let i = 0; i < hits.length; i++) out[i] = comps[hits[i]!];
  return out;
}

/**
 * The components of the binding's container a section with vulnerability criteria can match on:
 * a vulnerability group never holds on a hidden vulnerability (its fields read nothing there),
 * and a linked level with no match fails its parent, so only components with an active
 * vulnerability can hold.
 */
export function vulnComponentNodes(b: Binding): readonly unknown[] {
  return b.container ? activeVulnIndex(b.container).components : NO_NODES;
}

/**
 * The active vulnerabilities whose CVE id is one of `cves` (ASCII lower-case, `key` = them joined
 * by `|`), and their components, in image order; made once per container, id list and evaluation.
 */
export function activeVulnsWithCve(c: ContainerNode, cves: readonly string[], key: string): ActiveVulnIndex {
  let byKey = c.activeVulnsByCve;
  if (byKey === undefined) c.activeVulnsByCve = byKey = new Map();
  let ix = byKey.get(key);
  if (ix !== undefined) return ix;
  const all = activeVulnIndex(c);
  ix = { components: [], vulns: new Map() };
  for (let i = 0; i < all.components.length; i++) {
    const comp = all.components[i]!;
    let kept: EmbeddedVulnerability[] | undefined;
    for (const v of all.vulns.get(comp)!) {
      if (!cves.includes(asciiLower(v.cve ?? ''))) continue;
      if (kept === undefined) kept = [v];
      else kept.push(v);
    }
    if (kept === undefined) continue;
    ix.components.push(comp);
    ix.vulns.set(comp, kept);
  }
  byKey.set(key, ix);
  return ix;
}

/** The active vulnerabilities of the binding's component (the only ones vulnerability groups see). */
export function activeVulnNodes(b: Binding): readonly unknown[] {
  if (!b.container || !b.component) return NO_NODES;
  return activeVulnIndex(b.container).vulns.get(b.component) ?? NO_NODES;
}

export interface EvalContext {
  stage: 'BUILD' | 'DEPLOY' | 'RUNTIME';
  deployment?: Deployment;
  containers: ContainerNode[];
  now: number;
  kubeEvent?: KubernetesEvent;
  networkFlow?: NetworkFlowEvent;
  fileAccess?: FileAccessEvent;
  process?: ProcessIndicator;
}

export interface Binding {
  ctx: EvalContext;
  container?: ContainerNode;
  layer?: ImageLayer;
  component?: EmbeddedImageScanComponent;
  vuln?: EmbeddedVulnerability;
  volume?: Volume;
  env?: EnvironmentConfig;
  port?: PortConfig;
  exposure?: ExposureInfo;
}

/** What a field reads from: the binding (with the node of its level filled in). */
export type MatchNode = Binding;

/** The elements of `level` under the binding of its parent level. */
export function childNodes(level: LinkLevel, b: Binding): readonly unknown[] {
  switch (level) {
    case 'container':
      return b.ctx.containers;
    case 'layer':
      return b.container?.image.metadata?.v1?.layers ?? [];
    case 'component':
      return b.container?.image.scan?.components ?? [];
    case 'vuln':
      return b.component?.vulns ?? [];
    case 'volume':
      return b.container?.container?.volumes ?? [];
    case 'env':
      return b.container?.container?.config?.env ?? [];
    case 'port':
      return b.ctx.deployment?.ports ?? [];
    case 'exposure':
      return b.port?.exposureInfos ?? [];
    default:
      return [];
  }
}

export function bindChild(level: LinkLevel, b: Binding, node: unknown): Binding {
  // Every key written out, so all bindings share one object shape (a computed-key spread does not).
  const c: Binding = {
    ctx: b.ctx,
    container: b.container,
    layer: b.layer,
    component: b.component,
    vuln: b.vuln,
    volume: b.volume,
    env: b.env,
    port: b.port,
    exposure: b.exposure,
  };
  (c as unknown as Record<LinkLevel, unknown>)[level] = node;
  return c;
}

/** Parses an RFC 3339 timestamp (or proto `{seconds}`) to epoch ms; undefined when absent/invalid. */
export function timestampMs(ts: unknown): number | undefined {
  if (ts === undefined || ts === null || ts === '') return undefined;
  if (typeof ts === 'object' && 'seconds' in (ts as object)) {
    return Number((ts as { seconds: number | string }).seconds) * 1000;
  }
  const ms = Date.parse(String(ts));
  return Number.isNaN(ms) ? undefined : ms;
}
