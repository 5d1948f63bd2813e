import type { Policy, PolicyProblem } from './policy.js';
export function validatePolicy(_p: Policy): PolicyProblem[] {
  throw new Error('not implemented yet');
}
