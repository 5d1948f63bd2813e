/** Inputs of `evaluateDeployment` / `evaluateImage`. */
import type { Deployment } from '../../model/deployment.js';
import type { Image } from '../../model/image.js';
import type {
  FileAccessEvent,
  KubernetesEvent,
  NetworkFlowEvent,
  ProcessBaseline,
  ProcessIndicator,
} from '../../model/runtime-event.js';

/**
 * Finds the scanned image of a container: by the container image's `name.fullName` first, then
 * by its `id` (digest). A Map keyed by either works, as does a function.
 */
export type ImageLookup = ReadonlyMap<string, Image> | ((fullNameOrId: string) => Image | undefined);

export interface DeploymentEvaluationInput {
  deployment: Deployment;
  images?: ImageLookup;
  stage: 'DEPLOY' | 'RUNTIME';
  /** RUNTIME: the process event being judged (attached to the container named `containerName`). */
  process?: ProcessIndicator;
  /** RUNTIME: the baseline of that container, for `Unexpected Process Executed`. */
  processBaseline?: ProcessBaseline;
  /** RUNTIME: a Kubernetes API event (exec, port-forward, attach, audit log). */
  kubeEvent?: KubernetesEvent;
  /** RUNTIME: a network flow of the deployment. */
  networkFlow?: NetworkFlowEvent;
  /** RUNTIME: a file-access event. */
  fileAccess?: FileAccessEvent;
  /** Clock for day-based fields and exclusion expiry; defaults to the current time. */
  now?: Date;
}

export interface ImageEvaluationOptions {
  now?: Date;
}
