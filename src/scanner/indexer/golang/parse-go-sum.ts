/**
 * go.sum → modules whose source archive was checksummed (`<module> <version> h1:…` lines; the
 * `<version>/go.mod` lines only record a module graph walk and are ignored). When an untidy
 * go.sum holds several versions of a module, the highest is the one the build selected.
 */
import semver from 'semver';
import type { PackageRecord } from '../../../model/package.js';
import { golangRecord } from './golang-record.js';

function normalise(v: string): string | null {
  return semver.valid(v.replace(/^v/, '').replace(/\+incompatible$/, ''));
}

function newer(a: string, b: string): boolean {
  const va = normalise(a);
  const vb = normalise(b);
  if (va && vb) return semver.gt(va, vb);
  return a > b;
}

export function parseGoSum(text: string, location: string): PackageRecord[] {
  const best = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (!path || !version || !hash || version.endsWith('/go.mod')) continue;
    const cur = best.get(path);
    if (cur === undefined || newer(version, cur)) best.set(path, version);
  }
  return [...best].map(([path, version]) => golangRecord(path, version, location, 'lockfile'));
}
