/** Streams ruby-advisory-db advisories from its tarball/zip or from loose `.yml` files. */
import { readFile, stat } from 'node:fs/promises';

import { RampartError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readTarEntries } from '../read-tar-entries.js';
import { readZipEntries, type ArchiveEntry } from '../read-zip-entries.js';
import { RUBYSEC_PATH, convertRubysecAdvisory } from './convert-rubysec-advisory.js';

export const isRubysecRecordName = (name: string): boolean => RUBYSEC_PATH.test(name);

async function* entriesOf(a: Artefact, ctx: ParseContext): AsyncGenerator<ArchiveEntry> {
  const lower = a.name.toLowerCase();
  if (lower.endsWith('.zip')) yield* readZipEntries(a.path, 'rubysec', ctx.limits, isRubysecRecordName);
  else if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz'))
    yield* readTarEntries(a.path, 'rubysec', ctx.limits, isRubysecRecordName);
  else {
    const size = (await stat(a.path)).size;
    if (size > ctx.limits.maxRecordBytes) {
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed rubysec: record file ${a.name} has ${size} bytes, over the record limit of ${ctx.limits.maxRecordBytes}; refusing it`,
      );
    }
    yield { name: a.name, data: await readFile(a.path) };
  }
}

export async function* parseRubysecArtefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const entry of entriesOf(a, ctx)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      yield convertRubysecAdvisory(entry.data.toString('utf8'), where);
    }
  }
}
