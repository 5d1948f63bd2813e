import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';

export interface NpmPackageFields {
  name: string;
  version: string;
  location: string;
  evidence: 'installed' | 'lockfile';
  scope?: 'runtime' | 'dev' | 'optional';
  licenses?: string[];
}

/** One npm package record with its purl (`@scope` is the purl namespace). */
export function npmPackageRecord(fields: NpmPackageFields): PackageRecord {
  const slash = fields.name.startsWith('@') ? fields.name.indexOf('/') : -1;
  const namespace = slash > 0 ? fields.name.slice(0, slash) : undefined;
  const bare = slash > 0 ? fields.name.slice(slash + 1) : fields.name;
  const record: PackageRecord = {
    name: fields.name,
    version: fields.version,
    type: 'npm',
    kind: 'language',
    finder: 'npm',
    location: fields.location,
    purl: npmPurl(namespace, bare, fields.version),
    evidence: fields.evidence,
  };
  if (namespace) record.namespace = namespace;
  if (fields.scope) record.scope = fields.scope;
  if (fields.licenses && fields.licenses.length > 0) record.licenses = fields.licenses;
  return record;
}

const PLAIN_PART = /^[A-Za-z0-9._~-]+$/;
const PLAIN_VERSION = /^[A-Za-z0-9._~+-]+$/;

/**
 * The package URL. Names and versions made only of characters the purl spec leaves unencoded
 * (nearly all of them) take a direct path that gives the same string as packageurl-js without
 * its per-call encoder objects: a lockfile of a million entries spends most of its time here.
 * Anything else goes through packageurl-js.
 */
export function npmPurl(namespace: string | undefined, name: string, version: string): string {
  if (
    PLAIN_PART.test(name) &&
    PLAIN_VERSION.test(version) &&
    (namespace === undefined || PLAIN_PART.test(namespace.slice(1)))
  ) {
    const ns = namespace === undefined ? '' : `%40${namespace.slice(1).toLowerCase()}/`;
    return `pkg:npm/${ns}${name.toLowerCase()}@${version}`;
  }
  return new PackageURL('npm', namespace, name, version, undefined, undefined).toString();
}

/**
 * A name npm would accept: at most 214 characters, lower-case URL-safe characters, an
 * optional `@scope/` prefix, not starting with `.` or `_`. Old packages kept capital letters,
 * so case is not enforced.
 */
export function isValidNpmName(name: string): boolean {
  if (name.length === 0 || name.length > 214) return false;
  return /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9~-][\w.~-]*$/i.test(name);
}
