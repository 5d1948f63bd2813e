/**
 * Streams the entries of a zip file (yauzl, lazy entries): one entry's bytes at a time, with
 * the feed limits checked on the declared AND the inflated sizes, so a zip bomb or a 100 MB
 * record is refused before it is buffered (FEED_TOO_LARGE naming feed and entry) and a
 * truncated or corrupt zip is FEED_FORMAT.
 */
import yauzl from 'yauzl';

import { RampartError, describeError } from '../../../runtime/errors.js';
import type { FeedLimits } from './contracts.js';

export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

function tooLarge(feed: string, file: string, entry: string, what: string): RampartError {
  return new RampartError(
    'FEED_TOO_LARGE',
    `feed ${feed}: ${file} entry ${entry} ${what}; refusing it (a corrupt or hostile archive; raise the feed limit only if the upstream file is genuine)`,
  );
}

function badZip(feed: string, file: string, err: unknown): RampartError {
  return new RampartError(
    'FEED_FORMAT',
    `feed ${feed}: ${file} is not a readable zip (${describeError(err)}); download it again`,
    { cause: err },
  );
}

/** Entries whose name passes `want` (directories skipped), in archive order. */
export async function* readZipEntries(
  path: string,
  feed: string,
  limits: FeedLimits,
  want: (name: string) => boolean = () => true,
): AsyncGenerator<ArchiveEntry> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, autoClose: false }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
  } catch (err: unknown) {
    throw badZip(feed, path, err);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw tooLarge(
      feed,
      path,
      '(all)',
      `count ${zip.entryCount} exceeds the limit of ${limits.maxEntries} entries`,
    );
  }
  let inflated = 0;
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      if (entry.fileName.endsWith('/') || !want(entry.fileName)) continue;
      if (entry.uncompressedSize > limits.maxRecordBytes) {
        throw tooLarge(
          feed,
          path,
          entry.fileName,
          `declares ${entry.uncompressedSize} bytes, over the record limit of ${limits.maxRecordBytes}`,
        );
      }
      const data = await readEntry(zip, entry, limits.maxRecordBytes).catch((err: unknown) => {
        if (err instanceof RampartError) throw tooLarge(feed, path, entry.fileName, err.message);
        throw badZip(feed, path, err);
      });
      inflated += data.length;
      if (inflated > limits.maxInflatedBytes) {
        throw tooLarge(
          feed,
          path,
          entry.fileName,
          `brings the inflated total over ${limits.maxInflatedBytes} bytes`,
        );
      }
      yield { name: entry.fileName, data };
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (err: unknown) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          stream.destroy();
          reject(new RampartError('FEED_TOO_LARGE', `inflates past the record limit of ${max} bytes`));
          return;
        }
        chunks.push(c);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
