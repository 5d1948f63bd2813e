/**
 * Finds and decodes the Go build info a Go toolchain embeds in every binary: the Go version
 * string and the module info text (`path`, `mod`, `dep`, `=>`, `build` lines). Two layouts:
 * Go >= 1.18 stores both strings inline after the 32-byte header as varint-prefixed bytes;
 * older toolchains store two pointers to Go string headers, which are resolved through the
 * executable's load segments.
 */
import { RampartError } from '../../../runtime/errors.js';
import { addressToOffset, findSection, type Executable } from '../read-executable.js';

export interface GoBuildInfo {
  /** e.g. `go1.22.1` or `go1.22.3 X:boringcrypto` */
  goVersion: string;
  /** The module info text, sentinels removed; empty for binaries built outside module mode. */
  modInfo: string;
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const MAX_CANDIDATES = 32;
const MAX_STRING = 16 * 1024 * 1024;

function malformed(detail: string): RampartError {
  return new RampartError(
    'INDEXER_GO_BUILDINFO_MALFORMED',
    `Go build info is malformed: ${detail}; the binary's modules are not reported, check whether the file is truncated`,
  );
}

function readVarint(data: Buffer, pos: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = pos; i < data.length && i < pos + 10; i++) {
    const b = data[i]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i + 1];
    shift += 7;
  }
  throw malformed(`unterminated length at offset ${pos}`);
}

function readInlineString(data: Buffer, pos: number): [string, number] {
  const [len, start] = readVarint(data, pos);
  if (len > MAX_STRING || start + len > data.length)
    throw malformed(`string of ${len} bytes at offset ${start} runs past the end`);
  return [data.toString('utf8', start, start + len), start + len];
}

function readWord(data: Buffer, at: number, ptrSize: number, bigEndian: boolean): number {
  if (ptrSize === 8) {
    const v = bigEndian ? data.readBigUInt64BE(at) : data.readBigUInt64LE(at);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
  }
  return bigEndian ? data.readUInt32BE(at) : data.readUInt32LE(at);
}

/** Reads a Go string whose header (data pointer, length) lives at virtual address `addr`. */
function readPointedString(
  data: Buffer,
  exe: Executable,
  addr: number,
  ptrSize: number,
  bigEndian: boolean,
): string {
  const hdr = addressToOffset(exe, addr, 2 * ptrSize);
  if (hdr === undefined)
    throw malformed(`string header address 0x${addr.toString(16)} is not in a loaded segment`);
  const ptr = readWord(data, hdr, ptrSize, bigEndian);
  const len = readWord(data, hdr + ptrSize, ptrSize, bigEndian);
  if (len === 0) return '';
  if (ptr < 0 || len < 0 || len > MAX_STRING) throw malformed(`string length ${len} is out of range`);
  const at = addressToOffset(exe, ptr, len);
  if (at === undefined)
    throw malformed(`string data address 0x${ptr.toString(16)} is not in a loaded segment`);
  return data.toString('utf8', at, at + len);
}

function stripSentinels(mod: string): string {
  // The module text is wrapped in two 16-byte sentinels; the last real byte is a newline.
  if (mod.length >= 33 && mod[mod.length - 17] === '\n') return mod.slice(16, -16);
  return mod;
}

function decodeAt(data: Buffer, exe: Executable | undefined, off: number): GoBuildInfo {
  if (off + HEADER_SIZE > data.length) throw malformed('header is truncated');
  const ptrSize = data[off + 14]!;
  const flags = data[off + 15]!;
  if ((flags & 0x2) !== 0) {
    const [goVersion, next] = readInlineString(data, off + HEADER_SIZE);
    const [mod] = readInlineString(data, next);
    return { goVersion, modInfo: stripSentinels(mod) };
  }
  if (ptrSize !== 4 && ptrSize !== 8) throw malformed(`pointer size ${ptrSize}`);
  if (!exe) throw malformed('pointer-format build info outside a readable executable');
  const bigEndian = (flags & 0x1) !== 0;
  const versAddr = readWord(data, off + 16, ptrSize, bigEndian);
  const modAddr = readWord(data, off + 16 + ptrSize, ptrSize, bigEndian);
  const goVersion = readPointedString(data, exe, versAddr, ptrSize, bigEndian);
  const mod = readPointedString(data, exe, modAddr, ptrSize, bigEndian);
  return { goVersion, modInfo: stripSentinels(mod) };
}

/**
 * Returns the build info of a Go binary, `undefined` when the file holds none (not a Go
 * binary), or throws INDEXER_GO_BUILDINFO_MALFORMED when the header is there but unreadable.
 * The `.go.buildinfo` / `__go_buildinfo` section is read when present; the whole file is
 * searched for the 16-byte-aligned magic only for PE (`.data`) and files without a section table.
 */
export function readBuildInfo(data: Buffer, exe: Executable | undefined): GoBuildInfo | undefined {
  const section = exe ? findSection(exe, '.go.buildinfo', '__go_buildinfo') : undefined;
  if (section && data.subarray(section.offset, section.offset + MAGIC.length).equals(MAGIC)) {
    return decodeAt(data, exe, section.offset);
  }
  // ELF and Mach-O Go binaries (Go >= 1.13) always name the section; a file that has a section
  // table without it is not a Go binary. Only PE files and stripped section tables are searched.
  if (exe && exe.format !== 'pe' && exe.sections.length > 0 && !section) return undefined;
  let lastError: RampartError | undefined;
  let tries = 0;
  for (let at = data.indexOf(MAGIC); at !== -1 && tries < MAX_CANDIDATES; at = data.indexOf(MAGIC, at + 1)) {
    if (at % 16 !== 0) continue;
    tries++;
    try {
      return decodeAt(data, exe, at);
    } catch (err) {
      if (!(err instanceof RampartError)) throw err;
      lastError = err;
    }
  }
  if (lastError) throw lastError;
  return undefined;
}
