/**
 * Builds small OSV feeds for vulndb tests: OSV documents, `all.zip` files of them, and a
 * tiny in-test `Feed` whose records come from a list (to exercise the store without a format).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Artefact, Feed, FeedState } from '../../src/scanner/vulndb/feeds/contracts.js';
import type { FeedRecord } from '../../src/scanner/vulndb/model.js';
import { buildZip, type ZipEntrySpec } from './zip-archive-builder.js';

export interface OsvDocSpec {
  id: string;
  ecosystem: string;
  name: string;
  introduced?: string;
  fixed?: string;
  aliases?: string[];
  modified?: string;
  versions?: string[];
}

export function osvDoc(s: OsvDocSpec): Record<string, unknown> {
  return {
    schema_version: '1.6.0',
    id: s.id,
    modified: s.modified ?? '2024-01-01T00:00:00Z',
    published: '2023-12-01T00:00:00Z',
    aliases: s.aliases ?? [],
    summary: `summary of ${s.id}`,
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: s.ecosystem, name: s.name },
        ranges: [
          {
            type: 'ECOSYSTEM',
            events: [{ introduced: s.introduced ?? '0' }, ...(s.fixed ? [{ fixed: s.fixed }] : [])],
          },
        ],
        ...(s.versions ? { versions: s.versions } : {}),
      },
    ],
    references: [{ type: 'ADVISORY', url: `https://example.org/${s.id}` }],
  };
}

export function osvZip(docs: Record<string, unknown>[], extra: ZipEntrySpec[] = []): Buffer {
  return buildZip([
    ...docs.map((d) => ({ name: `${String(d.id)}.json`, data: JSON.stringify(d) })),
    ...extra,
  ]);
}

export function tempDir(prefix = 'rampart-vulndb-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write `data` to `dir/name` and return it as an artefact. */
export function writeArtefact(dir: string, name: string, data: Buffer | string): Artefact {
  const path = join(dir, name.replace(/\//g, '_'));
  writeFileSync(path, data);
  return { path, name };
}

export const testState = (fingerprint = 'test'): FeedState => ({
  fetchedAt: '2026-01-01T00:00:00.000Z',
  fingerprint,
});

/** A feed whose records are given in the test; `failAfter` throws after that many records. */
export function listFeed(name: string, records: FeedRecord[], failAfter?: number): Feed {
  return {
    name,
    version: 1,
    title: name,
    description: 'test feed',
    ecosystems: [],
    fetch: () => Promise.reject(new Error('listFeed does not fetch')),
    accepts: () => 0,
    async *parse() {
      let n = 0;
      for (const r of records) {
        if (failAfter !== undefined && n++ >= failAfter) throw new Error(`${name} broke mid-stream`);
        yield r;
      }
    },
  };
}
