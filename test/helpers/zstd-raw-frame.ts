/**
 * A valid zstd frame made of raw (uncompressed) blocks, for feeding zstd readers in tests
 * without a zstd compressor (Node 20's zlib has none). Layout: magic, frame header with a
 * single-segment 4-byte content size, then blocks of at most 128 KiB, the last one flagged.
 */
export function zstdRawFrame(data: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUInt32LE(0xfd2fb528, 0);
  header[4] = 0xa0; // FCS field 4 bytes, single segment
  header.writeUInt32LE(data.length, 5);
  const parts: Buffer[] = [header];
  const max = 128 * 1024;
  let off = 0;
  do {
    const size = Math.min(max, data.length - off);
    const last = off + size >= data.length ? 1 : 0;
    const bh = (size << 3) | last; // block type 0 = raw
    parts.push(Buffer.from([bh & 0xff, (bh >> 8) & 0xff, (bh >> 16) & 0xff]), data.subarray(off, off + size));
    off += size;
  } while (off < data.length);
  return Buffer.concat(parts);
}
