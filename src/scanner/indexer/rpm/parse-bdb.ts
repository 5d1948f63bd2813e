import type { BlobList } from './blob-list.js';

/**
 * Header blobs from rpm's Berkeley DB backend (`Packages`, a BDB hash database), read without
 * libdb. Layout facts used (Berkeley DB 4.x–6.x hash access method):
 * - page 0 is the hash meta page: magic 0x061561 at byte 12 (its byte order is the file's byte
 *   order), page size at 20, encryption algorithm at 24, last page number at 32;
 * - every page starts with a 26-byte header: next page at 16, entry count at 20, `hf_offset`
 *   at 22 (on overflow pages: bytes used), page type at 25;
 * - hash pages (types 2 and 13) hold an array of 16-bit item offsets after the header; items
 *   alternate key, value. A value item starts with its kind: 1 = inline bytes (length up to the
 *   previous item's offset), 3 = off-page { pgno at +4, total length at +8 } on a chain of
 *   overflow pages (type 7) linked by their next-page field.
 * rpm's values are header blobs keyed by a 4-byte package number; key 0 holds bookkeeping.
 * Offsets and chains are checked; a chain that loops or leaves the file stops with a problem.
 */
const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
/** Smallest possible header blob: il, dl and one index entry. */
const MIN_BLOB = 8 + 16;

export function isBdbHash(data: Buffer): boolean {
  return data.length >= 64 && (data.readUInt32LE(12) === HASH_MAGIC || data.readUInt32BE(12) === HASH_MAGIC);
}

export function parseBdb(data: Buffer): BlobList {
  const out: BlobList = { blobs: [], problems: [] };
  if (!isBdbHash(data)) return { blobs: [], problems: ['not a Berkeley DB hash file (no hash magic)'] };
  const le = data.readUInt32LE(12) === HASH_MAGIC;
  const u32 = (at: number) => (le ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const u16 = (at: number) => (le ? data.readUInt16LE(at) : data.readUInt16BE(at));

  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    return { blobs: [], problems: [`Berkeley DB page size ${pageSize} is not a power of two in 512..65536`] };
  }
  if (data[24] !== 0) return { blobs: [], problems: ['Berkeley DB file is encrypted'] };
  if (data[25] !== P_HASHMETA)
    return { blobs: [], problems: [`Berkeley DB meta page has type ${data[25]}, expected hash meta`] };
  const pageCount = Math.min(u32(32) + 1, Math.floor(data.length / pageSize));

  const overflow = (start: number, total: number): Buffer | string => {
    if (total > data.length) return `off-page value of ${total} bytes is larger than the file`;
    const parts: Buffer[] = [];
    let got = 0;
    let pgno = start;
    const seen = new Set<number>();
    while (pgno !== 0 && got < total) {
      if (pgno >= pageCount)
        return `overflow chain points at page ${pgno} past the last page ${pageCount - 1}`;
      if (seen.has(pgno)) return `overflow chain loops back to page ${pgno}`;
      seen.add(pgno);
      const off = pgno * pageSize;
      if (data[off + 25] !== P_OVERFLOW)
        return `overflow chain reaches page ${pgno} of type ${data[off + 25]}`;
      const used = u16(off + 22);
      if (PAGE_HEADER + used > pageSize) return `overflow page ${pgno} claims ${used} bytes`;
      parts.push(data.subarray(off + PAGE_HEADER, off + PAGE_HEADER + used));
      got += used;
      pgno = u32(off + 16);
    }
    if (got !== total) return `off-page value should have ${total} bytes, its chain holds ${got}`;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
  };

  for (let p = 1; p < pageCount; p++) {
    const off = p * pageSize;
    const type = data[off + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(off + 20);
    if (PAGE_HEADER + entries * 2 > pageSize) {
      out.problems.push(`hash page ${p} claims ${entries} entries`);
      continue;
    }
    const inp = (i: number) => u16(off + PAGE_HEADER + i * 2);
    for (let i = 1; i < entries; i += 2) {
      const keyAt = inp(i - 1);
      const itemAt = inp(i);
      const itemEnd = inp(i - 1);
      if (itemAt >= pageSize || itemEnd > pageSize || itemAt + 1 > itemEnd || keyAt >= pageSize) {
        out.problems.push(`hash page ${p} item ${i} has offsets ${itemAt}..${itemEnd} outside the page`);
        continue;
      }
      if (isBookkeepingKey(data, off, keyAt, i === 1 ? pageSize : inp(i - 2))) continue;
      const kind = data[off + itemAt];
      if (kind === H_KEYDATA) {
        const value = data.subarray(off + itemAt + 1, off + itemEnd);
        if (value.length >= MIN_BLOB) out.blobs.push(value);
      } else if (kind === H_OFFPAGE) {
        if (itemAt + 12 > pageSize) {
          out.problems.push(`hash page ${p} item ${i}: off-page reference cut by the page end`);
          continue;
        }
        const value = overflow(u32(off + itemAt + 4), u32(off + itemAt + 8));
        if (typeof value === 'string') out.problems.push(`hash page ${p} item ${i}: ${value}`);
        else if (value.length >= MIN_BLOB) out.blobs.push(value);
      }
    }
  }
  return out;
}

/** rpm's key 0 (a 4-byte zero package number) holds bookkeeping, not a header. */
function isBookkeepingKey(data: Buffer, pageOff: number, keyAt: number, keyEnd: number): boolean {
  if (keyEnd - keyAt !== 5 || data[pageOff + keyAt] !== H_KEYDATA) return false;
  return data.readUInt32LE(pageOff + keyAt + 1) === 0;
}
