import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { isRegistryVersion, LockfileEntries } from './lockfile-entries.js';
import { isValidNpmName } from './npm-package-record.js';

/**
 * Reads `yarn.lock`, both the classic v1 format (`version "1.2.3"`) and berry's YAML
 * (`version: 1.2.3`, with `__metadata`). Both share one shape — an unindented header of
 * comma-separated `name@range` patterns, then indented fields — so one line reader serves
 * both and never builds a full YAML tree. Only registry packages are kept: a pattern with
 * another protocol (`workspace:`, `patch:`, `file:`, `link:`, `portal:`, `git+…`, URLs) names
 * no published release.
 */
export function parseYarnLock(data: Buffer | string, location: string): PackageRecord[] {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const entries = new LockfileEntries(location);
  let header: string | undefined;
  let version: string | undefined;
  let resolution: string | undefined;
  let lineNo = 0;

  const flush = (): void => {
    if (header !== undefined) emit(entries, header, version, resolution);
    header = version = resolution = undefined;
  };

  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    lineNo++;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      flush();
      if (!line.endsWith(':')) {
        throw new RampartError(
          'FINDER_PARSE',
          `${location} line ${lineNo} is not a yarn.lock entry header; the file was skipped — regenerate it with yarn install`,
        );
      }
      header = line.slice(0, -1);
      continue;
    }
    if (header === undefined) {
      throw new RampartError(
        'FINDER_PARSE',
        `${location} line ${lineNo} is indented outside any entry; the file was skipped`,
      );
    }
    // Only the entry's own fields (two-space indent), not its dependency lists.
    const field = /^ {2}"?([A-Za-z]+)"?(?::\s*|\s+)(.*)$/.exec(line);
    if (!field) continue;
    const value = unquote(field[2]!.trim());
    if (field[1] === 'version') version = value;
    else if (field[1] === 'resolution') resolution = value;
  }
  flush();
  return entries.records();
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0]) ? s.slice(1, -1) : s;
}

/** `name@range` → name and range; the name may carry an `@scope/` prefix. */
function splitPattern(pattern: string): { name: string; range: string } | undefined {
  const at = pattern.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: pattern.slice(0, at), range: pattern.slice(at + 1) };
}

/** The registry package a pattern or berry resolution stands for, or undefined for other protocols. */
function registryName(pattern: string): string | undefined {
  const parts = splitPattern(pattern);
  if (!parts) return undefined;
  const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(parts.range);
  if (!protocol) return parts.name;
  if (protocol[1]!.toLowerCase() !== 'npm') return undefined;
  // `alias@npm:real-name@^1.0.0` installs real-name under the alias folder.
  const target = splitPattern(parts.range.slice(4));
  return target ? target.name : parts.name;
}

function emit(entries: LockfileEntries, header: string, version?: string, resolution?: string): void {
  if (header === '__metadata' || version === undefined) return;
  let name: string | undefined;
  if (resolution !== undefined) {
    name = registryName(resolution);
  } else {
    for (const raw of header.split(',')) {
      name = registryName(raw.trim().replace(/^"|"$/g, ''));
      if (name !== undefined) break;
    }
  }
  if (name === undefined || !isValidNpmName(name) || !isRegistryVersion(version)) return;
  entries.add(name, version);
}
