import { apkScheme } from './apk.js';
import { composerScheme } from './composer/index.js';
import type { SchemeId, VersionScheme } from './contracts.js';
import { dpkgScheme } from './dpkg.js';
import { gemScheme } from './gem.js';
import { goScheme } from './go.js';
import { mavenScheme } from './maven.js';
import { nugetScheme } from './nuget.js';
import { pep440Scheme } from './pep440.js';
import { rpmScheme } from './rpm.js';
import { semverScheme } from './semver.js';

/** THE list of version schemes, one line each, alphabetical. */
export const versionSchemes: readonly VersionScheme[] = [
  apkScheme,
  composerScheme,
  dpkgScheme,
  gemScheme,
  goScheme,
  mavenScheme,
  nugetScheme,
  pep440Scheme,
  rpmScheme,
  semverScheme,
];

const byId = new Map<string, VersionScheme>(versionSchemes.map((s) => [s.id, s]));

/** The scheme for an id, or undefined. */
export function findScheme(id: string): VersionScheme | undefined {
  return byId.get(id);
}

export function isSchemeId(id: string): id is SchemeId {
  return byId.has(id);
}
