import type { PackageRecord } from '../../../model/package.js';
import { npmPackageRecord } from './npm-package-record.js';

/**
 * Collects lockfile entries into one record per name@version (a lockfile lists a package once
 * per place it would be installed; for the report it is one package at one lockfile). A
 * package is `dev` only when every occurrence is dev, `optional` only when every occurrence is
 * optional: one runtime path is enough to ship it.
 */
export class LockfileEntries {
  private readonly byKey = new Map<
    string,
    { name: string; version: string; dev: boolean; optional: boolean }
  >();

  constructor(private readonly location: string) {}

  add(name: string, version: string, flags: { dev?: boolean; optional?: boolean } = {}): void {
    const key = `${name}@${version}`;
    const dev = flags.dev === true;
    const optional = flags.optional === true;
    const seen = this.byKey.get(key);
    if (seen) {
      seen.dev &&= dev;
      seen.optional &&= optional;
    } else {
      this.byKey.set(key, { name, version, dev, optional });
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  records(): PackageRecord[] {
    const out: PackageRecord[] = [];
    for (const e of this.byKey.values()) {
      out.push(
        npmPackageRecord({
          name: e.name,
          version: e.version,
          location: this.location,
          evidence: 'lockfile',
          scope: e.dev ? 'dev' : e.optional ? 'optional' : undefined,
        }),
      );
    }
    return out;
  }
}

/**
 * True for a version a registry published (semver-like). Git URLs, tarball URLs and local
 * paths name no published release, so nothing could be matched against them.
 */
export function isRegistryVersion(version: string): boolean {
  return /^v?\d+(\.[0-9A-Za-z-]+)*([-+][0-9A-Za-z.+-]*)?$/.test(version) && version.length <= 256;
}
