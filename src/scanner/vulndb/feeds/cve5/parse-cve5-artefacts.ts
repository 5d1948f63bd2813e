/**
 * Streams CVE 5 records out of a cvelistV5 mirror: the repository zip or tarball (entries
 * `…/cves/<year>/<bucket>/CVE-*.json`), or loose record files. One record decoded at a time.
 */
import { readFile, stat } from 'node:fs/promises';

import { RampartError, describeError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readTarEntries } from '../read-tar-entries.js';
import { readZipEntries, type ArchiveEntry } from '../read-zip-entries.js';
import { convertCve5Record } from './convert-cve5-record.js';

export const isCve5RecordName = (name: string): boolean => /(^|\/)CVE-\d{4}-\d{4,}\.json$/.test(name);

async function* entriesOf(a: Artefact, ctx: ParseContext): AsyncGenerator<ArchiveEntry> {
  const lower = a.name.toLowerCase();
  if (lower.endsWith('.zip')) yield* readZipEntries(a.path, 'cve5', ctx.limits, isCve5RecordName);
  else if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz'))
    yield* readTarEntries(a.path, 'cve5', ctx.limits, isCve5RecordName);
  else {
    const size = (await stat(a.path)).size;
    if (size > ctx.limits.maxRecordBytes) {
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed cve5: record file ${a.name} has ${size} bytes, over the record limit of ${ctx.limits.maxRecordBytes}; refusing it`,
      );
    }
    yield { name: a.name, data: await readFile(a.path) };
  }
}

export async function* parseCve5Artefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const entry of entriesOf(a, ctx)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      let doc: unknown;
      try {
        doc = JSON.parse(entry.data.toString('utf8'));
      } catch (err: unknown) {
        throw new RampartError(
          'FEED_FORMAT',
          `feed cve5: ${where}: malformed JSON (${describeError(err)}); the upstream file is corrupt`,
        );
      }
      yield convertCve5Record(doc, where);
    }
  }
}
