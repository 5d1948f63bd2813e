import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { validatePolicy, type Policy, type PolicyProblem } from '../policy/index.js';
import { loadDefaultPolicies } from '../policy/defaults/load-default-policies.js';
import { RampartError, describeError } from '../runtime/errors.js';

/** A policy read from a file, with what validation found wrong with it. */
export interface PolicyFileEntry {
  file: string;
  policy: Policy;
  problems: PolicyProblem[];
}

/** A file that could not be read as policies at all. */
export interface PolicyFileFailure {
  file: string;
  message: string;
}

export interface PolicyFileSet {
  entries: PolicyFileEntry[];
  failures: PolicyFileFailure[];
}

/** Expand files and directories (their `*.json`, recursively, sorted) into policy file paths. */
export function policyFilePaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (err: unknown) {
      throw new RampartError(
        'POLICY_FILE_UNREADABLE',
        `could not read policy file "${p}": ${describeError(err)}; check the path`,
      );
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const entries = readdirSync(p, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(p, e.name));
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => join(p, e.name));
    out.push(...files, ...policyFilePaths(dirs));
  }
  return out;
}

/**
 * Read policies from files and directories (single policy JSON or an export `{policies:[…]}`),
 * validating each. Files that cannot be parsed are collected as failures, so `validate` can
 * report every problem at once; `strict` throws on the first failure instead.
 */
export function readPolicyFiles(paths: readonly string[], opts: { strict?: boolean } = {}): PolicyFileSet {
  const set: PolicyFileSet = { entries: [], failures: [] };
  for (const file of policyFilePaths(paths)) {
    let policies: Policy[];
    try {
      policies = policiesOf(readFileSync(file, 'utf8'), file);
    } catch (err: unknown) {
      const message =
        err instanceof RampartError
          ? err.message
          : `could not read policy file "${file}": ${describeError(err)}`;
      if (opts.strict)
        throw err instanceof RampartError ? err : new RampartError('POLICY_FILE_UNREADABLE', message);
      set.failures.push({ file, message });
      continue;
    }
    for (const policy of policies) set.entries.push({ file, policy, problems: validatePolicy(policy) });
  }
  return set;
}

/** Rampart's built-in default set, validated like any other policy file. */
export function readDefaultPolicySet(): PolicyFileSet {
  return {
    entries: loadDefaultPolicies().map(({ file, policy }) => ({
      file: `defaults/${file}`,
      policy,
      problems: validatePolicy(policy),
    })),
    failures: [],
  };
}

/** Throw one clear error if any policy in the set is unusable (for commands that evaluate). */
export function requireValidPolicies(set: PolicyFileSet): Policy[] {
  const failure = set.failures[0];
  if (failure)
    throw new RampartError('POLICY_INVALID', `${failure.message}; run "rampart policy validate" for details`);
  const bad = set.entries.find((e) => e.problems.length > 0);
  if (bad) {
    const p = bad.problems[0]!;
    const more = bad.problems.length > 1 ? ` (and ${bad.problems.length - 1} more)` : '';
    throw new RampartError(
      'POLICY_INVALID',
      `policy "${bad.policy.name}" in ${bad.file} is invalid: ${p.path ? `${p.path}: ` : ''}${p.message}${more}; run "rampart policy validate ${bad.file}" for every problem`,
    );
  }
  return set.entries.map((e) => e.policy);
}

/**
 * The policies of one file: a single policy object or an export `{"policies": [...]}`. Only the
 * shape is checked here; validation problems are collected per policy by the caller.
 */
function policiesOf(text: string, file: string): Policy[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err: unknown) {
    throw new RampartError(
      'POLICY_INVALID',
      `${file}: not valid JSON (${(err as Error).message}); a policy file holds one StackRox policy or {"policies": [...]}`,
    );
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(doc))
    throw new RampartError('POLICY_INVALID', `${file}: expected a policy object or {"policies": [...]}`);
  const list = Array.isArray(doc.policies) ? doc.policies : [doc];
  list.forEach((p, i) => {
    if (!isObject(p))
      throw new RampartError('POLICY_INVALID', `${file}: policy ${i + 1} is not a JSON object`);
  });
  return list as Policy[];
}
