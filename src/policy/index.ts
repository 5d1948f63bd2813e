/**
 * The policy engine's public API. StackRox policy JSON in (`parsePolicyDocument`), validated
 * (`validatePolicy`), compiled once (`compilePolicies`) into closures, then evaluated against a
 * deployment (DEPLOY / RUNTIME, with runtime events) or an image (BUILD).
 */
export type {
  EnforcementAction,
  EventSource,
  LifecycleStage,
  Policy,
  PolicyExclusion,
  PolicyGroup,
  PolicyProblem,
  PolicyScope,
  PolicySection,
  PolicySeverity,
  PolicyValue,
} from './model/policy.js';
export { parsePolicyDocument, serializePolicies, serializePolicy } from './model/parse-policy-document.js';
export { validatePolicy } from './model/validate-policy.js';
export type {
  DeploymentEvaluationInput,
  ImageEvaluationOptions,
  ImageLookup,
} from './engine/evaluation-input.js';
export type {
  AlertViolation,
  AlertViolationType,
  PolicyViolation,
  ProcessViolation,
} from './engine/violation.js';
export { compilePolicies } from './engine/compile-policies.js';
export type { CompiledPolicy, CompiledPolicySet } from './engine/compile-policies.js';
export { evaluateDeployment, evaluateImage } from './engine/evaluate.js';
export { policyFields, policyFieldByName } from './fields/registry.js';
export type { PolicyField } from './fields/policy-field.js';
