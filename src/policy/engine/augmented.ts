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
