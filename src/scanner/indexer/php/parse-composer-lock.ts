import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { parseComposerJson, readComposerPackages } from './read-composer-packages.js';

/** Reads `composer.lock`: `packages` are runtime, `packages-dev` dev. */
export function parseComposerLock(data: Buffer | string, location: string): PackageRecord[] {
  const doc = parseComposerJson(data, location);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new RampartError('FINDER_PARSE', `${location} is not a JSON object; the file was skipped`);
  }
  const out = new Map<string, PackageRecord>();
  const { packages, 'packages-dev': devPackages } = doc as Record<string, unknown>;
  readComposerPackages(packages, location, 'lockfile', () => false, out);
  readComposerPackages(devPackages, location, 'lockfile', () => true, out);
  return [...out.values()];
}
