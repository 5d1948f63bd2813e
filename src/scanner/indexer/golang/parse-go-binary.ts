/**
 * Go binary → module records: the main module, every dependency (replacements applied), and
 * the standard library as `stdlib` at the toolchain's version.
 */
import type { PackageRecord } from '../../../model/package.js';
import type { Executable } from '../read-executable.js';
import type { GoBuildInfo } from './read-build-info.js';
import { golangRecord } from './golang-record.js';
import { parseLdflagsVersion } from './parse-ldflags-version.js';
import { parseModInfo } from './parse-mod-info.js';
import { readBuildInfo } from './read-build-info.js';

/** `go1.22.3 X:boringcrypto` → `v1.22.3`; development toolchains (`devel …`) give undefined. */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+(?:\.\d+){0,2}(?:(?:rc|beta)\d+)?)(?:\s|$)/.exec(goVersion);
  return m ? `v${m[1]}` : undefined;
}

function isLocalReplacement(path: string, version: string): boolean {
  return version === '' || version === '(devel)' || /^(\.{1,2}(\/|\\|$)|\/|[A-Za-z]:[\\/])/.test(path);
}

function cleanVersion(version: string): string {
  return version === '(devel)' ? '' : version;
}

/** Records from decoded build info; `location` is the binary's path. */
export function goBinaryPackages(info: GoBuildInfo, location: string): PackageRecord[] {
  const mod = parseModInfo(info.modInfo);
  const out: PackageRecord[] = [];
  const std = stdlibVersion(info.goVersion);
  if (std) out.push(golangRecord('stdlib', std, location, 'binary'));
  for (const dep of mod.deps) {
    if (dep.path.replace(/\/+$/, '') === '') continue;
    // A replacement by a local directory has a file path and no version (or `(devel)`): the
    // module keeps its own name and is reported without a version.
    const local = dep.replace !== undefined && isLocalReplacement(dep.replace.path, dep.replace.version);
    const eff = dep.replace && !local ? dep.replace : dep;
    out.push(golangRecord(eff.path, local ? '' : cleanVersion(eff.version), location, 'binary'));
  }
  if (mod.main && mod.main.path !== '') {
    let version = cleanVersion(mod.main.version);
    const ldflags = mod.settings.find((s) => s.key === '-ldflags')?.value;
    const stamped = ldflags ? parseLdflagsVersion(mod.main.path, ldflags) : undefined;
    if (stamped && (version === '' || version.startsWith('v0.0.0'))) version = stamped;
    out.push(golangRecord(mod.main.path, version, location, 'binary'));
  }
  return out;
}

/** Reads a binary's build info and returns its records; undefined when it is not a Go binary. */
export function parseGoBinary(
  data: Buffer,
  exe: Executable | undefined,
  location: string,
): PackageRecord[] | undefined {
  const info = readBuildInfo(data, exe);
  return info ? goBinaryPackages(info, location) : undefined;
}
