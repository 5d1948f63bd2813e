import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { parseComposerJson, readComposerPackages } from './read-composer-packages.js';

/**
 * Reads `vendor/composer/installed.json`: Composer 1 writes an array of packages, Composer 2
 * an object with `packages` and `dev-package-names` (which marks dev packages).
 */
export function parseInstalledJson(data: Buffer | string, location: string): PackageRecord[] {
  const doc = parseComposerJson(data, location);
  const out = new Map<string, PackageRecord>();
  if (Array.isArray(doc)) {
    readComposerPackages(doc, location, 'installed', () => false, out);
  } else if (typeof doc === 'object' && doc !== null) {
    const { packages, 'dev-package-names': devNames } = doc as Record<string, unknown>;
    const dev = new Set(Array.isArray(devNames) ? devNames.filter((n) => typeof n === 'string') : []);
    readComposerPackages(packages, location, 'installed', (name) => dev.has(name), out);
  } else {
    throw new RampartError(
      'FINDER_PARSE',
      `${location} is neither a package list nor an object; the file was skipped`,
    );
  }
  return [...out.values()];
}
