/**
 * Legacy NuGet `packages.config` (XML, `<packages><package id version …/></packages>`) → the
 * pinned packages. `developmentDependency="true"` marks build-only packages (scope dev).
 */
import { XMLParser } from 'fast-xml-parser';
import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { nugetRecord } from './nuget-record.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: true,
  isArray: (name) => name === 'package',
});

export function parsePackagesConfig(text: string, location: string): PackageRecord[] {
  let doc: { packages?: { package?: Record<string, unknown>[] } };
  try {
    doc = parser.parse(text, true) as typeof doc;
  } catch (err) {
    throw new RampartError(
      'INDEXER_NUGET_CONFIG_MALFORMED',
      `packages.config is not well-formed XML (${(err as Error).message}); its packages are not reported, fix or regenerate it`,
    );
  }
  const out: PackageRecord[] = [];
  for (const p of doc?.packages?.package ?? []) {
    const id = p['@id'];
    const version = p['@version'];
    if (typeof id !== 'string' || typeof version !== 'string' || id === '' || version === '') continue;
    const rec = nugetRecord(id, version, location, 'lockfile');
    if (String(p['@developmentDependency']).toLowerCase() === 'true') rec.scope = 'dev';
    out.push(rec);
  }
  return out;
}
