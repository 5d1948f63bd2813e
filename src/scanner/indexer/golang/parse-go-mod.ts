/**
 * go.mod → the required modules with `replace` directives applied. Since Go 1.17 go.mod lists
 * every module the build needs (indirect ones marked `// indirect`), so it is read as the
 * module's resolved set. A module replaced by a local directory is dropped: its code is not a
 * published version. The file's own `go` directive is returned so callers can tell whether
 * the list is complete.
 */
import type { PackageRecord } from '../../../model/package.js';
import { golangRecord } from './golang-record.js';

interface Replace {
  from: string;
  fromVersion?: string;
  to: string;
  toVersion?: string;
}

export interface GoModFile {
  module?: string;
  goVersion?: string;
  packages: PackageRecord[];
}

function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function stripComment(line: string): string {
  const at = line.indexOf('//');
  return at === -1 ? line : line.slice(0, at);
}

function parseReplace(args: string[]): Replace | undefined {
  const arrow = args.indexOf('=>');
  if (arrow !== 1 && arrow !== 2) return undefined;
  const to = args[arrow + 1];
  if (!to) return undefined;
  return { from: args[0]!, fromVersion: arrow === 2 ? args[1] : undefined, to, toVersion: args[arrow + 2] };
}

export function parseGoMod(text: string, location: string): GoModFile {
  const requires: { path: string; version: string }[] = [];
  const replaces: Replace[] = [];
  const result: GoModFile = { packages: [] };
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const args = tokens(stripComment(raw));
    if (args.length === 0) continue;
    let verb: string;
    let rest: string[];
    if (block) {
      if (args[0] === ')') {
        block = undefined;
        continue;
      }
      verb = block;
      rest = args;
    } else if (args[1] === '(' && args.length === 2) {
      block = args[0];
      continue;
    } else {
      verb = args[0]!;
      rest = args.slice(1);
    }
    if (verb === 'module') result.module = rest[0];
    else if (verb === 'go') result.goVersion = rest[0];
    else if (verb === 'require' && rest.length >= 2) requires.push({ path: rest[0]!, version: rest[1]! });
    else if (verb === 'replace') {
      const r = parseReplace(rest);
      if (r) replaces.push(r);
    }
  }
  for (const req of requires) {
    const r =
      replaces.find((x) => x.from === req.path && x.fromVersion === req.version) ??
      replaces.find((x) => x.from === req.path && x.fromVersion === undefined);
    if (r && r.toVersion === undefined) continue; // local directory replacement
    const path = r ? r.to : req.path;
    const version = r ? r.toVersion! : req.version;
    result.packages.push(golangRecord(path, version, location, 'manifest'));
  }
  return result;
}
