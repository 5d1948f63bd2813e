/** THE list of policy fields: the groups merged, indexed by exact StackRox name. */
import type { PolicyField } from './policy-field.js';
import { containerFields } from './container-fields.js';
import { deploymentFields } from './deployment-fields.js';
import { imageFields } from './image-fields.js';
import { runtimeFields } from './runtime-fields.js';
import { volumeEnvFields } from './volume-env-fields.js';
import { vulnFields } from './vuln-fields.js';

export const policyFields: readonly PolicyField[] = [
  ...containerFields,
  ...deploymentFields,
  ...imageFields,
  ...runtimeFields,
  ...volumeEnvFields,
  ...vulnFields,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const byName = new Map(policyFields.map((f) => [f.name, f]));

export function policyFieldByName(name: string): PolicyField | undefined {
  return byName.get(name);
}
