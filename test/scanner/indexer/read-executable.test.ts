import assert from 'node:assert/strict';
import { isRampartError } from '../../../src/runtime/errors.js';
import { isExecutablePath } from '../../../src/scanner/indexer/is-executable-path.js';
import {
  addressToOffset,
  findSection,
  readExecutable,
} from '../../../src/scanner/indexer/read-executable.js';
import {
  buildElf64,
  buildMachO64,
  buildPe64,
  ELF_BASE,
  MACHO_BASE,
  PE_BASE,
  sectionOffset,
} from '../../helpers/executable-builder.js';

const payload = Buffer.from('hello section');

describe('readExecutable', () => {
  it('reads ELF64 sections and the load segment', () => {
    const exe = readExecutable(
      buildElf64([
        { name: '.data', data: payload },
        { name: '.dep-v0', data: Buffer.from('x') },
      ]),
    )!;
    assert.equal(exe.format, 'elf');
    assert.equal(exe.ptrSize, 8);
    assert.equal(exe.littleEndian, true);
    const dep = findSection(exe, '.dep-v0')!;
    assert.deepEqual(dep, {
      name: '.dep-v0',
      offset: sectionOffset(1),
      size: 1,
      addr: ELF_BASE + sectionOffset(1),
    });
    assert.equal(addressToOffset(exe, ELF_BASE + sectionOffset(0) + 3, 4), sectionOffset(0) + 3);
    assert.deepEqual(exe.problems, []);
  });

  it('reads Mach-O 64 sections', () => {
    const exe = readExecutable(buildMachO64([{ name: '__go_buildinfo', data: payload }]))!;
    assert.equal(exe.format, 'macho');
    const s = findSection(exe, '__go_buildinfo')!;
    assert.equal(s.offset, sectionOffset(0));
    assert.equal(s.addr, MACHO_BASE + sectionOffset(0));
  });

  it('reads PE32+ sections with the image base applied', () => {
    const exe = readExecutable(buildPe64([{ name: '.data', data: payload }]))!;
    assert.equal(exe.format, 'pe');
    const s = findSection(exe, '.data')!;
    assert.equal(s.size, payload.length);
    assert.equal(s.addr, PE_BASE + sectionOffset(0));
  });

  it('returns undefined for scripts and text', () => {
    assert.equal(readExecutable(Buffer.from('#!/bin/sh\necho hi\n')), undefined);
    assert.equal(readExecutable(Buffer.alloc(0)), undefined);
  });

  it('throws INDEXER_EXECUTABLE_MALFORMED for truncated headers', () => {
    const elf = buildElf64([{ name: '.data', data: payload }]);
    for (const cut of [20, 60]) {
      assert.throws(
        () => readExecutable(elf.subarray(0, cut)),
        (e) => isRampartError(e, 'INDEXER_EXECUTABLE_MALFORMED'),
      );
    }
    // section header table beyond the end of the file
    const bad = Buffer.from(elf);
    bad.writeBigUInt64LE(BigInt(bad.length + 4096), 40);
    assert.throws(
      () => readExecutable(bad),
      (e) => isRampartError(e, 'INDEXER_EXECUTABLE_MALFORMED'),
    );
    const pe = buildPe64([{ name: '.data', data: payload }]);
    assert.throws(
      () => readExecutable(pe.subarray(0, 0x60)),
      (e) => isRampartError(e, 'INDEXER_EXECUTABLE_MALFORMED'),
    );
  });

  it('drops a section whose bytes lie past the end and says so', () => {
    const elf = buildElf64([{ name: '.data', data: payload }]);
    const shoff = Number(elf.readBigUInt64LE(40));
    elf.writeBigUInt64LE(BigInt(elf.length * 10), shoff + 64 + 24); // section 1's sh_offset
    const exe = readExecutable(elf)!;
    assert.equal(findSection(exe, '.data'), undefined);
    assert.match(exe.problems.join(), /\.data points past the end/);
  });
});

describe('isExecutablePath', () => {
  const yes = [
    'usr/local/bin/kubectl',
    'usr/bin/dockerd',
    'manager',
    'bin/app.exe',
    'opt/tool/server',
    'usr/local/go/bin/go',
    'app/main',
    'usr/bin/python3.11',
    'ko-app/web',
  ];
  const no = [
    'usr/lib/x86_64-linux-gnu/libc.so.6',
    'etc/passwd',
    'usr/bin/.hidden',
    'usr/share/doc/README',
    'usr/bin/script.py',
    'opt/app/config.json',
    'var/lib/dpkg/status',
    'usr/local/bin/',
  ];
  for (const p of yes) it(`claims ${p}`, () => assert.equal(isExecutablePath(p), true));
  for (const p of no) it(`leaves ${p}`, () => assert.equal(isExecutablePath(p), false));
});
