import { createRequire } from 'node:module';

import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { isRegistryVersion, LockfileEntries } from './lockfile-entries.js';
import { isValidNpmName } from './npm-package-record.js';
import { isPlainObject } from './parse-json-document.js';

// The YAML parser is loaded on the first pnpm lockfile, not when the CLI starts.
const requireLazy = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
const parseAllDocuments: typeof import('yaml').parseAllDocuments = (...args) =>
  (yamlModule ??= requireLazy('yaml') as typeof import('yaml')).parseAllDocuments(...args);

type Obj = Record<string, unknown>;

/**
 * Reads `pnpm-lock.yaml`: lockfileVersion 5.x (`/name/1.0.0` keys), 6.x (`/name@1.0.0`) and
 * 9.x (`name@1.0.0` keys, peers in a separate `snapshots` map, dev-ness only through the
 * importers). A file with several YAML documents (pnpm 11 writes its own environment first)
 * is read from its last document, the project's.
 */
export function parsePnpmLock(data: Buffer | string, location: string): PackageRecord[] {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const doc = lastLockDocument(text, location);
  const entries = new LockfileEntries(location);
  const major = Number.parseFloat(String(doc.lockfileVersion ?? ''));
  if (major >= 9) readV9(doc, entries);
  else readLegacy(doc, major >= 6, entries);
  return entries.records();
}

function lastLockDocument(text: string, location: string): Obj {
  let found: Obj | undefined;
  try {
    const parsed = parseAllDocuments(text);
    const documents = Array.isArray(parsed) ? parsed : [];
    for (const document of documents) {
      if (document.errors.length > 0) throw new Error(document.errors[0]!.message);
      const value = document.toJS({ maxAliasCount: 100 });
      if (isPlainObject(value) && 'lockfileVersion' in value) found = value;
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new RampartError('FINDER_PARSE', `${location} is not valid YAML (${reason}); the file was skipped`);
  }
  if (!found) {
    throw new RampartError(
      'FINDER_PARSE',
      `${location} has no lockfileVersion; the file was skipped — is it a pnpm lockfile?`,
    );
  }
  return found;
}

/** v5/v6: every package is a key of `packages`, with `dev`/`optional` flags of its own. */
function readLegacy(doc: Obj, v6: boolean, entries: LockfileEntries): void {
  if (!isPlainObject(doc.packages)) return;
  for (const [key, info] of Object.entries(doc.packages)) {
    if (!isPlainObject(info)) continue;
    const fromKey = legacyKey(key, v6);
    const name = typeof info.name === 'string' ? info.name : fromKey?.name;
    const version = typeof info.version === 'string' ? info.version : fromKey?.version;
    if (name === undefined || version === undefined) continue;
    add(entries, name, version, info.dev === true, info.optional === true);
  }
}

/** `/@scope/name/1.0.0_peer@2` (v5) or `/@scope/name@1.0.0(peer@2)` (v6) → name and version. */
function legacyKey(key: string, v6: boolean): { name: string; version: string } | undefined {
  if (!key.startsWith('/')) return undefined; // tarball and directory keys carry name/version fields
  const k = key.slice(1);
  if (v6) {
    const bare = k.replace(/\(.*$/, '');
    const at = bare.indexOf('@', 1);
    return at > 0 ? { name: bare.slice(0, at), version: bare.slice(at + 1) } : undefined;
  }
  const segs = k.split('/');
  const n = k.startsWith('@') ? 2 : 1;
  if (segs.length <= n) return undefined;
  return { name: segs.slice(0, n).join('/'), version: segs[n]!.split('_')[0]! };
}

/** `name@ref(peers)` → name and ref (peer suffix kept). */
function splitKey(key: string): { name: string; ref: string } | undefined {
  const at = key.indexOf('@', 1);
  return at > 0 ? { name: key.slice(0, at), ref: key.slice(at + 1) } : undefined;
}

/** The snapshot key a dependency `name: ref` points at (refs may be aliases `real@1.0.0`). */
function snapshotKeyOf(name: string, ref: string): string | undefined {
  if (ref.startsWith('link:')) return undefined;
  const bare = ref.replace(/\(.*$/, '');
  return bare.indexOf('@', 1) > 0 ? ref : `${name}@${ref}`;
}

function readV9(doc: Obj, entries: LockfileEntries): void {
  const packages = isPlainObject(doc.packages) ? doc.packages : {};
  const snapshots = isPlainObject(doc.snapshots) ? doc.snapshots : packages;
  const { prod, dev } = reachability(doc, snapshots);
  for (const [key, snap] of Object.entries(snapshots)) {
    const parts = splitKey(key);
    if (!parts) continue;
    const base = parts.ref.replace(/\(.*$/, '');
    const info = packages[`${parts.name}@${base}`];
    const version = isPlainObject(info) && typeof info.version === 'string' ? info.version : base;
    const name = isPlainObject(info) && typeof info.name === 'string' ? info.name : parts.name;
    const isDev = dev.has(key) && !prod.has(key);
    add(entries, name, version, isDev, isPlainObject(snap) && snap.optional === true);
  }
}

/** Which snapshots each importer's prod and dev roots reach (a linear walk with a visited set). */
function reachability(doc: Obj, snapshots: Obj): { prod: Set<string>; dev: Set<string> } {
  const prodRoots: string[] = [];
  const devRoots: string[] = [];
  const importers = isPlainObject(doc.importers) ? Object.values(doc.importers) : [doc];
  for (const imp of importers) {
    if (!isPlainObject(imp)) continue;
    for (const [field, roots] of [
      ['dependencies', prodRoots],
      ['optionalDependencies', prodRoots],
      ['devDependencies', devRoots],
    ] as const) {
      const deps = imp[field];
      if (!isPlainObject(deps)) continue;
      for (const [name, spec] of Object.entries(deps)) {
        const ref = isPlainObject(spec) ? spec.version : spec;
        const key = typeof ref === 'string' ? snapshotKeyOf(name, ref) : undefined;
        if (key !== undefined) roots.push(key);
      }
    }
  }
  return { prod: walk(prodRoots, snapshots), dev: walk(devRoots, snapshots) };
}

function walk(roots: string[], snapshots: Obj): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const snap = snapshots[key];
    if (!isPlainObject(snap)) continue;
    for (const field of ['dependencies', 'optionalDependencies']) {
      const deps = snap[field];
      if (!isPlainObject(deps)) continue;
      for (const [name, ref] of Object.entries(deps)) {
        const next = typeof ref === 'string' ? snapshotKeyOf(name, ref) : undefined;
        if (next !== undefined && !seen.has(next)) stack.push(next);
      }
    }
  }
  return seen;
}

function add(entries: LockfileEntries, name: string, version: string, dev: boolean, optional: boolean): void {
  if (!isValidNpmName(name) || !isRegistryVersion(version)) return;
  entries.add(name, version, { dev, optional });
}
