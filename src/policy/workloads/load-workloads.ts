import type { Deployment, PermissionLevel } from '../../model/deployment.js';
import { RampartError } from '../../runtime/errors.js';
import { convertWorkload } from './convert-workload.js';
import { describeSource, type ManifestObject, type ManifestSource } from './manifest-object.js';
import { parseManifests, type ParseManifestsContext } from './parse-manifests.js';
import { applyExposure } from './resolve-exposure.js';
import { networkPoliciesFor } from './resolve-network-policies.js';
import { buildRbacIndex, permissionLevelFor } from './resolve-permission-level.js';
import { ignoredObjectRef, isRegisteredKind } from './workload-kinds.js';

export interface WorkloadInput {
  /** Name shown in messages and kept in each object's source (`-` for stdin). */
  file: string;
  text: string;
}

export interface LoadedWorkload {
  deployment: Deployment;
  source: ManifestSource;
}

/** roxctl's "additional remarks" per deployment (`DeployDetectionRemark`). */
export interface WorkloadRemark {
  name: string;
  permissionLevel: PermissionLevel;
  appliedNetworkPolicies: string[];
}

export interface WorkloadSet {
  workloads: LoadedWorkload[];
  /** Objects of unregistered kinds (CRDs), in StackRox's `ns/name[group/version, Kind=K]` form. */
  ignoredObjectRefs: string[];
  /** The same objects with where they were read, for pointing at them (SARIF, messages). */
  ignoredObjects: Array<{ ref: string; source: ManifestSource }>;
  /** Every object read, workloads and related objects alike. */
  objects: ManifestObject[];
  remarks: WorkloadRemark[];
}

/**
 * Read manifests and build the deployments StackRox would evaluate, with the facts that need
 * the other objects of the same input: port exposure (Services, Routes, Ingresses), the service
 * account's RBAC permission level (Roles, ClusterRoles, bindings) and NetworkPolicy coverage.
 */
export function loadWorkloads(
  inputs: readonly WorkloadInput[],
  ctx: ParseManifestsContext = {},
): WorkloadSet {
  const objects: ManifestObject[] = [];
  for (const input of inputs) objects.push(...parseManifests(input.text, input.file, ctx));
  const ignoredObjects: Array<{ ref: string; source: ManifestSource }> = [];
  const workloads: LoadedWorkload[] = [];
  for (const obj of objects) {
    if (!isRegisteredKind(obj.apiVersion, obj.kind)) {
      ignoredObjects.push({
        ref: ignoredObjectRef(obj.apiVersion, obj.kind, obj.namespace, obj.name),
        source: obj.source,
      });
      continue;
    }
    let deployment: Deployment | undefined;
    try {
      deployment = convertWorkload(obj);
    } catch (err: unknown) {
      if (err instanceof RampartError) {
        throw new RampartError(
          err.code,
          `${describeSource(obj.source)}: ${obj.kind} "${obj.name}": ${err.message}`,
          { cause: err },
        );
      }
      throw err;
    }
    if (deployment) workloads.push({ deployment, source: obj.source });
  }
  const rbac = buildRbacIndex(objects);
  // Services, Routes, Ingresses and NetworkPolicies only act within their namespace.
  const byNamespace = new Map<string, ManifestObject[]>();
  for (const o of objects) {
    const ns = o.namespace || 'default';
    const list = byNamespace.get(ns);
    if (list) list.push(o);
    else byNamespace.set(ns, [o]);
  }
  const remarks: WorkloadRemark[] = [];
  for (const { deployment } of workloads) {
    const sameNamespace = byNamespace.get(deployment.namespace ?? 'default') ?? [];
    applyExposure(deployment, sameNamespace);
    deployment.serviceAccountPermissionLevel = permissionLevelFor(
      rbac,
      deployment.namespace ?? 'default',
      deployment.serviceAccount ?? 'default',
    );
    deployment.networkPoliciesApplied = networkPoliciesFor(deployment, sameNamespace);
    remarks.push({
      name: deployment.name,
      permissionLevel: deployment.serviceAccountPermissionLevel,
      appliedNetworkPolicies: deployment.networkPoliciesApplied.policies ?? [],
    });
  }
  return { workloads, ignoredObjectRefs: ignoredObjects.map((i) => i.ref), ignoredObjects, objects, remarks };
}
