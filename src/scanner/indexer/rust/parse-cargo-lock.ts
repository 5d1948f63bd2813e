/**
 * Cargo.lock (lockfile versions 1 to 4, TOML) → one record per `[[package]]`, the workspace's
 * own crates included. Version 1 files keep checksums in `[metadata]`; they are not needed.
 */
import { parse } from 'smol-toml';
import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { cargoRecord } from './cargo-record.js';

export function parseCargoLock(text: string, location: string): PackageRecord[] {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    throw new RampartError(
      'INDEXER_CARGO_LOCK_MALFORMED',
      `Cargo.lock is not valid TOML (${first}); its crates are not reported, regenerate it with cargo`,
    );
  }
  const packages = doc.package;
  if (packages === undefined) return [];
  if (!Array.isArray(packages))
    throw new RampartError(
      'INDEXER_CARGO_LOCK_MALFORMED',
      'Cargo.lock "package" is not an array of tables; regenerate it with cargo',
    );
  const out: PackageRecord[] = [];
  const seen = new Set<string>();
  for (const p of packages as Record<string, unknown>[]) {
    if (typeof p?.name !== 'string' || typeof p.version !== 'string') continue;
    const id = `${p.name}@${p.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(cargoRecord(p.name, p.version, location, 'lockfile'));
  }
  return out;
}
