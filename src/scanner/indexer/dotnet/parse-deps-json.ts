/**
 * `<app>.deps.json` (written by the .NET SDK beside a published app) → the libraries the app
 * loads at run time. Libraries of type `package`, `project` and `runtimepack` are read (the
 * `runtimepack.` prefix of a self-contained app's bundled runtime is dropped). When the
 * runtime target's section exists, a library listed there without `runtime`, `runtimeTargets`
 * or `native` assets is compile-only and skipped; one missing from it is kept.
 */
import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { nugetRecord } from './nuget-record.js';

const RUNTIME_PACK_PREFIX = 'runtimepack.';
const KEPT_TYPES = new Set(['package', 'project', 'runtimepack']);

interface TargetLib {
  runtime?: unknown;
  runtimeTargets?: unknown;
  native?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stripPrefix(nameVersion: string): string {
  return nameVersion.startsWith(RUNTIME_PACK_PREFIX)
    ? nameVersion.slice(RUNTIME_PACK_PREFIX.length)
    : nameVersion;
}

export function parseDepsJson(text: string, location: string): PackageRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new RampartError(
      'INDEXER_DOTNET_DEPS_MALFORMED',
      `.deps.json is not valid JSON (${(err as Error).message}); its libraries are not reported, republish the app to regenerate it`,
    );
  }
  if (!isObject(doc))
    throw new RampartError(
      'INDEXER_DOTNET_DEPS_MALFORMED',
      '.deps.json is not a JSON object; republish the app to regenerate it',
    );
  const libraries = isObject(doc.libraries) ? doc.libraries : {};
  const targetName =
    isObject(doc.runtimeTarget) && typeof doc.runtimeTarget.name === 'string' ? doc.runtimeTarget.name : '';
  const targets = isObject(doc.targets) ? doc.targets : {};
  const rawTarget = targets[targetName];
  let target: Map<string, TargetLib> | undefined;
  if (isObject(rawTarget)) {
    target = new Map();
    for (const [key, lib] of Object.entries(rawTarget))
      target.set(stripPrefix(key), isObject(lib) ? lib : {});
  }
  const out: PackageRecord[] = [];
  for (const [nameVersion, lib] of Object.entries(libraries)) {
    const slash = nameVersion.indexOf('/');
    if (slash <= 0 || !isObject(lib) || typeof lib.type !== 'string') continue;
    if (!KEPT_TYPES.has(lib.type.toLowerCase())) continue;
    const id = stripPrefix(nameVersion);
    const t = target?.get(id);
    if (target && t && t.runtime == null && t.runtimeTargets == null && t.native == null) continue;
    const cut = id.indexOf('/');
    out.push(nugetRecord(id.slice(0, cut), id.slice(cut + 1), location, 'installed'));
  }
  return out;
}
