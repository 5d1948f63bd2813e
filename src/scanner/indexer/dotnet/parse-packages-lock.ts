/**
 * NuGet `packages.lock.json` → the resolved packages of every target framework (deduplicated).
 * `Project` entries are the solution's own projects, not NuGet packages, and are skipped.
 */
import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { nugetRecord } from './nuget-record.js';

export function parsePackagesLock(text: string, location: string): PackageRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new RampartError(
      'INDEXER_NUGET_LOCK_MALFORMED',
      `packages.lock.json is not valid JSON (${(err as Error).message}); its packages are not reported, regenerate it with dotnet restore`,
    );
  }
  const frameworks = (doc as { dependencies?: unknown })?.dependencies;
  if (typeof frameworks !== 'object' || frameworks === null) return [];
  const out: PackageRecord[] = [];
  const seen = new Set<string>();
  for (const deps of Object.values(frameworks)) {
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, entry] of Object.entries(deps as Record<string, unknown>)) {
      const e = entry as { type?: unknown; resolved?: unknown };
      if (typeof e?.resolved !== 'string' || e.type === 'Project') continue;
      const id = `${name.toLowerCase()}@${e.resolved}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(nugetRecord(name, e.resolved, location, 'lockfile'));
    }
  }
  return out;
}
