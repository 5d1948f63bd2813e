import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { isRegistryVersion, LockfileEntries } from './lockfile-entries.js';
import { isValidNpmName } from './npm-package-record.js';
import { isPlainObject, parseJsonDocument } from './parse-json-document.js';

const NM = 'node_modules/';

/**
 * Reads `package-lock.json` (and `npm-shrinkwrap.json`) of lockfileVersion 1, 2 or 3.
 * v2/v3 list every install path under `packages`; v1 nests `dependencies`. Links (workspaces,
 * `file:` folders) are resolved to their target's name and version. Entries without a
 * registry version (git, tarball URL, local folder) are left out.
 */
export function parsePackageLock(data: Buffer | string, location: string): PackageRecord[] {
  const doc = parseJsonDocument(data, location);
  if (!isPlainObject(doc)) {
    throw new RampartError('FINDER_PARSE', `${location} is not a JSON object; the file was skipped`);
  }
  const entries = new LockfileEntries(location);
  if (isPlainObject(doc.packages) && Object.keys(doc.packages).length > 0) {
    readPackages(doc.packages, entries);
  } else if (isPlainObject(doc.dependencies)) {
    readDependenciesV1(doc.dependencies, entries);
  }
  return entries.records();
}

/** The package name an install path implies: what follows the last `node_modules/`. */
export function nameFromInstallPath(path: string): string {
  const at = path.lastIndexOf(NM);
  return at === -1 ? path : path.slice(at + NM.length);
}

function isInstallPath(path: string): boolean {
  return path.startsWith(NM) || path.includes('/' + NM);
}

function readPackages(packages: Record<string, unknown>, entries: LockfileEntries): void {
  for (const path in packages) {
    const raw = packages[path];
    if (!isInstallPath(path) || !isPlainObject(raw)) continue;
    let pkg = raw;
    if (raw.link === true) {
      // A link's `resolved` is the folder (relative to the lockfile) that holds the real package.
      const target =
        typeof raw.resolved === 'string' && raw.resolved !== '' ? packages[raw.resolved] : undefined;
      if (!isPlainObject(target)) continue;
      pkg = target;
    }
    const name = typeof pkg.name === 'string' && pkg.name !== '' ? pkg.name : nameFromInstallPath(path);
    const version = typeof pkg.version === 'string' ? pkg.version : '';
    addEntry(entries, name, version, raw);
  }
}

function readDependenciesV1(root: Record<string, unknown>, entries: LockfileEntries): void {
  // Iterative walk: a hostile lockfile may nest `dependencies` arbitrarily deep.
  const stack: Record<string, unknown>[] = [root];
  while (stack.length > 0) {
    const deps = stack.pop()!;
    for (const name in deps) {
      const raw = deps[name];
      if (!isPlainObject(raw)) continue;
      addEntry(entries, name, typeof raw.version === 'string' ? raw.version : '', raw);
      if (isPlainObject(raw.dependencies)) stack.push(raw.dependencies);
    }
  }
}

function addEntry(
  entries: LockfileEntries,
  name: string,
  version: string,
  flags: Record<string, unknown>,
): void {
  // An alias (`"version": "npm:string-width@4.2.3"` in v1) installs another package under a new folder name.
  if (version.startsWith('npm:')) {
    const spec = version.slice(4);
    const at = spec.lastIndexOf('@');
    if (at <= 0) return;
    name = spec.slice(0, at);
    version = spec.slice(at + 1);
  }
  if (!isValidNpmName(name) || !isRegistryVersion(version)) return;
  entries.add(name, version, { dev: flags.dev === true, optional: flags.optional === true });
}
