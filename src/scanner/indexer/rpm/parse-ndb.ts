import type { BlobList } from './blob-list.js';

/**
 * Header blobs from rpm's NDB backend (`Packages.db`, SUSE), all little-endian:
 * - file header (32 bytes): magic `RpmP`, version 0, generation, number of 4096-byte slot pages;
 * - slot area (the slot pages, after the file header): 16-byte slots
 *   { magic `Slot`, package index, block offset, block count } — index 0 means free;
 * - blobs at block offset × 16: { magic `BlbS`, package index, checksum, length } + header blob.
 * Every offset is checked against the file; a bad slot or blob is a problem, not a throw.
 */
const FILE_MAGIC = 0x506d7052; // 'RpmP'
const SLOT_MAGIC = 0x746f6c53; // 'Slot'
const BLOB_MAGIC = 0x53626c42; // 'BlbS'
const PAGE = 4096;
const BLOCK = 16;
const FILE_HEADER = 32;

export function isNdb(data: Buffer): boolean {
  return data.length >= FILE_HEADER && data.readUInt32LE(0) === FILE_MAGIC;
}

export function parseNdb(data: Buffer): BlobList {
  const out: BlobList = { blobs: [], problems: [] };
  if (!isNdb(data)) return { blobs: [], problems: ['not an NDB file (no RpmP magic)'] };
  const version = data.readUInt32LE(4);
  if (version !== 0) return { blobs: [], problems: [`NDB version ${version} is not supported (only 0)`] };
  const slotPages = data.readUInt32LE(12);
  const slotEnd = slotPages * PAGE;
  if (slotPages === 0 || slotEnd > data.length) {
    return {
      blobs: [],
      problems: [`NDB header declares ${slotPages} slot pages but the file has ${data.length} bytes`],
    };
  }
  let badSlots = 0;
  for (let at = FILE_HEADER; at + 16 <= slotEnd; at += 16) {
    if (data.readUInt32LE(at) !== SLOT_MAGIC) {
      badSlots++;
      continue;
    }
    const pkgIndex = data.readUInt32LE(at + 4);
    if (pkgIndex === 0) continue;
    const blkOffset = data.readUInt32LE(at + 8);
    const blkCount = data.readUInt32LE(at + 12);
    const blob = readBlob(data, pkgIndex, blkOffset * BLOCK, blkCount * BLOCK);
    if (typeof blob === 'string') out.problems.push(blob);
    else out.blobs.push(blob);
  }
  if (badSlots > 0) out.problems.push(`${badSlots} NDB slot(s) have a bad magic and were skipped`);
  return out;
}

function readBlob(data: Buffer, pkgIndex: number, start: number, room: number): Buffer | string {
  if (start < FILE_HEADER || start + 16 > data.length)
    return `package ${pkgIndex}: blob offset ${start} is outside the file`;
  if (data.readUInt32LE(start) !== BLOB_MAGIC) return `package ${pkgIndex}: no blob magic at offset ${start}`;
  if (data.readUInt32LE(start + 4) !== pkgIndex)
    return `package ${pkgIndex}: blob at ${start} belongs to another package`;
  const len = data.readUInt32LE(start + 12);
  if (len + 16 > room || start + 16 + len > data.length) {
    return `package ${pkgIndex}: blob length ${len} does not fit its ${room} bytes of blocks or the file`;
  }
  return data.subarray(start + 16, start + 16 + len);
}
