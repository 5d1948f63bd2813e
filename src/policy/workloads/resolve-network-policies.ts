import type { Deployment, NetworkPoliciesApplied } from '../../model/deployment.js';
import type { ManifestObject } from './manifest-object.js';
import { matchLabelSelector } from './match-label-selector.js';
import { asArray, asRecord, asText } from './plain-data.js';

/**
 * Which NetworkPolicies of the input select the deployment's pods: same namespace, and a
 * `podSelector` matching the pod labels (`{}` selects all). A policy counts for ingress and/or
 * egress by its `policyTypes`; without them Kubernetes assumes Ingress, plus Egress when the
 * policy has an `egress` section.
 */
export function networkPoliciesFor(
  deployment: Deployment,
  objects: readonly ManifestObject[],
): NetworkPoliciesApplied {
  const namespace = deployment.namespace ?? 'default';
  const labels = deployment.podLabels ?? {};
  const applied: NetworkPoliciesApplied = {
    hasIngressNetworkPolicy: false,
    hasEgressNetworkPolicy: false,
    policies: [],
  };
  for (const o of objects) {
    if (o.kind !== 'NetworkPolicy' || (o.namespace || 'default') !== namespace) continue;
    const spec = asRecord(o.body.spec);
    if (!matchLabelSelector(spec.podSelector, labels)) continue;
    const declared = asArray(spec.policyTypes).map(asText);
    const types =
      declared.length > 0 ? declared : spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
    if (types.includes('Ingress')) applied.hasIngressNetworkPolicy = true;
    if (types.includes('Egress')) applied.hasEgressNetworkPolicy = true;
    applied.policies!.push(o.name);
  }
  return applied;
}
