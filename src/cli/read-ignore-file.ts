/**
 * `--ignorefile`: vulnerability ids to leave out of a scan's findings. Accepts a plain list (one
 * id per line, `#` comments, Trivy's `.trivyignore`), an OpenVEX document (statements with
 * status `not_affected` or `fixed`) or a CycloneDX VEX (`vulnerabilities[]` whose analysis state
 * is `not_affected`, `false_positive` or `resolved`). Ids are returned upper-cased.
 */
import { readFileSync } from 'node:fs';

import { RampartError, describeError } from '../runtime/errors.js';

const OPENVEX_IGNORED = new Set(['not_affected', 'fixed']);
const CDX_IGNORED = new Set(['not_affected', 'false_positive', 'resolved']);

export function parseIgnoreList(text: string, path: string): Set<string> {
  const ids = new Set<string>();
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (err: unknown) {
      throw new RampartError(
        'SCAN_IGNOREFILE',
        `${path} looks like JSON but does not parse (${describeError(err)}): fix it or use a plain list of ids`,
      );
    }
    const d = doc as {
      statements?: {
        vulnerability?: { name?: string; '@id'?: string; aliases?: string[] } | string;
        status?: string;
      }[];
      vulnerabilities?: { id?: string; analysis?: { state?: string } }[];
    };
    if (Array.isArray(d.statements)) {
      for (const s of d.statements) {
        if (!OPENVEX_IGNORED.has(s.status ?? '')) continue;
        const v = s.vulnerability;
        if (typeof v === 'string') ids.add(v.toUpperCase());
        else if (v) for (const id of [v.name, ...(v.aliases ?? [])]) if (id) ids.add(id.toUpperCase());
      }
      return ids;
    }
    if (Array.isArray(d.vulnerabilities)) {
      for (const v of d.vulnerabilities)
        if (v.id && CDX_IGNORED.has(v.analysis?.state ?? '')) ids.add(v.id.toUpperCase());
      return ids;
    }
    throw new RampartError(
      'SCAN_IGNOREFILE',
      `${path} is JSON but neither OpenVEX (statements) nor CycloneDX VEX (vulnerabilities): use one of those or a plain list of ids`,
    );
  }
  for (const line of text.split(/\r?\n/)) {
    const id = line.replace(/#.*$/, '').trim().split(/\s+/)[0];
    if (id) ids.add(id.toUpperCase());
  }
  return ids;
}

export function readIgnoreFile(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: unknown) {
    throw new RampartError('SCAN_IGNOREFILE', `cannot read ignore file ${path}: ${describeError(err)}`);
  }
  return parseIgnoreList(text, path);
}
