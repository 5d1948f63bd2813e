/**
 * Rust binaries built with cargo-auditable carry their dependency tree in a `.dep-v0` section:
 * zlib-compressed JSON `{"packages":[{"name","version","source","kind","dependencies","root"}]}`
 * (`kind` defaults to runtime, `root` to false). Build-time crates (build scripts, proc
 * macros) are not linked into the binary and are not reported.
 */
import { inflateSync } from 'node:zlib';
import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { findSection, type Executable } from '../read-executable.js';
import { cargoRecord } from './cargo-record.js';

/** cargo-auditable caps its own data far below this; anything larger is hostile. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

interface AuditPackage {
  name?: unknown;
  version?: unknown;
  kind?: unknown;
  root?: unknown;
}

function malformed(detail: string): RampartError {
  return new RampartError(
    'INDEXER_RUST_AUDIT_MALFORMED',
    `cargo-auditable data is malformed: ${detail}; the binary's crates are not reported, check whether the file is truncated`,
  );
}

/** Decodes audit data bytes (the section content) into crate records. */
export function parseAuditData(compressed: Buffer, location: string): PackageRecord[] {
  let json: Buffer;
  try {
    json = inflateSync(compressed, { maxOutputLength: MAX_JSON_BYTES });
  } catch (err) {
    throw malformed(`zlib: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw malformed(`JSON: ${(err as Error).message}`);
  }
  const packages = (doc as { packages?: unknown })?.packages;
  if (!Array.isArray(packages)) throw malformed('no "packages" list');
  const out: PackageRecord[] = [];
  for (const p of packages as AuditPackage[]) {
    if (typeof p?.name !== 'string' || typeof p.version !== 'string') continue;
    if (p.kind !== undefined && p.kind !== 'runtime') continue;
    out.push({ ...cargoRecord(p.name, p.version, location, 'binary'), scope: 'runtime' });
  }
  return out;
}

/** Crates from a binary's `.dep-v0` section; undefined when the binary has none. */
export function parseRustBinary(
  data: Buffer,
  exe: Executable,
  location: string,
): PackageRecord[] | undefined {
  const section = findSection(exe, '.dep-v0');
  if (!section) return undefined;
  return parseAuditData(data.subarray(section.offset, section.offset + section.size), location);
}
