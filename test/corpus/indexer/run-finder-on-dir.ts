import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackageRecord } from '../../../src/model/package.js';
import type { Warning } from '../../../src/model/warning.js';
import type { OwnedFiles, PackageFinder } from '../../../src/scanner/indexer/contracts.js';
import { finderContext, layerFileOf } from '../../helpers/layer-file-of.js';

/** `../shared/fixtures/pkgdb` beside the repository, or undefined when it is absent. */
export function pkgdbDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../../../shared/fixtures/pkgdb', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}

/** Call from a `before` hook: skips the suite loudly when ../shared is missing. */
export function requirePkgdb(ctx: Mocha.Context): string {
  const dir = pkgdbDir();
  if (!dir) {
    console.warn('SKIP: ../shared not found — corpus suite needs it');
    ctx.skip();
  }
  return dir!;
}

export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

export interface DirResult {
  packages: PackageRecord[];
  warnings: Warning[];
  ownedFiles: OwnedFiles[];
  claimed: string[];
}

/** Hand every file under `root` whose path (relative to root) the finder claims to `find`. */
export async function runFinderOnDir(finder: PackageFinder, root: string): Promise<DirResult> {
  const result: DirResult = { packages: [], warnings: [], ownedFiles: [], claimed: [] };
  for (const path of listFiles(root)) {
    if (!finder.claims(path)) continue;
    result.claimed.push(path);
    const r = await finder.find(layerFileOf(path, readFileSync(join(root, path))), finderContext);
    result.packages.push(...r.packages);
    result.warnings.push(...r.warnings);
    result.ownedFiles.push(...(r.ownedFiles ?? []));
  }
  return result;
}

/** Share of `expected` keys found in `actual`, as "n/m". */
export function agreement(
  expected: string[],
  actual: string[],
): { matched: number; total: number; missing: string[]; extra: string[] } {
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = expected.filter((k) => !a.has(k));
  const extra = actual.filter((k) => !e.has(k));
  return { matched: expected.length - missing.length, total: expected.length, missing, extra };
}
