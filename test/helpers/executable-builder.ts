/**
 * Builds minimal ELF64, PE32+ and Mach-O 64 files around given sections, for the binary
 * finders' tests. Layout is fixed so tests can compute addresses: section i's bytes sit at
 * file offset 0x10000 * (i + 1) and are loaded at `BASE + offset` (one load segment maps the
 * whole file). Nothing here is runnable code; only the headers a reader needs are filled in.
 */

export interface SectionSpec {
  name: string;
  data: Buffer;
}

export const ELF_BASE = 0x400000;
export const MACHO_BASE = 0x100000000;
export const PE_BASE = 0x140000000;

export function sectionOffset(index: number): number {
  return 0x10000 * (index + 1);
}

function placeSections(sections: SectionSpec[], total: number): Buffer {
  const out = Buffer.alloc(total);
  sections.forEach((s, i) => {
    if (s.data.length > 0x10000) throw new Error('test sections are limited to 64 KiB');
    s.data.copy(out, sectionOffset(i));
  });
  return out;
}

export function buildElf64(sections: SectionSpec[]): Buffer {
  const names = Buffer.concat([
    Buffer.from([0]),
    ...sections.map((s) => Buffer.from(`${s.name}\0`)),
    Buffer.from('.shstrtab\0'),
  ]);
  const strOff = sectionOffset(sections.length);
  const shoff = strOff + Math.ceil(names.length / 8) * 8;
  const shnum = sections.length + 2;
  const total = shoff + shnum * 64;
  const out = placeSections(sections, total);
  names.copy(out, strOff);
  out.write('\x7fELF', 0, 'latin1');
  out[4] = 2; // 64-bit
  out[5] = 1; // little endian
  out[6] = 1;
  out.writeUInt16LE(2, 16); // ET_EXEC
  out.writeUInt16LE(0x3e, 18); // x86-64
  out.writeUInt32LE(1, 20);
  out.writeBigUInt64LE(BigInt(ELF_BASE), 24);
  out.writeBigUInt64LE(64n, 32); // e_phoff
  out.writeBigUInt64LE(BigInt(shoff), 40);
  out.writeUInt16LE(64, 52);
  out.writeUInt16LE(56, 54);
  out.writeUInt16LE(1, 56);
  out.writeUInt16LE(64, 58);
  out.writeUInt16LE(shnum, 60);
  out.writeUInt16LE(shnum - 1, 62);
  // PT_LOAD covering the whole file
  out.writeUInt32LE(1, 64);
  out.writeUInt32LE(5, 68);
  out.writeBigUInt64LE(0n, 72);
  out.writeBigUInt64LE(BigInt(ELF_BASE), 80);
  out.writeBigUInt64LE(BigInt(ELF_BASE), 88);
  out.writeBigUInt64LE(BigInt(total), 96);
  out.writeBigUInt64LE(BigInt(total), 104);
  out.writeBigUInt64LE(0x1000n, 112);
  let nameAt = 1;
  const writeSh = (i: number, nameOff: number, type: number, offset: number, size: number) => {
    const at = shoff + i * 64;
    out.writeUInt32LE(nameOff, at);
    out.writeUInt32LE(type, at + 4);
    out.writeBigUInt64LE(BigInt(type === 3 ? 0 : ELF_BASE + offset), at + 16);
    out.writeBigUInt64LE(BigInt(offset), at + 24);
    out.writeBigUInt64LE(BigInt(size), at + 32);
  };
  sections.forEach((s, i) => {
    writeSh(i + 1, nameAt, 1, sectionOffset(i), s.data.length);
    nameAt += s.name.length + 1;
  });
  writeSh(shnum - 1, nameAt, 3, strOff, names.length);
  return out;
}

export function buildMachO64(sections: SectionSpec[]): Buffer {
  const total = sectionOffset(sections.length);
  const out = placeSections(sections, total);
  const cmdsize = 72 + 80 * sections.length;
  out.writeUInt32LE(0xfeedfacf, 0);
  out.writeUInt32LE(0x01000007, 4);
  out.writeUInt32LE(3, 8);
  out.writeUInt32LE(2, 12);
  out.writeUInt32LE(1, 16);
  out.writeUInt32LE(cmdsize, 20);
  const seg = 32;
  out.writeUInt32LE(0x19, seg);
  out.writeUInt32LE(cmdsize, seg + 4);
  out.write('__DATA', seg + 8, 'latin1');
  out.writeBigUInt64LE(BigInt(MACHO_BASE), seg + 24);
  out.writeBigUInt64LE(BigInt(total), seg + 32);
  out.writeBigUInt64LE(0n, seg + 40);
  out.writeBigUInt64LE(BigInt(total), seg + 48);
  out.writeUInt32LE(sections.length, seg + 64);
  sections.forEach((s, i) => {
    const at = seg + 72 + i * 80;
    out.write(s.name.slice(0, 16), at, 'latin1');
    out.write('__DATA', at + 16, 'latin1');
    out.writeBigUInt64LE(BigInt(MACHO_BASE + sectionOffset(i)), at + 32);
    out.writeBigUInt64LE(BigInt(s.data.length), at + 40);
    out.writeUInt32LE(sectionOffset(i), at + 48);
  });
  return out;
}

export function buildPe64(sections: SectionSpec[]): Buffer {
  const total = sectionOffset(sections.length);
  const out = placeSections(sections, total);
  out.write('MZ', 0, 'latin1');
  const pe = 0x40;
  out.writeUInt32LE(pe, 0x3c);
  out.write('PE\0\0', pe, 'latin1');
  const coff = pe + 4;
  out.writeUInt16LE(0x8664, coff);
  out.writeUInt16LE(sections.length, coff + 2);
  out.writeUInt16LE(240, coff + 16);
  out.writeUInt16LE(0x22, coff + 18);
  const opt = coff + 20;
  out.writeUInt16LE(0x20b, opt);
  out.writeBigUInt64LE(BigInt(PE_BASE), opt + 24);
  const table = opt + 240;
  sections.forEach((s, i) => {
    const at = table + i * 40;
    out.write(s.name.slice(0, 8), at, 'latin1');
    out.writeUInt32LE(s.data.length, at + 8);
    out.writeUInt32LE(sectionOffset(i), at + 12);
    out.writeUInt32LE(0x10000, at + 16);
    out.writeUInt32LE(sectionOffset(i), at + 20);
  });
  return out;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}

const GO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const SENTINEL = Buffer.alloc(16, 0xa5);

/** The module text wrapped in 16-byte sentinels, as the Go linker writes it. */
export function wrapModInfo(text: string): Buffer {
  return Buffer.concat([SENTINEL, Buffer.from(text, 'utf8'), SENTINEL]);
}

/** A Go >= 1.18 `.go.buildinfo` section: 32-byte header then two varint-prefixed strings. */
export function goBuildInfoInline(goVersion: string, modInfo: string): Buffer {
  const header = Buffer.alloc(32);
  GO_MAGIC.copy(header, 0);
  header[14] = 8;
  header[15] = 2;
  const vers = Buffer.from(goVersion, 'utf8');
  const mod = wrapModInfo(modInfo);
  return Buffer.concat([header, varint(vers.length), vers, varint(mod.length), mod]);
}

/**
 * A pre-1.18 ELF Go binary: `.go.buildinfo` (section 0) holds two pointers to Go string
 * headers in `.rodata` (section 1), which point at the string bytes right after them.
 */
export function goBinaryPointerFormat(goVersion: string, modInfo: string): Buffer {
  const rodataAddr = ELF_BASE + sectionOffset(1);
  const vers = Buffer.from(goVersion, 'utf8');
  const mod = wrapModInfo(modInfo);
  const rodata = Buffer.alloc(32 + vers.length + mod.length);
  rodata.writeBigUInt64LE(BigInt(rodataAddr + 32), 0);
  rodata.writeBigUInt64LE(BigInt(vers.length), 8);
  rodata.writeBigUInt64LE(BigInt(rodataAddr + 32 + vers.length), 16);
  rodata.writeBigUInt64LE(BigInt(mod.length), 24);
  vers.copy(rodata, 32);
  mod.copy(rodata, 32 + vers.length);
  const info = Buffer.alloc(32);
  GO_MAGIC.copy(info, 0);
  info[14] = 8;
  info[15] = 0;
  info.writeBigUInt64LE(BigInt(rodataAddr), 16);
  info.writeBigUInt64LE(BigInt(rodataAddr + 16), 24);
  return buildElf64([
    { name: '.go.buildinfo', data: info },
    { name: '.rodata', data: rodata },
  ]);
}
