import type { Image } from '../../model/image.js';
import type { CompiledPolicySet } from './compile-policies.js';
import type { DeploymentEvaluationInput, ImageEvaluationOptions } from './evaluation-input.js';
import type { PolicyViolation } from './violation.js';
export function evaluateDeployment(
  _set: CompiledPolicySet,
  _input: DeploymentEvaluationInput,
): PolicyViolation[] {
  throw new Error('not implemented yet');
}
export function evaluateImage(
  _set: CompiledPolicySet,
  _image: Image,
  _options: ImageEvaluationOptions = {},
): PolicyViolation[] {
  throw new Error('not implemented yet');
}
