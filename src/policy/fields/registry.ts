import type { PolicyField } from './policy-field.js';
export const policyFields: readonly PolicyField[] = [];
export function policyFieldByName(name: string): PolicyField | undefined {
  return policyFields.find((f) => f.name === name);
}
