/**
 * A streaming bzip2 decoder for `.bz2` feed files (Debian, Ubuntu, Red Hat and Rocky OVAL),
 * from `unbzip2-stream`. The caller reads it as a byte stream and bounds the total itself
 * (`boundedStream`), so a bzip2 bomb is refused without being inflated in full.
 */
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';

import unbzip2 from 'unbzip2-stream';

import { RampartError } from '../../../runtime/errors.js';

/** Fail the stream with FEED_TOO_LARGE once more than `max` bytes have passed. */
export function boundedStream(feed: string, file: string, max: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > max) {
        done(
          new RampartError(
            'FEED_TOO_LARGE',
            `feed ${feed}: ${file} inflates past ${max} bytes; refusing it (a corrupt or hostile file)`,
          ),
        );
        return;
      }
      done(null, chunk);
    },
  });
}

/** The decompressed bytes of a `.bz2` file, bounded to `maxBytes`. */
export function readBz2Stream(path: string, feed: string, maxBytes: number): Readable {
  const bounded = boundedStream(feed, path, maxBytes);
  const src = createReadStream(path);
  const dec = unbzip2();
  src.on('error', (e) => bounded.destroy(e));
  dec.on('error', (e: Error) =>
    bounded.destroy(
      new RampartError(
        'FEED_FORMAT',
        `feed ${feed}: ${path} is not valid bzip2 (${e.message}); download it again`,
      ),
    ),
  );
  return src.pipe(dec).pipe(bounded);
}
