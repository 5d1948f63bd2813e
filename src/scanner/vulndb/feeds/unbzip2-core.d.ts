// Types for the block decoder inside `unbzip2-stream` (its `lib/` files, CommonJS). Rampart
// drives the decoder itself (`read-bz2-stream.ts`) so that output is produced one block at a
// time, on demand; the package's own stream wrapper decodes ahead without bound.

declare module 'unbzip2-stream/lib/bit_iterator.js' {
  /** Reads `n` bits (MSB first); `null` skips to the next byte boundary. */
  interface BitReader {
    (n: number | null): number;
    /** Bytes started so far. */
    bytesRead: number;
  }
  function bitIterator(nextBuffer: () => Uint8Array): BitReader;
  export = bitIterator;
}

declare module 'unbzip2-stream/lib/bzip2.js' {
  import type bitIterator from 'unbzip2-stream/lib/bit_iterator.js';
  type BitReader = ReturnType<typeof bitIterator>;
  const bzip2: {
    /** Reads a stream header (`BZh1`…`BZh9`) and returns the block size in 100 kB units. */
    header(bits: BitReader): number;
    /**
     * Decodes one block, calling `out` once per byte; returns the running stream CRC, or
     * `null` when the end-of-stream marker was read (its CRC checked, reader byte-aligned).
     */
    decompress(
      bits: BitReader,
      out: (byte: number) => void,
      work: Int32Array,
      workSize: number,
      streamCRC: number | null,
    ): number | null;
  };
  export = bzip2;
}
