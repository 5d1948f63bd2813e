import type { PackageRecord } from '../../../model/package.js';
import { isValidPypiName, pypiPackageRecord } from './pypi-package-record.js';

const PINNED = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9!+._-]+)\s*(?:;.*)?$/;

/**
 * Reads a pip requirements file. Only exact pins (`name==1.2.3`, `name[extra]===1.2.3`,
 * with or without environment markers) say which release is installed; ranges, URLs, editable
 * installs, `-r` includes and options name no single version and are skipped.
 */
export function parseRequirements(data: Buffer | string, location: string): PackageRecord[] {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const out = new Map<string, PackageRecord>();
  let pending = '';
  for (const rawLine of text.split('\n')) {
    let line = rawLine.replace(/\r$/, '');
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    line = (pending + line).replace(/(^|\s)#.*$/, '').trim();
    pending = '';
    // pip's per-requirement options (`--hash=…`) follow the requirement itself.
    line = line.replace(/\s--?[a-z][\w-]*(?:[= ]\S+)?/g, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    const m = PINNED.exec(line);
    if (!m || !isValidPypiName(m[1]!) || m[2]!.includes('*')) continue;
    const record = pypiPackageRecord({ name: m[1]!, version: m[2]!, location, evidence: 'lockfile' });
    out.set(`${record.name}@${record.version}`, record);
  }
  return [...out.values()];
}
