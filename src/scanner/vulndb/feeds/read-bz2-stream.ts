/**
 * A streaming bzip2 decoder for `.bz2` feed files (Debian, Ubuntu, Red Hat and Rocky OVAL).
 * The block decoder is `unbzip2-stream`'s; the driving is ours: the compressed file is read
 * only as far as the next block needs, one block is decoded per `read()` of the consumer
 * (backpressure), the decoder's work array and output buffer are reused, and the output is
 * bounded to `maxBytes` while it is being produced, so a bzip2 bomb stops inside its first
 * oversized block. The package's own stream wrapper decoded every block it had input for at
 * once into a JS array of numbers; that alone took ~230 MiB of RSS for one Debian OVAL file.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';

import bitIterator from 'unbzip2-stream/lib/bit_iterator.js';
import bzip2 from 'unbzip2-stream/lib/bzip2.js';

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

/** Decoded bytes per chunk handed to the reader. */
const PIECE_BYTES = 64 * 1024;
/** Compressed bytes read from the file at a time. */
const READ_CHUNK = 64 * 1024;
/**
 * Compressed bytes kept ahead of the decoder: a block of `n` × 100 kB holds at most that many
 * symbols, and its coding tables and selectors add well under this margin.
 */
const BLOCK_MARGIN = 128 * 1024;

class Truncated extends Error {}
class TooLarge extends Error {}

export interface Bz2ReadOptions {
  /** Compressed bytes per file read (tests use small values). Default 64 KiB. */
  readChunk?: number;
}

/**
 * The decompressed bytes of a `.bz2` file (one or more concatenated bzip2 streams), bounded to
 * `maxBytes`. Each block is handed out in chunks of 64 KiB; at most one block is decoded ahead of
 * the reader.
 */
export function readBz2Stream(
  path: string,
  feed: string,
  maxBytes: number,
  opts: Bz2ReadOptions = {},
): Readable {
  const readChunk = opts.readChunk ?? READ_CHUNK;
  let fh: FileHandle | undefined;
  const queue: Uint8Array[] = [];
  let buffered = 0;
  let eof = false;
  let bits: ReturnType<typeof bitIterator> | undefined;
  let blockSize = 0;
  let crc: number | null = null;
  let work = new Int32Array(0);
  let out = new Uint8Array(1 << 20);
  let outLen = 0;
  let total = 0;

  const put = (byte: number): void => {
    if (outLen === out.length) {
      if (total + outLen >= maxBytes) throw new TooLarge();
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[outLen++] = byte;
  };
  const next = (): Uint8Array => {
    const b = queue.shift();
    if (!b) throw new Truncated();
    return b;
  };
  async function fill(ahead: number): Promise<void> {
    while (!eof && buffered - (bits?.bytesRead ?? 0) < ahead) {
      const chunk = Buffer.allocUnsafe(readChunk);
      const { bytesRead } = await fh!.read(chunk, 0, readChunk, null);
      if (bytesRead === 0) eof = true;
      else {
        queue.push(chunk.subarray(0, bytesRead));
        buffered += bytesRead;
      }
    }
  }
  const tooLarge = () =>
    new RampartError(
      'FEED_TOO_LARGE',
      `feed ${feed}: ${path} inflates past ${maxBytes} bytes; refusing it (a corrupt or hostile file)`,
    );
  const invalid = (why: string) =>
    new RampartError('FEED_FORMAT', `feed ${feed}: ${path} is not valid bzip2 (${why}); download it again`);

  /** The next decoded block (a view of the reused output buffer), or null at the end of the file. */
  async function nextBlock(): Promise<Uint8Array | null> {
    fh ??= await open(path, 'r');
    for (;;) {
      await fill(blockSize ? blockSize * 100_000 + BLOCK_MARGIN : 4);
      if (!bits) {
        if (buffered === 0) return null;
        bits = bitIterator(next);
      }
      if (eof && bits.bytesRead >= buffered) {
        if (crc !== null) throw invalid('the file ends inside a stream (truncated download?)');
        return null;
      }
      if (!blockSize) {
        blockSize = bzip2.header(bits);
        if (work.length !== blockSize * 100_000) work = new Int32Array(blockSize * 100_000);
        crc = 0;
        continue;
      }
      outLen = 0;
      crc = bzip2.decompress(bits, put, work, work.length, crc);
      if (crc === null) {
        blockSize = 0; // end of this stream; another may follow
        continue;
      }
      total += outLen;
      if (total > maxBytes) throw new TooLarge();
      return out.subarray(0, outLen);
    }
  }

  return new Readable({
    // Object mode: each 64 KiB copy reaches the reader as it is (a byte-mode reader's read()
    // would join them into one block-sized copy again). One block at most is buffered.
    objectMode: true,
    highWaterMark: 1,
    read() {
      nextBlock().then(
        (block) => {
          if (block === null) {
            this.push(null);
            return;
          }
          // Small copies, each consumed and dropped soon; one block is buffered at most.
          for (let at = 0; at < block.length; at += PIECE_BYTES)
            this.push(Buffer.from(block.subarray(at, Math.min(block.length, at + PIECE_BYTES))));
        },
        (e: unknown) => {
          if (e instanceof RampartError) this.destroy(e);
          else if (e instanceof TooLarge) this.destroy(tooLarge());
          else if (e instanceof Truncated)
            this.destroy(invalid('the file ends inside a block (truncated download?)'));
          else this.destroy(invalid((e as Error).message));
        },
      );
    },
    destroy(err, done) {
      const h = fh;
      fh = undefined;
      if (!h) return done(err);
      h.close().then(
        () => done(err),
        () => done(err),
      );
    },
  });
}
