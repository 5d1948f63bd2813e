import type { Policy } from '../model/policy.js';
export interface CompiledPolicy {
  policy: Policy;
}
export interface CompiledPolicySet {
  policies: readonly CompiledPolicy[];
}
export function compilePolicies(_policies: readonly Policy[]): CompiledPolicySet {
  throw new Error('not implemented yet');
}
