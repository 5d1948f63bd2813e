import type { PackageRecord } from '../../../model/package.js';
import { gemPackageRecord, isValidGemName, isValidGemVersion } from './gem-package-record.js';

/**
 * Reads `Gemfile.lock` (or `gems.locked`). Only gems from a `GEM` source (a gem server) are
 * kept: their `specs:` list has one `    name (version[-platform])` line per gem, at four
 * spaces; deeper lines are that gem's requirements. `GIT` and `PATH` sources are the app's own
 * or unreleased code with no release to match.
 */
export function parseGemfileLock(data: Buffer | string, location: string): PackageRecord[] {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const out = new Map<string, PackageRecord>();
  let section = '';
  let inSpecs = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    if (!line.startsWith(' ')) {
      section = line.trim();
      inSpecs = false;
      continue;
    }
    if (/^ {2}specs:\s*$/.test(line)) {
      inSpecs = true;
      continue;
    }
    if (!inSpecs || section !== 'GEM') continue;
    const m = /^ {4}([^\s(]+) \(([^)\s]+)\)\s*$/.exec(line);
    if (!m) continue;
    const [name, full] = [m[1]!, m[2]!];
    const dash = full.indexOf('-');
    const version = dash === -1 ? full : full.slice(0, dash);
    const platform = dash === -1 ? undefined : full.slice(dash + 1);
    if (!isValidGemName(name) || !isValidGemVersion(version)) continue;
    out.set(`${name}@${full}`, gemPackageRecord({ name, version, location, evidence: 'lockfile', platform }));
  }
  return [...out.values()];
}
