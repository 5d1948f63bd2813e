import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';
import type { Warning } from '../../../model/warning.js';
import type { OwnedFiles } from '../contracts.js';

export interface ParsedInstalled {
  packages: PackageRecord[];
  warnings: Warning[];
  ownedFiles: OwnedFiles[];
}

interface Entry {
  line: number;
  name?: string;
  version?: string;
  arch?: string;
  license?: string;
  origin?: string;
  files: string[];
  /** Directory of the last `F:` line; undefined after an `F:` that tried to escape the root. */
  dir: string | undefined;
}

/**
 * Parse apk's installed database (`lib/apk/db/installed`): stanzas of `X:value` lines separated
 * by blank lines. We read `P` name, `V` version, `A` arch, `L` license, `o` origin (the source
 * package) and the `F` (directory) / `R` (file in the last directory) lines as owned files.
 * A stanza without name or version is skipped with a warning; lines that are not `X:value`
 * are counted into one warning per file.
 */
export function parseInstalled(text: string, location: string): ParsedInstalled {
  const out: ParsedInstalled = { packages: [], warnings: [], ownedFiles: [] };
  let entry: Entry | undefined;
  let malformed = 0;
  const lines = text.split(/\r?\n/);

  const flush = () => {
    if (entry) finish(entry, location, out);
    entry = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      malformed++;
      continue;
    }
    // A second `P:` without a blank line between starts a new entry rather than renaming this one.
    if (line[0] === 'P' && entry?.name !== undefined) flush();
    entry ??= { line: i + 1, files: [], dir: '' };
    const value = line.slice(2);
    switch (line[0]) {
      case 'P':
        entry.name = value.trim();
        break;
      case 'V':
        entry.version = value.trim();
        break;
      case 'A':
        entry.arch = value.trim();
        break;
      case 'L':
        entry.license = value.trim();
        break;
      case 'o':
        entry.origin = value.trim();
        break;
      case 'F':
        entry.dir = safePath(value);
        break;
      case 'R': {
        const file = safePath(value);
        if (entry.dir === undefined || !file || value.includes('/')) break;
        entry.files.push(entry.dir === '' ? file : `${entry.dir}/${file}`);
        break;
      }
      default:
        break;
    }
  }
  flush();
  if (malformed > 0) {
    out.warnings.push({
      code: 'APK_MALFORMED_LINES',
      message: `${malformed} line(s) were not "X:value" records and were ignored`,
      subject: location,
      source: 'apk',
    });
  }
  return out;
}

function finish(e: Entry, location: string, out: ParsedInstalled): void {
  if (!e.name || !e.version) {
    out.warnings.push({
      code: 'APK_INCOMPLETE_ENTRY',
      message: `entry at line ${e.line}${e.name ? ` (${e.name})` : ''} has no ${e.name ? 'version (V:)' : 'name (P:)'} and was skipped`,
      subject: location,
      source: 'apk',
    });
    return;
  }
  const record: PackageRecord = {
    name: e.name,
    version: e.version,
    type: 'apk',
    kind: 'os',
    finder: 'apk',
    location,
    purl: '',
    evidence: 'installed',
  };
  if (e.arch) record.arch = e.arch;
  if (e.origin) record.source = { name: e.origin };
  const licenses = splitLicense(e.license);
  if (licenses.length > 0) record.licenses = licenses;
  const qualifiers: Record<string, string> = {};
  if (e.arch) qualifiers.arch = e.arch;
  if (e.origin && e.origin !== e.name) qualifiers.upstream = e.origin;
  record.purl = new PackageURL('apk', undefined, e.name, e.version, qualifiers, undefined).toString();
  out.packages.push(record);
  if (e.files.length > 0) out.ownedFiles.push({ owner: e.name, paths: e.files });
}

/**
 * `L:` holds either an SPDX expression (`MPL-2.0 AND MIT`, kept whole) or, in older packages,
 * a space-separated list of licence names (`MIT BSD GPL2+`, split).
 */
export function splitLicense(license: string | undefined): string[] {
  if (!license) return [];
  if (/\b(AND|OR|WITH)\b/i.test(license) || license.includes('(')) return [license];
  return license.split(/\s+/).filter((s) => s !== '');
}

/** A relative path with `.`/empty segments removed; undefined when it tries to escape with `..`. */
function safePath(p: string): string | undefined {
  const parts: string[] = [];
  for (const seg of p.trim().split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return undefined;
    parts.push(seg);
  }
  return parts.join('/');
}
