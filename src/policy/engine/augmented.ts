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
import { startsWithWord } from './re2-regex.js';
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
  /** Active vulnerabilities narrowed by CVE id, per id list (see `activeVulnsWithCve`). */
  activeVulnsByCve?: Map<string, ActiveVulnIndex>;
  /** Components narrowed by name, per name list (see `componentsNamed`). */
  componentsByName?: Map<string, EmbeddedImageScanComponent[]>;
}

/** A whole-string test of `s.slice(start, end)` (re2-regex.ts `WholeMatch`). */

/** The components with at least one vulnerability policies see, and those vulnerabilities. */
export interface ActiveVulnIndex {
  components: EmbeddedImageScanComponent[];
  vulns: Map<EmbeddedImageScanComponent, EmbeddedVulnerability[]>;
}

/**
 * A container node with every key present from the start (caches included), so all nodes share
 * one shape on the hot paths that read them.
 */
export function containerNode(
  name: string,
  image: Image,
  imageName: ImageName | undefined,
  container?: Container,
): ContainerNode {
  return {
    name,
    container,
    image,
    imageName,
    process: undefined,
    notInBaseline: undefined,
    activeVulns: undefined,
    activeVulnsByCve: undefined,
    componentsByName: undefined,
  };
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

/**
 * The components of the container whose name is one of `words` (plain words, lower case: an
 * `Image Component` group's name parts, listed under `key`), compared as the group compares them
 * (re2-regex.ts `compileWholeMatch`), in image order; made once per container, list and
 * evaluation. A name is compared up to its first tab: with a tab in it, that is the text a value's
 * name part is matched against (image-fields.ts `compoundPredicate`). Words hold no tab, so a
 * name matches a word of length L when it has length L, or a tab at L, and the word before it.
 */
export function componentsNamed(c: ContainerNode, words: readonly string[], key: string): readonly unknown[] {
  let byKey = c.componentsByName;
  if (byKey === undefined) c.componentsByName = byKey = new Map();
  let out = byKey.get(key);
  if (out !== undefined) return out;
  out = [];
  for (const comp of c.image.scan?.components ?? []) {
    const name = comp.name ?? '';
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      const L = w.length;
      if ((name.length === L || name.charCodeAt(L) === 9) && startsWithWord(name, 0, w)) {
        out.push(comp);
        break;
      }
    }
  }
  byKey.set(key, out);
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
 * The active vulnerabilities whose CVE id is one of `words` (plain words, lower case: a `CVE`
 * group's values, listed under `key`, compared as the group compares them), and their components,
 * in image order; made once per container, list and
 * evaluation.
 */
export function activeVulnsWithCve(c: ContainerNode, words: readonly string[], key: string): ActiveVulnIndex {
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
      const cve = v.cve ?? '';
      let hit = false;
      for (let k = 0; k < words.length && !hit; k++) {
        hit = cve.length === words[k]!.length && startsWithWord(cve, 0, words[k]!);
      }
      if (!hit) continue;
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
