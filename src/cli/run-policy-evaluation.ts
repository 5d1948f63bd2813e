import type { Deployment } from '../model/deployment.js';
import type { Image } from '../model/image.js';
import type {
  FileAccessEvent,
  KubernetesEvent,
  NetworkFlowEvent,
  ProcessBaseline,
  ProcessIndicator,
} from '../model/runtime-event.js';
import {
  compilePolicies,
  evaluateDeployment,
  evaluateImage,
  type LifecycleStage,
  type Policy,
} from '../policy/index.js';
import { parseImageName, type WorkloadSet } from '../policy/workloads/index.js';
import { RampartError } from '../runtime/errors.js';
import { imageLookupOf } from './read-image-data.js';
import type { PolicyCheckEntity } from './render-policy-results.js';

export interface PolicyEvaluationRequest {
  policies: readonly Policy[];
  stage: LifecycleStage;
  workloads?: WorkloadSet;
  images?: readonly Image[];
  /** BUILD: the image reference to evaluate alone. */
  imageRef?: string;
  process?: ProcessIndicator;
  processBaseline?: ProcessBaseline;
  kubeEvent?: KubernetesEvent;
  /** RUNTIME: a network flow of one of the workloads (`augmentedobjs.NetworkFlowDetails`). */
  networkFlow?: NetworkFlowEvent;
  /** RUNTIME: a node file-access event (`storage.FileAccess`), judged on its own. */
  fileAccess?: FileAccessEvent;
  /** Cluster name for scopes (`--cluster`). */
  cluster?: string;
  now?: Date;
}

/**
 * Evaluate policies for one stage and return one entity per deployment or image, each with its
 * violations. Disabled policies and policies without the stage are left out, as StackRox's
 * detectors do.
 */
export function runPolicyEvaluation(req: PolicyEvaluationRequest): PolicyCheckEntity[] {
  const applicable = req.policies.filter((p) => p.disabled !== true && p.lifecycleStages.includes(req.stage));
  const compiled = compilePolicies(applicable);
  const images = req.images ?? [];
  const now = req.now ?? new Date();
  if (req.stage === 'BUILD') {
    const targets = req.imageRef !== undefined ? [imageFor(req.imageRef, images)] : images;
    if (targets.length === 0) {
      throw new RampartError(
        'POLICY_EVALUATE_NO_IMAGE',
        'BUILD stage needs an image: pass --image REF and/or --image-data FILE',
      );
    }
    return targets.map((image) => ({
      id: image.name?.fullName ?? image.id ?? '',
      name: image.name?.fullName ?? image.id ?? '',
      type: 'image',
      violations: evaluateImage(compiled, image, { now }),
    }));
  }
  if (req.stage === 'RUNTIME' && req.fileAccess) {
    // File-access fields belong to node events: the node is the subject, not a workload.
    if (req.process || req.kubeEvent || req.networkFlow) {
      throw new RampartError(
        'POLICY_EVALUATE_EVENT_MIX',
        'a file-access event is a node event judged on its own; pass --file-access without --process, --kube-event or --network-flow',
      );
    }
    const node = req.fileAccess.hostname ?? '';
    const subject: Deployment = { name: node, namespace: '', type: 'Node', containers: [] };
    return [
      {
        id: node,
        name: node,
        namespace: '',
        type: 'Node',
        violations: evaluateDeployment(compiled, {
          deployment: withCluster(subject, req.cluster),
          stage: 'RUNTIME',
          fileAccess: req.fileAccess,
          now,
        }),
      },
    ];
  }
  if (req.stage === 'RUNTIME' && req.kubeEvent && isAuditEvent(req.kubeEvent)) {
    // Audit-log events concern an API object, not a workload: judge the event on its own.
    const o = req.kubeEvent.object;
    const subject: Deployment = {
      name: o.name ?? '',
      namespace: o.namespace ?? '',
      type: 'KubernetesEvent',
      containers: [],
    };
    return [
      {
        id: req.kubeEvent.id ?? '',
        name: `${(o.resource ?? 'UNKNOWN').toLowerCase()}/${o.name ?? ''}`,
        namespace: o.namespace ?? '',
        type: 'KubernetesEvent',
        violations: evaluateDeployment(compiled, {
          deployment: subject,
          stage: 'RUNTIME',
          kubeEvent: req.kubeEvent,
          now,
        }),
      },
    ];
  }
  // Manifests without any workload (only CRDs, say) give an empty result, as roxctl's does.
  const workloads = req.workloads?.workloads ?? [];
  if (!req.workloads) {
    throw new RampartError(
      'POLICY_EVALUATE_NO_WORKLOAD',
      `${req.stage} stage needs workloads: pass --file with a Deployment, Pod or other workload`,
    );
  }
  const lookup = imageLookupOf(images);
  const deployments = workloads.map((w) => withCluster(w.deployment, req.cluster));
  const targets = req.stage === 'RUNTIME' ? runtimeTargets(deployments, req) : deployments;
  return targets.map((deployment) => ({
    id: deployment.id ?? '',
    name: deployment.name,
    namespace: deployment.namespace ?? 'default',
    type: deployment.type ?? 'Deployment',
    violations: evaluateDeployment(compiled, {
      deployment,
      images: lookup,
      stage: req.stage === 'RUNTIME' ? 'RUNTIME' : 'DEPLOY',
      ...(req.process ? { process: req.process } : {}),
      ...(req.processBaseline ? { processBaseline: req.processBaseline } : {}),
      ...(req.kubeEvent ? { kubeEvent: req.kubeEvent } : {}),
      ...(req.networkFlow ? { networkFlow: req.networkFlow } : {}),
      now,
    }),
  }));
}

/** The scanned data for an image reference, or a name-only (unscanned) image. */
function imageFor(ref: string, images: readonly Image[]): Image {
  const parsed = parseImageName(ref);
  if (parsed.name?.registry === undefined) {
    throw new RampartError(
      'POLICY_EVALUATE_BAD_IMAGE',
      `"${ref}" is not a valid image reference (example: quay.io/org/app:1.2)`,
    );
  }
  const lookup = imageLookupOf(images);
  const found = lookup.get(parsed.name.fullName ?? '') ?? (parsed.id ? lookup.get(parsed.id) : undefined);
  return found ?? { name: parsed.name, ...(parsed.id ? { id: parsed.id } : {}) };
}

function withCluster(d: Deployment, cluster: string | undefined): Deployment {
  return cluster ? { ...d, clusterId: cluster, clusterName: cluster } : d;
}

/**
 * Which deployments a runtime event belongs to: the one whose id the event names; otherwise
 * those with a container of the event's name (in the event's namespace when it has one); a
 * single deployment takes every event.
 */
function runtimeTargets(deployments: Deployment[], req: PolicyEvaluationRequest): Deployment[] {
  if (!req.process && !req.kubeEvent && !req.networkFlow) {
    throw new RampartError(
      'POLICY_EVALUATE_NO_EVENT',
      'RUNTIME stage needs an event: pass --process, --kube-event, --network-flow or --file-access FILE',
    );
  }
  if (deployments.length === 1) return deployments;
  const id = req.process?.deploymentId;
  const byId = id ? deployments.filter((d) => d.id === id) : [];
  if (byId.length > 0) return byId;
  if (req.networkFlow && !req.process && !req.kubeEvent) return flowTargets(deployments, req.networkFlow);
  const ns = req.process?.namespace ?? req.kubeEvent?.object.namespace;
  const container =
    req.process?.containerName ??
    req.kubeEvent?.podExecArgs?.container ??
    req.kubeEvent?.podAttachArgs?.container;
  const matched = deployments.filter(
    (d) =>
      (!ns || d.namespace === ns) && (!container || (d.containers ?? []).some((c) => c.name === container)),
  );
  if (matched.length === 0) {
    throw new RampartError(
      'POLICY_EVALUATE_EVENT_UNMATCHED',
      'the runtime event matches none of the workloads (by deployment id, namespace or container name); pass the workload it came from',
    );
  }
  return matched;
}

/** The workloads a flow belongs to: those named as its source or destination deployment. */
function flowTargets(deployments: Deployment[], f: NetworkFlowEvent): Deployment[] {
  const ends = [
    [f.srcEntityName, f.srcEntityType],
    [f.dstEntityName, f.dstEntityType],
  ].filter(([name, type]) => name && (type === undefined || type === 'DEPLOYMENT'));
  const matched = deployments.filter((d) => ends.some(([name]) => name === d.name));
  if (matched.length === 0) {
    throw new RampartError(
      'POLICY_EVALUATE_EVENT_UNMATCHED',
      'the network flow names none of the workloads as its source or destination deployment; pass the workload it came from',
    );
  }
  return matched;
}

/** Pod exec/attach/port-forward events belong to a workload; every other resource is an audit-log event. */
function isAuditEvent(e: KubernetesEvent): boolean {
  return !['PODS_EXEC', 'PODS_ATTACH', 'PODS_PORTFORWARD'].includes(e.object.resource ?? '');
}
