import { readFile, stat } from 'node:fs/promises';

import { RampartError } from '../../../runtime/errors.js';
import type { Artefact, ParseContext } from './contracts.js';
import { readTarEntries } from './read-tar-entries.js';
import { readZipEntries, type ArchiveEntry } from './read-zip-entries.js';

/**
 * The records inside one downloaded or mirrored artefact: the entries of a zip, a tar.gz or a
 * plain tar that `accept` wants (streamed, bounded by the feed limits), or the file itself when
 * it is a loose record (bounded by the per-record limit).
 */
export async function* readArtefactEntries(
  a: Artefact,
  feed: string,
  ctx: ParseContext,
  accept: (name: string) => boolean,
): AsyncGenerator<ArchiveEntry> {
  const lower = a.name.toLowerCase();
  if (lower.endsWith('.zip')) {
    yield* readZipEntries(a.path, feed, ctx.limits, accept);
  } else if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) {
    yield* readTarEntries(a.path, feed, ctx.limits, accept);
  } else if (lower.endsWith('.tar')) {
    yield* readTarEntries(a.path, feed, ctx.limits, accept, false);
  } else {
    const size = (await stat(a.path)).size;
    if (size > ctx.limits.maxRecordBytes) {
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed ${feed}: record file ${a.name} has ${size} bytes, over the record limit of ${ctx.limits.maxRecordBytes}; refusing it`,
      );
    }
    yield { name: a.name, data: await readFile(a.path) };
  }
}
