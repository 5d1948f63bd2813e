import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { composerPackageRecord, isValidComposerName } from './composer-package-record.js';

/** Parses a Composer JSON document; a syntax error becomes FINDER_PARSE. */
export function parseComposerJson(data: Buffer | string, location: string): unknown {
  let text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new RampartError('FINDER_PARSE', `${location} is not valid JSON (${reason}); the file was skipped`);
  }
}

/** Records for a list of Composer package objects (`name`, `version`, `license`). */
export function readComposerPackages(
  list: unknown,
  location: string,
  evidence: 'installed' | 'lockfile',
  isDev: (name: string) => boolean,
  out: Map<string, PackageRecord>,
): void {
  if (!Array.isArray(list)) return;
  for (const pkg of list) {
    if (typeof pkg !== 'object' || pkg === null) continue;
    const { name, version, license } = pkg as Record<string, unknown>;
    if (
      typeof name !== 'string' ||
      typeof version !== 'string' ||
      version === '' ||
      !isValidComposerName(name)
    )
      continue;
    const licenses = Array.isArray(license)
      ? license.filter((l): l is string => typeof l === 'string' && l !== '').slice(0, 32)
      : typeof license === 'string' && license !== ''
        ? [license]
        : [];
    const key = `${name}@${version}`;
    const dev = isDev(name);
    const seen = out.get(key);
    if (seen) {
      if (!dev) delete seen.scope;
      continue;
    }
    out.set(
      key,
      composerPackageRecord({ name, version, location, evidence, licenses, scope: dev ? 'dev' : undefined }),
    );
  }
}
