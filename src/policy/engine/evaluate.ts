/**
 * Evaluation entry points: a deployment (DEPLOY, or RUNTIME with one event) or an image (BUILD)
 * against a compiled set. Pre-filters (disabled, stage, scope, exclusions) first, then sections
 * OR-ed; each matching section contributes its messages.
 */
import type { Deployment } from '../../model/deployment.js';
import type { Image } from '../../model/image.js';
import type { ProcessBaseline, ProcessIndicator } from '../../model/runtime-event.js';
import type { EnforcementAction, LifecycleStage } from '../model/policy.js';
import {
  containerNode,
  timestampMs,
  type Binding,
  type ContainerNode,
  type EvalContext,
} from './augmented.js';
import type { CompiledPolicy, CompiledPolicySet } from './compile-policies.js';
import type { DeploymentEvaluationInput, ImageEvaluationOptions, ImageLookup } from './evaluation-input.js';
import { matchSection } from './match-section.js';
import {
  fileAccessViolation,
  kubeEventViolation,
  networkFlowViolation,
  processViolationMessage,
  renderSectionMessages,
} from './render-violations.js';
import type { AlertViolation, PolicyViolation, ProcessViolation } from './violation.js';

const STAGE_ENFORCEMENT: Record<LifecycleStage, readonly EnforcementAction[]> = {
  BUILD: ['FAIL_BUILD_ENFORCEMENT'],
  DEPLOY: ['SCALE_TO_ZERO_ENFORCEMENT', 'UNSATISFIABLE_NODE_CONSTRAINT_ENFORCEMENT'],
  RUNTIME: ['KILL_POD_ENFORCEMENT', 'FAIL_KUBE_REQUEST_ENFORCEMENT'],
};

function lookup(images: ImageLookup | undefined, key: string | undefined): Image | undefined {
  if (!images || !key) return undefined;
  return typeof images === 'function' ? images(key) : images.get(key);
}

/** StackRox's process baseline check: locked baseline and the exec path not among its elements. */
export function isNotInBaseline(
  p: ProcessIndicator,
  baseline: ProcessBaseline | undefined,
  now: number,
): boolean {
  if (!baseline) return false;
  const user = timestampMs(baseline.userLockedTimestamp);
  const auto = timestampMs(baseline.stackRoxLockedTimestamp);
  const locked = (user !== undefined && user <= now) || (auto !== undefined && auto <= now);
  if (!locked) return false;
  const item = p.signal.execFilePath || p.signal.name || '';
  return !(baseline.elements ?? []).some((e) => e.element?.processName === item);
}

function buildContainers(input: DeploymentEvaluationInput, now: number): ContainerNode[] {
  return (input.deployment.containers ?? []).map((c) => {
    const ref = c.image ?? {};
    const image = lookup(input.images, ref.name?.fullName) ??
      lookup(input.images, ref.id) ?? { id: ref.id, name: ref.name, scan: null };
    const node = containerNode(c.name ?? '', image, ref.name ?? image.name, c);
    if (input.process && input.process.containerName === node.name) {
      node.process = input.process;
      node.notInBaseline = isNotInBaseline(input.process, input.processBaseline, now);
    }
    return node;
  });
}

function inScope(cp: CompiledPolicy, d: Deployment | undefined): boolean {
  if (cp.scopes.length === 0 || !d) return true;
  const subject = {
    clusterId: d.clusterId,
    namespace: d.namespace,
    labels: d.labels,
    clusterLabels: d.clusterLabels,
    namespaceLabels: d.namespaceLabels,
  };
  return cp.scopes.some((s) => s(subject));
}

function excluded(
  cp: CompiledPolicy,
  now: number,
  d: Deployment | undefined,
  image: Image | undefined,
): boolean {
  if (cp.exclusions.length === 0) return false;
  const subject = d && {
    clusterId: d.clusterId,
    namespace: d.namespace,
    labels: d.labels,
    clusterLabels: d.clusterLabels,
    namespaceLabels: d.namespaceLabels,
  };
  for (const e of cp.exclusions) {
    if (e.expiresAt !== undefined && e.expiresAt <= now) continue;
    if (d && e.deployment) {
      const { name, scope } = e.deployment;
      if (name === undefined && scope === undefined) continue;
      if (name === null) continue;
      if (name && !name.test(d.name)) continue;
      if (scope && !scope(subject!)) continue;
      return true;
    }
    if (image && e.imagePrefix && (image.name?.fullName ?? '').startsWith(e.imagePrefix)) return true;
  }
  return false;
}

/** A binding at the root of `ctx`; every level key present keeps one shape for the checks. */
function rootBinding(ctx: EvalContext): Binding {
  return {
    ctx,
    container: undefined,
    layer: undefined,
    component: undefined,
    vuln: undefined,
    volume: undefined,
    env: undefined,
    port: undefined,
    exposure: undefined,
  };
}

/**
 * The policy's violation on `root` (a root binding of the evaluation, shared by the policies: the
 * matchers restore every slot they set), or undefined when no section matches or the policy's
 * exclusions cover the deployment or image. Exclusions are asked once, when the first section
 * matches and before any message is rendered: their regex tests are only worth it for policies
 * that match, and an excluded match needs no messages.
 */
function evaluatePolicy(
  cp: CompiledPolicy,
  root: Binding,
  d: Deployment | undefined,
  image: Image | undefined,
): PolicyViolation | undefined {
  const ctx = root.ctx;
  const stage = ctx.stage;
  let c = ctx;
  let b = root;
  if (cp.skipContainerTypes.length > 0) {
    c = {
      ...ctx,
      containers: ctx.containers.filter(
        (n) => !cp.skipContainerTypes.includes(n.container?.type ?? 'REGULAR'),
      ),
    };
    b = rootBinding(c);
  }
  let messages: AlertViolation[] | undefined;
  // Rendered messages of earlier sections; each section's own are distinct already, so the set
  // that drops repeats across sections is made only when a second section matches.
  let rendered: string[] | undefined;
  let seen: Set<string> | undefined;
  let processViolation: ProcessViolation | undefined;
  for (const section of cp.sections) {
    // Runtime sections need their event; deploy-time sections are not re-fired per event.
    if (stage === 'RUNTIME' && section.runtime.size === 0) continue;
    const m = matchSection(section, b);
    if (!m) continue;
    if (messages === undefined) {
      if (excluded(cp, ctx.now, d, image)) return undefined;
      messages = [];
    }
    const msgs = renderSectionMessages(section, m, stage);
    if (rendered === undefined) {
      rendered = msgs;
      for (let i = 0; i < msgs.length; i++) messages.push({ message: msgs[i]! });
    } else {
      seen ??= new Set(rendered);
      for (const msg of msgs) {
        if (!seen.has(msg)) {
          seen.add(msg);
          messages.push({ message: msg });
        }
      }
    }
    if (section.runtime.has('process') && c.process) {
      processViolation = { message: processViolationMessage([c.process]), processes: [c.process] };
    }
    if (section.runtime.has('kubeEvent') && c.kubeEvent) messages.push(kubeEventViolation(c.kubeEvent));
    if (section.runtime.has('networkFlow') && c.networkFlow)
      messages.push(networkFlowViolation(c.networkFlow));
    if (section.runtime.has('fileAccess') && c.fileAccess) messages.push(fileAccessViolation(c.fileAccess));
  }
  if (messages === undefined) return undefined;
  const allowed = STAGE_ENFORCEMENT[stage];
  const v: PolicyViolation = {
    policy: cp.policy,
    stage,
    messages,
    enforcement: (cp.policy.enforcementActions ?? []).filter((a) => allowed.includes(a)),
  };
  if (processViolation) v.processViolation = processViolation;
  return v;
}

/** DEPLOY (or RUNTIME with an event) evaluation of one deployment; one entry per violated policy. */
export function evaluateDeployment(
  set: CompiledPolicySet,
  input: DeploymentEvaluationInput,
): PolicyViolation[] {
  const now = (input.now ?? new Date()).getTime();
  set.clock.now = now;
  const d = input.deployment;
  const ctx: EvalContext = {
    stage: input.stage,
    deployment: d,
    containers: buildContainers(input, now),
    now,
    kubeEvent: input.kubeEvent,
    networkFlow: input.networkFlow,
    fileAccess: input.fileAccess,
    process: input.process,
  };
  const out: PolicyViolation[] = [];
  const root = rootBinding(ctx);
  for (const cp of set.policies) {
    const p = cp.policy;
    if (p.disabled) continue;
    if (!p.lifecycleStages.includes(input.stage)) continue;
    if (!inScope(cp, d)) continue;
    const v = evaluatePolicy(cp, root, d, undefined);
    if (v) out.push(v);
  }
  return out;
}

/** BUILD evaluation of one image (`roxctl image check`). */
export function evaluateImage(
  set: CompiledPolicySet,
  image: Image,
  options: ImageEvaluationOptions = {},
): PolicyViolation[] {
  const now = (options.now ?? new Date()).getTime();
  set.clock.now = now;
  const ctx: EvalContext = {
    stage: 'BUILD',
    containers: [containerNode('', image, image.name)],
    now,
  };
  const out: PolicyViolation[] = [];
  const root = rootBinding(ctx);
  for (const cp of set.policies) {
    const p = cp.policy;
    if (p.disabled || !p.lifecycleStages.includes('BUILD')) continue;
    const v = evaluatePolicy(cp, root, undefined, image);
    if (v) out.push(v);
  }
  return out;
}
