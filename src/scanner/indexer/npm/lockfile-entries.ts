import type { PackageRecord } from '../../../model/package.js';
import { npmPackageRecord } from './npm-package-record.js';

/**
 * Collects lockfile entries into one record per name@version (a lockfile lists a package once
 * per place it would be installed; for the report it is one package at one lockfile). A
 * package is `dev` only when every occurrence is dev, `optional` only when every occurrence is
 * optional: one runtime path is enough to ship it.
 */
export class LockfileEntries {
  /** `name@version` → flag bits (DEV | OPTIONAL), cleared as soon as one occurrence lacks them. */
  private readonly flags = new Map<string, number>();

  constructor(private readonly location: string) {}

  add(name: string, version: string, flags: { dev?: boolean; optional?: boolean } = {}): void {
    const key = `${name}@${version}`;
    const bits = (flags.dev === true ? DEV : 0) | (flags.optional === true ? OPTIONAL : 0);
    const seen = this.flags.get(key);
    this.flags.set(key, seen === undefined ? bits : seen & bits);
  }

  get size(): number {
    return this.flags.size;
  }

  records(): PackageRecord[] {
    const out: PackageRecord[] = [];
    for (const [key, bits] of this.flags) {
      const at = key.indexOf('@', 1);
      out.push(
        npmPackageRecord({
          name: key.slice(0, at),
          version: key.slice(at + 1),
          location: this.location,
          evidence: 'lockfile',
          scope: bits & DEV ? 'dev' : bits & OPTIONAL ? 'optional' : undefined,
        }),
      );
    }
    return out;
  }
}

const DEV = 1;
const OPTIONAL = 2;

/**
 * True for a version a registry published (semver-like). Git URLs, tarball URLs and local
 * paths name no published release, so nothing could be matched against them.
 */
export function isRegistryVersion(version: string): boolean {
  return /^v?\d+(\.[0-9A-Za-z-]+)*([-+][0-9A-Za-z.+-]*)?$/.test(version) && version.length <= 256;
}
