import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { isValidPypiName, pypiPackageRecord } from './pypi-package-record.js';

/** Reads `Pipfile.lock` (JSON): `default` packages are runtime, `develop` packages dev. */
export function parsePipfileLock(data: Buffer | string, location: string): PackageRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (err) {
    throw new RampartError(
      'FINDER_PARSE',
      `${location} is not valid JSON (${err instanceof Error ? err.message : String(err)}); the file was skipped`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new RampartError('FINDER_PARSE', `${location} is not a JSON object; the file was skipped`);
  }
  const out = new Map<string, PackageRecord>();
  for (const [section, scope] of [
    ['develop', 'dev'],
    ['default', undefined],
  ] as const) {
    const packages = (doc as Record<string, unknown>)[section];
    if (typeof packages !== 'object' || packages === null) continue;
    for (const [name, info] of Object.entries(packages)) {
      const pin =
        typeof info === 'object' && info !== null ? (info as { version?: unknown }).version : undefined;
      if (typeof pin !== 'string' || !pin.startsWith('==') || !isValidPypiName(name)) continue;
      const version = pin.replace(/^===?/, '').trim();
      if (version === '' || /[\s*]/.test(version)) continue;
      const record = pypiPackageRecord({ name, version, location, evidence: 'lockfile', scope });
      // `default` is read last so a package in both sections ends up runtime.
      out.set(`${record.name}@${record.version}`, record);
    }
  }
  return [...out.values()];
}
