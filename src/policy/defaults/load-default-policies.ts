import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { RampartError } from '../../runtime/errors.js';
import type { Policy } from '../model/policy.js';

/** One default policy and the file it came from. */
export interface DefaultPolicyFile {
  /** File name inside the defaults folder, e.g. `privileged-container.json`. */
  file: string;
  policy: Policy;
}

/**
 * Where the default policy JSON files live at run time. The build copies
 * `src/policy/defaults/policies/` next to the compiled loader (`dist/policy/defaults/policies/`);
 * from the TypeScript sources the folder is already beside this file. A built tree inside a
 * repository checkout falls back to the sources.
 */
export function defaultPoliciesDir(): string {
  const candidates = [
    new URL('./policies/', import.meta.url),
    new URL('../../../src/policy/defaults/policies/', import.meta.url),
  ];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(dir)) return dir;
  }
  throw new RampartError(
    'POLICY_DEFAULTS_MISSING',
    'the built-in default policies were not found next to the program; reinstall Rampart or pass --policy',
  );
}

/**
 * Read Rampart's default policy set: every `*.json` in the defaults folder, sorted by file name.
 * The files are ours and shipped with the program, so a file that is not a policy is a packaging
 * error, reported with its name.
 */
export function loadDefaultPolicies(dir: string = defaultPoliciesDir()): DefaultPolicyFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
    } catch (err: unknown) {
      throw new RampartError(
        'POLICY_DEFAULTS_INVALID',
        `default policy ${file} is not valid JSON (${(err as Error).message}); reinstall Rampart`,
      );
    }
    const p = value as Partial<Policy>;
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof p.name !== 'string' ||
      !Array.isArray(p.lifecycleStages)
    ) {
      throw new RampartError(
        'POLICY_DEFAULTS_INVALID',
        `default policy ${file} is not a policy object; reinstall Rampart`,
      );
    }
    return { file, policy: value as Policy };
  });
}
