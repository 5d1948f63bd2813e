/** Kubernetes manifests → StackRox-shaped deployments (the public face of this folder). */
export {
  loadWorkloads,
  type LoadedWorkload,
  type WorkloadInput,
  type WorkloadRemark,
  type WorkloadSet,
} from './load-workloads.js';
export { parseManifests, defaultManifestLimits, type ManifestLimits } from './parse-manifests.js';
export { describeSource, type ManifestObject, type ManifestSource } from './manifest-object.js';
export { convertWorkload } from './convert-workload.js';
export { parseQuantity, quantityToCores, quantityToMb } from './parse-quantity.js';
export { parseImageName } from './parse-image-name.js';
export { workloadKinds, isWorkloadKind } from './workload-kinds.js';
