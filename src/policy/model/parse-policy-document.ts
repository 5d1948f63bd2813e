import type { Policy } from './policy.js';
export function parsePolicyDocument(_text: string, _source: string): Policy[] {
  throw new Error('not implemented yet');
}
export function serializePolicy(p: Policy): string {
  return JSON.stringify(p, null, 2);
}
export function serializePolicies(ps: readonly Policy[]): string {
  return JSON.stringify({ policies: ps }, null, 2);
}
