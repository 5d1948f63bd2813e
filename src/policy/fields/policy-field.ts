/**
 * The declaration every policy field makes (style.md "PolicyField"). Filled in below the API
 * freeze; the shape other modules rely on is `name`, `stages`, `needsImage`.
 */
import type { LifecycleStage } from '../model/policy.js';
export interface PolicyField {
  name: string;
  stages: readonly LifecycleStage[];
  needsImage: boolean;
}
