/**
 * Streams the regular-file entries of a `.tar.gz` (or plain `.tar`) with tar-stream: one
 * entry's bytes at a time, bounded like zip entries (FEED_TOO_LARGE names feed and entry;
 * truncated or corrupt input is FEED_FORMAT).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream';

import tar from 'tar-stream';

import { RampartError, describeError, isRampartError } from '../../../runtime/errors.js';
import type { FeedLimits } from './contracts.js';
import type { ArchiveEntry } from './read-zip-entries.js';

export async function* readTarEntries(
  path: string,
  feed: string,
  limits: FeedLimits,
  want: (name: string) => boolean = () => true,
  gzip = true,
): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  const source = createReadStream(path);
  const onError = () => {}; // surfaced through the iterator below
  if (gzip) pipeline(source, createGunzip(), extract, onError);
  else pipeline(source, extract, onError);
  let inflated = 0;
  let count = 0;
  const tooLarge = (entry: string, what: string) =>
    new RampartError(
      'FEED_TOO_LARGE',
      `feed ${feed}: ${path} entry ${entry} ${what}; refusing it (a corrupt or hostile archive; raise the feed limit only if the upstream file is genuine)`,
    );
  try {
    for await (const entry of extract) {
      const name = entry.header.name.replace(/^\.\//, '');
      count++;
      if (count > limits.maxEntries)
        throw tooLarge(name, `is past the limit of ${limits.maxEntries} entries`);
      const size = entry.header.size ?? 0;
      inflated += size;
      if (inflated > limits.maxInflatedBytes) {
        throw tooLarge(name, `brings the inflated total over ${limits.maxInflatedBytes} bytes`);
      }
      if (entry.header.type !== 'file' || !want(name)) {
        entry.resume();
        continue;
      }
      if (size > limits.maxRecordBytes) {
        throw tooLarge(name, `has ${size} bytes, over the record limit of ${limits.maxRecordBytes}`);
      }
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      yield { name, data: Buffer.concat(chunks) };
    }
  } catch (err: unknown) {
    if (isRampartError(err)) throw err;
    throw new RampartError(
      'FEED_FORMAT',
      `feed ${feed}: ${path} is not a readable tar archive (${describeError(err)}); download it again`,
      {
        cause: err,
      },
    );
  } finally {
    source.destroy();
    extract.destroy();
  }
}
