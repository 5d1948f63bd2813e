import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { serializePolicy, type Policy } from '../policy/index.js';
import { RampartError, describeError } from '../runtime/errors.js';
import { readPolicyFiles, requireValidPolicies } from './read-policy-files.js';

export interface PolicyImportResult {
  written: string[];
  replaced: string[];
}

/**
 * Copy validated policies into a policy directory, one `<name>.json` per policy. A policy whose
 * id or name is already in the directory (or twice in the input) is refused unless `overwrite`,
 * in which case the old file is replaced. Nothing is written unless every policy can be.
 */
export function importPolicies(
  incoming: readonly Policy[],
  dir: string,
  overwrite: boolean,
): PolicyImportResult {
  const existing = existsSync(dir) ? readPolicyFiles([dir]) : { entries: [], failures: [] };
  requireValidPolicies({
    entries: existing.entries.map((e) => ({ ...e, problems: [] })),
    failures: existing.failures,
  });
  const seenIds = new Map<string, string>();
  const seenNames = new Map<string, string>();
  for (const p of incoming) {
    const name = p.name.trim().toLowerCase();
    if ((p.id && seenIds.has(p.id)) || seenNames.has(name)) {
      throw new RampartError(
        'POLICY_IMPORT_DUPLICATE',
        `policy "${p.name}" appears twice in the input (same id or name); keep one`,
      );
    }
    if (p.id) seenIds.set(p.id, p.name);
    seenNames.set(name, p.name);
  }
  const replaced: string[] = [];
  const conflicts: string[] = [];
  for (const e of existing.entries) {
    const sameId = e.policy.id !== undefined && seenIds.has(e.policy.id);
    const sameName = seenNames.has(e.policy.name.trim().toLowerCase());
    if (!sameId && !sameName) continue;
    if (!overwrite) conflicts.push(`"${e.policy.name}" (${sameId ? 'id' : 'name'} already in ${e.file})`);
    else replaced.push(e.file);
  }
  if (conflicts.length > 0) {
    throw new RampartError(
      'POLICY_IMPORT_DUPLICATE',
      `${conflicts.length} polic${conflicts.length === 1 ? 'y exists' : 'ies exist'} already: ${conflicts.join(', ')}; pass --overwrite to replace`,
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of replaced) rmSync(f, { force: true });
    const written: string[] = [];
    const used = new Set<string>();
    for (const p of incoming) {
      const file = join(dir, uniqueFileName(p, dir, used));
      const text = serializePolicy(p);
      writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
      written.push(file);
    }
    return { written, replaced };
  } catch (err: unknown) {
    throw new RampartError(
      'POLICY_IMPORT_WRITE',
      `could not write into "${dir}": ${describeError(err)}; check the directory permissions`,
    );
  }
}

function uniqueFileName(p: Policy, dir: string, used: Set<string>): string {
  const base =
    p.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'policy';
  let name = `${base}.json`;
  for (let i = 2; used.has(name) || existsSync(join(dir, name)); i++) name = `${base}-${i}.json`;
  used.add(name);
  return name;
}
