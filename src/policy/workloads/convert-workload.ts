import { createHash } from 'node:crypto';

import type { Deployment } from '../../model/deployment.js';
import { convertPodSpec } from './convert-pod-spec.js';
import type { ManifestObject } from './manifest-object.js';
import { asArray, asNumber, asRecord, asRecordOrUndefined, asStringMap, asText } from './plain-data.js';
import { apiGroupOf, isWorkloadKind } from './workload-kinds.js';

/** Kinds whose `spec.replicas` the API server defaults to 1. */
const REPLICATED = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'DeploymentConfig',
]);

/** API groups of the owners StackRox tracks as deployments (`kubernetes.IsNativeAPI`). */
const NATIVE_GROUPS = new Set(['', 'apps', 'batch', 'extensions', 'apps.openshift.io']);

/**
 * Convert one workload object into StackRox's normalised deployment. Returns undefined for
 * objects StackRox skips: not a workload kind, or owned by another tracked workload (a
 * ReplicaSet managed by a Deployment, a Pod managed by a Job…).
 */
export function convertWorkload(obj: ManifestObject): Deployment | undefined {
  if (!isWorkloadKind(obj.kind)) return undefined;
  const meta = asRecord(obj.body.metadata);
  for (const ref of asArray(meta.ownerReferences)) {
    const owner = asRecord(ref);
    if (isWorkloadKind(asText(owner.kind)) && NATIVE_GROUPS.has(apiGroupOf(asText(owner.apiVersion))))
      return undefined;
  }
  const spec = asRecord(obj.body.spec);
  const template = podTemplateOf(obj);
  const annotations = asStringMap(meta.annotations);
  const id = deploymentIdOf(obj);
  const pod = convertPodSpec(
    template.spec,
    { ...asStringMap(asRecord(template.metadata).annotations), ...annotations },
    id,
  );
  const deployment: Deployment = {
    id,
    name: obj.name,
    type: obj.kind,
    namespace: obj.namespace || 'default',
    replicas: replicasOf(obj.kind, spec),
    labels: asStringMap(meta.labels),
    podLabels:
      obj.kind === 'Pod' ? asStringMap(meta.labels) : asStringMap(asRecord(template.metadata).labels),
    annotations,
    ...pod,
  };
  const selector = labelSelectorOf(obj.kind, spec);
  if (selector) deployment.labelSelector = { matchLabels: selector };
  const created = asText(meta.creationTimestamp);
  if (created) deployment.created = created;
  return deployment;
}

/** The pod template (metadata + spec) of a workload, wherever its kind keeps it. */
function podTemplateOf(obj: ManifestObject): { metadata: unknown; spec: unknown } {
  const spec = asRecord(obj.body.spec);
  if (obj.kind === 'Pod') return { metadata: obj.body.metadata, spec: obj.body.spec };
  const template =
    obj.kind === 'CronJob'
      ? asRecordOrUndefined(asRecord(asRecord(spec.jobTemplate).spec).template)
      : asRecordOrUndefined(spec.template);
  // A missing template leaves a deployment without containers, as StackRox's converter does.
  if (!template) return { metadata: undefined, spec: undefined };
  return { metadata: template.metadata, spec: template.spec };
}

function replicasOf(kind: string, spec: Record<string, unknown>): number {
  const n = asNumber(spec.replicas);
  if (n !== undefined) return n;
  return REPLICATED.has(kind) ? 1 : 0;
}

function labelSelectorOf(kind: string, spec: Record<string, unknown>): Record<string, string> | undefined {
  if (kind === 'Pod' || kind === 'CronJob') return undefined;
  const selector = asRecordOrUndefined(spec.selector);
  if (!selector) return undefined;
  if (kind === 'ReplicationController' || kind === 'DeploymentConfig') return asStringMap(selector);
  return asStringMap(selector.matchLabels);
}

/**
 * A stable id per object and position (StackRox hands out a random temporary UUID for roxctl
 * input; a stable one keeps our output reproducible).
 */
function deploymentIdOf(obj: ManifestObject): string {
  const uid = asText(asRecord(obj.body.metadata).uid);
  if (uid) return uid;
  const s = obj.source;
  const key = [s.file, s.documentIndex, s.itemIndex ?? '', obj.kind, obj.namespace, obj.name].join('\u0000');
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
