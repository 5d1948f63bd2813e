import type { FileHandle } from 'node:fs/promises';

import { RampartError } from '../../runtime/errors.js';
import { normalizeEntryPath } from '../layers/normalize-path.js';

export interface TarMember {
  path: string;
  /** Byte offset of the member's data in the archive. */
  offset: number;
  size: number;
  type: 'file' | 'dir' | 'symlink' | 'link' | 'other';
  linkname?: string;
}

/**
 * Index an uncompressed tar archive by reading only its headers (seeking over the data), so
 * members of a multi-gigabyte `docker save` archive can be streamed by offset later. Supports
 * ustar, pax (`path`, `size`, `linkpath`) and GNU long names. Bounded by `maxMembers`.
 */
export async function indexTar(
  fh: FileHandle,
  fileSize: number,
  what: string,
  maxMembers = 1_000_000,
): Promise<Map<string, TarMember>> {
  const members = new Map<string, TarMember>();
  const header = Buffer.alloc(512);
  let pos = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (pos + 512 <= fileSize) {
    await readExact(fh, header, pos, what);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header))
      throw new RampartError(
        'SOURCE_ARCHIVE_CORRUPT',
        `${what} is not a valid tar archive (bad header checksum at byte ${pos})`,
      );
    const typeflag = String.fromCharCode(header[156]!);
    const size = parseNumber(header.subarray(124, 136));
    const dataStart = pos + 512;
    const next = dataStart + Math.ceil(size / 512) * 512;
    if (size < 0 || next > fileSize + 512 * 2) {
      throw new RampartError(
        'SOURCE_ARCHIVE_CORRUPT',
        `${what} is truncated (member at byte ${pos} extends past the end)`,
      );
    }
    if (typeflag === 'x' || typeflag === 'L' || typeflag === 'K') {
      if (size > 1024 * 1024)
        throw new RampartError('SOURCE_ARCHIVE_CORRUPT', `${what} has an oversized extended header`);
      const buf = Buffer.alloc(size);
      await readExact(fh, buf, dataStart, what);
      if (typeflag === 'x') pax = parsePax(buf);
      else if (typeflag === 'L') longName = cString(buf);
      else longLink = cString(buf);
      pos = next;
      continue;
    }
    if (typeflag === 'g') {
      pos = next;
      continue;
    }
    const ustarPrefix = header.subarray(257, 263).toString('latin1').startsWith('ustar')
      ? cString(header.subarray(345, 500))
      : '';
    const rawName =
      pax.path ??
      longName ??
      (ustarPrefix ? `${ustarPrefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    const realSize = pax.size !== undefined ? Number(pax.size) : size;
    const linkname = pax.linkpath ?? longLink ?? cString(header.subarray(157, 257));
    const path = normalizeEntryPath(rawName);
    const type: TarMember['type'] =
      typeflag === '0' || typeflag === '\0' || typeflag === '7'
        ? 'file'
        : typeflag === '5'
          ? 'dir'
          : typeflag === '2'
            ? 'symlink'
            : typeflag === '1'
              ? 'link'
              : 'other';
    if (path !== undefined && path !== '') {
      members.set(path, { path, offset: dataStart, size: realSize, type, ...(linkname ? { linkname } : {}) });
      if (members.size > maxMembers)
        throw new RampartError('SOURCE_ARCHIVE_CORRUPT', `${what} has more than ${maxMembers} members`);
    }
    pax = {};
    longName = undefined;
    longLink = undefined;
    pos = dataStart + Math.ceil(realSize / 512) * 512;
  }
  return members;
}

async function readExact(fh: FileHandle, buf: Buffer, pos: number, what: string): Promise<void> {
  const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
  if (bytesRead !== buf.length)
    throw new RampartError('SOURCE_ARCHIVE_CORRUPT', `${what} is truncated at byte ${pos + bytesRead}`);
}

function cString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString('utf8');
}

function parseNumber(field: Buffer): number {
  if (field[0]! & 0x80) {
    // GNU base-256
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const s = cString(field).trim();
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h: Buffer): boolean {
  const stored = parseInt(cString(h.subarray(148, 156)).trim(), 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === stored;
}

function parsePax(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < buf.length) {
    const sp = buf.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(buf.subarray(i, sp).toString('latin1'), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > buf.length) break;
    const rec = buf.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}
