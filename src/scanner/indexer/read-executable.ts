/**
 * A minimal, defensive reader of executable headers (ELF, PE, Mach-O) for the finders that
 * look inside binaries (golang build info, Rust cargo-auditable data). It reads only the
 * section and segment tables: names, file ranges and virtual addresses. Every offset is
 * checked against the buffer; a table that points past the end makes the file malformed,
 * a single section that does is dropped and noted in `problems`.
 */
import { RampartError } from '../../runtime/errors.js';

export type ExecutableFormat = 'elf' | 'pe' | 'macho';

export interface ExecutableSection {
  name: string;
  /** File offset and size of the section's bytes (already checked to lie inside the file). */
  offset: number;
  size: number;
  /** Virtual address the section is loaded at (0 when not loaded). */
  addr: number;
}

/** A loaded range: virtual addresses [addr, addr+fileSize) come from file [offset, offset+fileSize). */
export interface ExecutableSegment {
  addr: number;
  offset: number;
  fileSize: number;
}

export interface Executable {
  format: ExecutableFormat;
  littleEndian: boolean;
  /** Pointer size in bytes (4 or 8). */
  ptrSize: number;
  sections: ExecutableSection[];
  segments: ExecutableSegment[];
  /** Sections or segments that were dropped because they point outside the file. */
  problems: string[];
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const MAX_TABLE_ENTRIES = 65_536;

class Cursor {
  constructor(
    readonly data: Buffer,
    readonly littleEndian: boolean,
  ) {}

  need(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.data.length) {
      throw malformed(
        `${what} at offset ${offset} (+${length}) lies past the end of the ${this.data.length}-byte file`,
      );
    }
  }

  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    return this.littleEndian ? this.data.readUInt16LE(offset) : this.data.readUInt16BE(offset);
  }

  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.littleEndian ? this.data.readUInt32LE(offset) : this.data.readUInt32BE(offset);
  }

  /** 64-bit value as a number; values above 2^53 become Infinity so range checks reject them. */
  u64(offset: number, what: string): number {
    this.need(offset, 8, what);
    const v = this.littleEndian ? this.data.readBigUInt64LE(offset) : this.data.readBigUInt64BE(offset);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(v);
  }

  word(offset: number, ptrSize: number, what: string): number {
    return ptrSize === 8 ? this.u64(offset, what) : this.u32(offset, what);
  }

  cstring(offset: number, max: number): string {
    if (offset < 0 || offset >= this.data.length) return '';
    const end = Math.min(this.data.length, offset + max);
    const nul = this.data.indexOf(0, offset);
    return this.data.toString('latin1', offset, nul === -1 || nul > end ? end : nul);
  }
}

function malformed(detail: string): RampartError {
  return new RampartError(
    'INDEXER_EXECUTABLE_MALFORMED',
    `executable headers are malformed: ${detail}; the file is skipped, check whether it is truncated or corrupt`,
  );
}

function inFile(data: Buffer, offset: number, size: number): boolean {
  return (
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(size) &&
    offset >= 0 &&
    size >= 0 &&
    offset + size <= data.length
  );
}

function readElf(data: Buffer): Executable {
  const cls = data[4];
  const enc = data[5];
  if ((cls !== 1 && cls !== 2) || (enc !== 1 && enc !== 2))
    throw malformed(`unknown ELF class ${cls} or data encoding ${enc}`);
  const is64 = cls === 2;
  const c = new Cursor(data, enc === 1);
  const ptrSize = is64 ? 8 : 4;
  const phoff = is64 ? c.u64(0x20, 'ELF header') : c.u32(0x1c, 'ELF header');
  const shoff = is64 ? c.u64(0x28, 'ELF header') : c.u32(0x20, 'ELF header');
  const base = is64 ? 0x36 : 0x2a;
  const phentsize = c.u16(base, 'ELF header');
  const phnum = c.u16(base + 2, 'ELF header');
  const shentsize = c.u16(base + 4, 'ELF header');
  const shnum = c.u16(base + 6, 'ELF header');
  const shstrndx = c.u16(base + 8, 'ELF header');
  const exe: Executable = {
    format: 'elf',
    littleEndian: c.littleEndian,
    ptrSize,
    sections: [],
    segments: [],
    problems: [],
  };

  if (phnum > 0) {
    if (phentsize < (is64 ? 56 : 32)) throw malformed(`program header entry size ${phentsize} is too small`);
    c.need(phoff, phnum * phentsize, 'program header table');
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      if (c.u32(at, 'program header') !== 1) continue; // PT_LOAD only
      const offset = is64 ? c.u64(at + 8, 'program header') : c.u32(at + 4, 'program header');
      const addr = is64 ? c.u64(at + 16, 'program header') : c.u32(at + 8, 'program header');
      const fileSize = is64 ? c.u64(at + 32, 'program header') : c.u32(at + 16, 'program header');
      if (inFile(data, offset, fileSize)) exe.segments.push({ addr, offset, fileSize });
      else exe.problems.push(`load segment ${i} points past the end of the file`);
    }
  }

  if (shnum > 0 && shoff > 0) {
    if (shentsize < (is64 ? 64 : 40)) throw malformed(`section header entry size ${shentsize} is too small`);
    c.need(shoff, shnum * shentsize, 'section header table');
    const raw: { nameOff: number; type: number; addr: number; offset: number; size: number }[] = [];
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      raw.push({
        nameOff: c.u32(at, 'section header'),
        type: c.u32(at + 4, 'section header'),
        addr: is64 ? c.u64(at + 16, 'section header') : c.u32(at + 12, 'section header'),
        offset: is64 ? c.u64(at + 24, 'section header') : c.u32(at + 16, 'section header'),
        size: is64 ? c.u64(at + 32, 'section header') : c.u32(at + 20, 'section header'),
      });
    }
    const strtab = raw[shstrndx];
    const names = strtab && inFile(data, strtab.offset, strtab.size) ? strtab : undefined;
    if (!names) exe.problems.push('section name table is missing or points past the end of the file');
    raw.forEach((s, i) => {
      if (s.type === 0 || s.type === 8) return; // SHT_NULL, SHT_NOBITS: no bytes in the file
      const name =
        names && s.nameOff < names.size ? c.cstring(names.offset + s.nameOff, names.size - s.nameOff) : '';
      if (inFile(data, s.offset, s.size))
        exe.sections.push({ name, offset: s.offset, size: s.size, addr: s.addr });
      else exe.problems.push(`section ${name || i} points past the end of the file`);
    });
  }
  return exe;
}

function readPe(data: Buffer): Executable {
  const c = new Cursor(data, true);
  const peOff = c.u32(0x3c, 'DOS header');
  c.need(peOff, 24, 'PE signature');
  if (data.readUInt32BE(peOff) !== 0x50450000) throw malformed('PE signature missing');
  const coff = peOff + 4;
  const nsections = c.u16(coff + 2, 'COFF header');
  const optSize = c.u16(coff + 16, 'COFF header');
  const opt = coff + 20;
  const magic = c.u16(opt, 'optional header');
  if (magic !== 0x10b && magic !== 0x20b)
    throw malformed(`unknown optional header magic 0x${magic.toString(16)}`);
  const ptrSize = magic === 0x20b ? 8 : 4;
  const imageBase = ptrSize === 8 ? c.u64(opt + 24, 'optional header') : c.u32(opt + 28, 'optional header');
  const table = opt + optSize;
  c.need(table, nsections * 40, 'section table');
  const exe: Executable = {
    format: 'pe',
    littleEndian: true,
    ptrSize,
    sections: [],
    segments: [],
    problems: [],
  };
  for (let i = 0; i < nsections; i++) {
    const at = table + i * 40;
    const name = c.cstring(at, 8);
    const virtualSize = c.u32(at + 8, 'section header');
    const addr = imageBase + c.u32(at + 12, 'section header');
    const rawSize = c.u32(at + 16, 'section header');
    const offset = c.u32(at + 20, 'section header');
    if (rawSize === 0) continue;
    const size = virtualSize > 0 ? Math.min(virtualSize, rawSize) : rawSize;
    if (!inFile(data, offset, size)) {
      exe.problems.push(`section ${name || i} points past the end of the file`);
      continue;
    }
    exe.sections.push({ name, offset, size, addr });
    exe.segments.push({ addr, offset, fileSize: size });
  }
  return exe;
}

function readMachO(data: Buffer, start: number): Executable {
  const magicLE = data.readUInt32LE(start);
  const littleEndian = magicLE === 0xfeedface || magicLE === 0xfeedfacf;
  const c = new Cursor(data, littleEndian);
  const magic = c.u32(start, 'Mach-O header');
  const is64 = magic === 0xfeedfacf;
  const ncmds = c.u32(start + 16, 'Mach-O header');
  const sizeofcmds = c.u32(start + 20, 'Mach-O header');
  let at = start + (is64 ? 32 : 28);
  c.need(at, sizeofcmds, 'load commands');
  if (ncmds > MAX_TABLE_ENTRIES) throw malformed(`${ncmds} load commands`);
  const exe: Executable = {
    format: 'macho',
    littleEndian,
    ptrSize: is64 ? 8 : 4,
    sections: [],
    segments: [],
    problems: [],
  };
  const end = at + sizeofcmds;
  for (let i = 0; i < ncmds; i++) {
    const cmd = c.u32(at, 'load command');
    const cmdsize = c.u32(at + 4, 'load command');
    if (cmdsize < 8 || at + cmdsize > end) throw malformed(`load command ${i} has size ${cmdsize}`);
    if (cmd === 0x19 || cmd === 0x1) {
      const w = cmd === 0x19 ? 8 : 4;
      const vmaddr = c.word(at + 24, w, 'segment');
      const fileoff = c.word(at + 24 + 2 * w, w, 'segment');
      const filesize = c.word(at + 24 + 3 * w, w, 'segment');
      const nsects = c.u32(at + 24 + 4 * w + 8, 'segment');
      if (inFile(data, start + fileoff, filesize))
        exe.segments.push({ addr: vmaddr, offset: start + fileoff, fileSize: filesize });
      else exe.problems.push(`segment ${i} points past the end of the file`);
      const sectSize = cmd === 0x19 ? 80 : 68;
      const first = at + (cmd === 0x19 ? 72 : 56);
      if (first + nsects * sectSize > at + cmdsize)
        throw malformed(`segment ${i} declares ${nsects} sections that do not fit`);
      for (let s = 0; s < nsects; s++) {
        const sa = first + s * sectSize;
        const name = c.cstring(sa, 16);
        const addr = c.word(sa + 32, w, 'section');
        const size = c.word(sa + 32 + w, w, 'section');
        const offset = c.u32(sa + 32 + 2 * w, 'section');
        if (offset === 0 || size === 0) continue; // zero-fill sections have no bytes in the file
        if (inFile(data, start + offset, size))
          exe.sections.push({ name, offset: start + offset, size, addr });
        else exe.problems.push(`section ${name || s} points past the end of the file`);
      }
    }
    at += cmdsize;
  }
  return exe;
}

function machOStart(data: Buffer): number | undefined {
  if (data.length < 32) return undefined;
  const le = data.readUInt32LE(0);
  if (le === 0xfeedface || le === 0xfeedfacf || le === 0xcefaedfe || le === 0xcffaedfe) return 0;
  // Universal ("fat") binary: read the first architecture's slice. 0xcafebabe is also the
  // Java class magic; a class file's "architecture count" is its major version (>= 45).
  if (data.readUInt32BE(0) === 0xcafebabe) {
    const narch = data.readUInt32BE(4);
    if (narch === 0 || narch > 20 || data.length < 8 + 20) return undefined;
    const offset = data.readUInt32BE(8 + 8);
    if (offset + 32 > data.length) throw malformed('universal binary slice points past the end of the file');
    const inner = data.readUInt32LE(offset);
    if (inner === 0xfeedface || inner === 0xfeedfacf || inner === 0xcefaedfe || inner === 0xcffaedfe)
      return offset;
    throw malformed('universal binary slice is not a Mach-O image');
  }
  return undefined;
}

/**
 * Reads the section and segment tables of an ELF, PE or Mach-O file. Returns `undefined` when
 * the bytes are not an executable at all (a script, a text file); throws
 * INDEXER_EXECUTABLE_MALFORMED when they start like one but the headers do not hold together.
 */
export function readExecutable(data: Buffer): Executable | undefined {
  if (data.length >= 4 && data.subarray(0, 4).equals(ELF_MAGIC)) {
    if (data.length < 52) throw malformed('ELF header is truncated');
    return readElf(data);
  }
  if (data.length >= 2 && data[0] === 0x4d && data[1] === 0x5a) {
    if (data.length < 64) return undefined;
    return readPe(data);
  }
  const start = machOStart(data);
  return start === undefined ? undefined : readMachO(data, start);
}

/** Translates a virtual address to a file offset through the loaded ranges, or undefined. */
export function addressToOffset(exe: Executable, addr: number, length: number): number | undefined {
  for (const s of exe.segments) {
    if (addr >= s.addr && addr + length <= s.addr + s.fileSize) return s.offset + (addr - s.addr);
  }
  for (const s of exe.sections) {
    if (s.addr !== 0 && addr >= s.addr && addr + length <= s.addr + s.size) return s.offset + (addr - s.addr);
  }
  return undefined;
}

/** The first section with one of the given names. */
export function findSection(exe: Executable, ...names: string[]): ExecutableSection | undefined {
  return exe.sections.find((s) => names.includes(s.name));
}
