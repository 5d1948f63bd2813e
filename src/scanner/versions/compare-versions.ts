import type { CompareResult, SchemeId, VersionRange, VersionScheme } from './contracts.js';
import { RampartError } from '../../runtime/errors.js';
import { findScheme, versionSchemes } from './registry.js';

/** The scheme for an id; throws VERSION_SCHEME_UNKNOWN listing the known ones. */
export function getScheme(id: string): VersionScheme {
  const s = findScheme(id);
  if (!s) {
    throw new RampartError(
      'VERSION_SCHEME_UNKNOWN',
      `unknown version scheme ${JSON.stringify(id)}; use one of: ${versionSchemes.map((x) => x.id).join(', ')}`,
    );
  }
  return s;
}

const CACHE_LIMIT = 20000;

interface Entry {
  readonly scheme: VersionScheme;
  readonly cache: Map<string, unknown>;
}
const entries = new Map<string, Entry>();

let lastId = '';
let lastEntry: Entry | undefined;

function entryFor(id: string): Entry {
  if (id === lastId && lastEntry) return lastEntry;
  let e = entries.get(id);
  if (!e) {
    e = { scheme: getScheme(id), cache: new Map() };
    entries.set(id, e);
  }
  lastId = id;
  lastEntry = e;
  return e;
}

function parseCached(e: Entry, version: string): unknown {
  let v = e.cache.get(version);
  if (v === undefined) {
    v = e.scheme.parse(version);
    if (e.cache.size >= CACHE_LIMIT) e.cache.clear();
    e.cache.set(version, v);
  }
  return v;
}

/**
 * Parses a version with its scheme, remembering the result (a matcher compares the same few
 * thousand strings over and over). Invalid versions throw VERSION_INVALID every time.
 */
export function parseVersion(scheme: SchemeId | string, version: string): unknown {
  return parseCached(entryFor(scheme), version);
}

/** Compares two version strings under a scheme: -1, 0 or 1. Throws VERSION_INVALID on bad input. */
export function compareVersions(scheme: SchemeId | string, a: string, b: string): CompareResult {
  const e = entryFor(scheme);
  return e.scheme.compare(parseCached(e, a), parseCached(e, b));
}

/** True when `version` satisfies `range` written in the scheme's native syntax. */
export function satisfiesRange(scheme: SchemeId | string, version: string, range: string): boolean {
  const e = entryFor(scheme);
  const r: VersionRange<unknown> = e.scheme.parseRange(range);
  return e.scheme.satisfies(parseCached(e, version), r);
}
