import assert from 'node:assert/strict';
import type { PackageRecord } from '../../../../src/model/package.js';
import { golangFinder } from '../../../../src/scanner/indexer/golang/index.js';
import { parseGoMod } from '../../../../src/scanner/indexer/golang/parse-go-mod.js';
import { parseGoSum } from '../../../../src/scanner/indexer/golang/parse-go-sum.js';
import {
  parseLdflagsVersion,
  splitShellWords,
} from '../../../../src/scanner/indexer/golang/parse-ldflags-version.js';
import { parseModInfo } from '../../../../src/scanner/indexer/golang/parse-mod-info.js';
import { stdlibVersion } from '../../../../src/scanner/indexer/golang/parse-go-binary.js';
import {
  buildElf64,
  buildMachO64,
  buildPe64,
  goBinaryPointerFormat,
  goBuildInfoInline,
  sectionOffset,
} from '../../../helpers/executable-builder.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const MOD = [
  'path\texample.com/app/cmd/server',
  'mod\texample.com/app\t(devel)\t',
  'dep\tgithub.com/pkg/errors\tv0.9.1\th1:abc=',
  'dep\tgolang.org/x/text\tv0.3.0\th1:def=',
  '=>\tgolang.org/x/text\tv0.3.8\th1:ghi=',
  'dep\texample.com/local\tv1.0.0\t',
  '=>\t../local\t\t',
  'build\t-compiler=gc',
  'build\t-ldflags="-s -w -X main.version=v2.3.4 -X main.commit=abc"',
  'build\tCGO_ENABLED=0',
  '',
].join('\n');

async function findIn(path: string, data: Buffer) {
  return golangFinder.find(layerFileOf(path, data), finderContext);
}

function keys(pkgs: PackageRecord[]): string[] {
  return pkgs.map((p) => `${p.name}@${p.version}`).sort();
}

describe('golang finder', () => {
  describe('parseModInfo', () => {
    it('reads main module, deps, replacements and quoted build settings', () => {
      const info = parseModInfo(MOD);
      assert.equal(info.path, 'example.com/app/cmd/server');
      assert.deepEqual(info.main, { path: 'example.com/app', version: '(devel)' });
      assert.equal(info.deps.length, 3);
      assert.deepEqual(info.deps[1]!.replace, {
        path: 'golang.org/x/text',
        version: 'v0.3.8',
        sum: 'h1:ghi=',
      });
      assert.equal(
        info.settings.find((s) => s.key === '-ldflags')!.value,
        '-s -w -X main.version=v2.3.4 -X main.commit=abc',
      );
      assert.equal(info.settings.find((s) => s.key === 'CGO_ENABLED')!.value, '0');
    });
  });

  describe('ldflags version', () => {
    it('splits shell words with quotes', () => {
      assert.deepEqual(splitShellWords(`-X 'main.version=1.0 beta' -X "a.b=c" plain\\ word`), [
        '-X',
        'main.version=1.0 beta',
        '-X',
        'a.b=c',
        'plain word',
      ]);
    });
    it('prefers <module>/cmd/ keys, then main/common/version/cmd packages, then others', () => {
      assert.equal(
        parseLdflagsVersion('m.io/x', '-X m.io/x/cmd/tool.version=v1.0.0 -X main.version=v2.0.0'),
        'v1.0.0',
      );
      assert.equal(
        parseLdflagsVersion('m.io/x', '-X other/pkg.Version=3.0.0 -X m.io/x/version.ver=v2.1.0'),
        'v2.1.0',
      );
      assert.equal(parseLdflagsVersion('m.io/x', '-X=other/pkg.Version=3.0.0'), '3.0.0');
    });
    it('gives nothing for ambiguous, non-semver or non-version keys', () => {
      assert.equal(parseLdflagsVersion('m', '-X main.version=v1.0.0 -X version.Version=v1.1.0'), undefined);
      assert.equal(parseLdflagsVersion('m', '-X main.version=dev'), undefined);
      assert.equal(parseLdflagsVersion('m', '-X main.commit=v1.0.0'), undefined);
    });
  });

  it('maps toolchain versions to stdlib versions', () => {
    assert.equal(stdlibVersion('go1.22.3 X:boringcrypto'), 'v1.22.3');
    assert.equal(stdlibVersion('go1.21rc2'), 'v1.21rc2');
    assert.equal(stdlibVersion('devel go1.23-abc'), undefined);
  });

  describe('binaries', () => {
    const expected = [
      'example.com/app@v2.3.4', // (devel) main module, version recovered from -ldflags
      'example.com/local@', // replaced by a local directory: no version
      'github.com/pkg/errors@v0.9.1',
      'golang.org/x/text@v0.3.8', // the replacement wins
      'stdlib@v1.22.1',
    ];

    it('reads Go >= 1.18 inline build info from an ELF .go.buildinfo section', async () => {
      const elf = buildElf64([
        { name: '.text', data: Buffer.from('code') },
        { name: '.go.buildinfo', data: goBuildInfoInline('go1.22.1', MOD) },
      ]);
      const r = await findIn('usr/local/bin/server', elf);
      assert.deepEqual(keys(r.packages), expected);
      assert.deepEqual(r.warnings, []);
      const errors = r.packages.find((p) => p.name === 'github.com/pkg/errors')!;
      assert.equal(errors.purl, 'pkg:golang/github.com/pkg/errors@v0.9.1');
      assert.equal(errors.type, 'golang');
      assert.equal(errors.evidence, 'binary');
      assert.equal(errors.location, 'usr/local/bin/server');
      assert.equal(r.packages.find((p) => p.name === 'stdlib')!.purl, 'pkg:golang/stdlib@v1.22.1');
    });

    it('reads the pre-1.18 pointer format through the load segment', async () => {
      const r = await findIn('bin/old', goBinaryPointerFormat('go1.15.2', MOD));
      assert.deepEqual(
        keys(r.packages),
        expected.map((k) => (k.startsWith('stdlib') ? 'stdlib@v1.15.2' : k)),
      );
    });

    it('finds build info in Mach-O __go_buildinfo and in a PE .data section', async () => {
      const macho = buildMachO64([{ name: '__go_buildinfo', data: goBuildInfoInline('go1.22.1', MOD) }]);
      assert.deepEqual(keys((await findIn('usr/bin/server', macho)).packages), expected);
      const pe = buildPe64([
        { name: '.text', data: Buffer.from('x') },
        { name: '.data', data: goBuildInfoInline('go1.22.1', MOD) },
      ]);
      assert.deepEqual(keys((await findIn('app/server.exe', pe)).packages), expected);
    });

    it('searches for the magic when the ELF section table was stripped, in both layouts', async () => {
      for (const bin of [
        buildElf64([{ name: '.data', data: goBuildInfoInline('go1.22.1', MOD) }]),
        goBinaryPointerFormat('go1.22.1', MOD),
      ]) {
        bin.writeBigUInt64LE(0n, 40); // e_shoff
        bin.writeUInt16LE(0, 60); // e_shnum
        assert.deepEqual(keys((await findIn('usr/bin/stripped', bin)).packages), expected);
      }
    });

    it('does not search ELF files whose section table has no .go.buildinfo', async () => {
      const elf = buildElf64([{ name: '.rodata', data: goBuildInfoInline('go1.22.1', MOD) }]);
      assert.deepEqual(await findIn('usr/bin/c-program', elf), { packages: [], warnings: [] });
    });

    it('treats (devel) and ./path replacements as local directories', async () => {
      const mod =
        'mod\tx.io/app\tv1.0.0\t\ndep\tcnrm.io/x\tv0.0.0\t\n=>\t./private/cnrm.io/x/\t(devel)\t\ndep\ty.io/z/\tv1.0.0\t\n';
      const elf = buildElf64([{ name: '.go.buildinfo', data: goBuildInfoInline('go1.24.2', mod) }]);
      const r = await findIn('usr/bin/anthos', elf);
      assert.deepEqual(keys(r.packages), [
        'cnrm.io/x@',
        'stdlib@v1.24.2',
        'x.io/app@v1.0.0',
        'y.io/z/@v1.0.0',
      ]);
      assert.equal(r.packages.find((p) => p.name === 'y.io/z/')!.purl, 'pkg:golang/y.io/z@v1.0.0');
    });

    it('reports only stdlib for a binary without module info (the go tool itself)', async () => {
      const elf = buildElf64([{ name: '.go.buildinfo', data: goBuildInfoInline('go1.22.1', '') }]);
      assert.deepEqual(keys((await findIn('usr/local/go/bin/go', elf)).packages), ['stdlib@v1.22.1']);
    });

    it('reports nothing, quietly, for a non-Go ELF and for scripts', async () => {
      const elf = buildElf64([{ name: '.text', data: Buffer.from('not go') }]);
      assert.deepEqual(await findIn('usr/bin/ls', elf), { packages: [], warnings: [] });
      assert.deepEqual(await findIn('usr/bin/script', Buffer.from('#!/bin/sh\n')), {
        packages: [],
        warnings: [],
      });
    });
  });

  describe('hostile binaries', () => {
    it('warns for truncated headers', async () => {
      const elf = buildElf64([{ name: '.go.buildinfo', data: goBuildInfoInline('go1.22.1', MOD) }]);
      const r = await findIn('usr/bin/cut', elf.subarray(0, 40));
      assert.deepEqual(r.packages, []);
      assert.equal(r.warnings[0]!.code, 'INDEXER_EXECUTABLE_MALFORMED');
      assert.equal(r.warnings[0]!.subject, 'usr/bin/cut');
    });

    it('warns when a string length runs past the end of the file', async () => {
      const info = goBuildInfoInline('go1.22.1', MOD);
      info[32] = 0xff; // vers length varint → huge
      info[33] = 0xff;
      info[34] = 0x7f;
      const r = await findIn('usr/bin/x', buildElf64([{ name: '.go.buildinfo', data: info }]));
      assert.deepEqual(r.packages, []);
      assert.equal(r.warnings[0]!.code, 'INDEXER_GO_BUILDINFO_MALFORMED');
    });

    it('warns when old-format pointers lead outside the loaded segments', async () => {
      const bin = goBinaryPointerFormat('go1.15.2', MOD);
      bin.writeBigUInt64LE(0xdead0000n, sectionOffset(0) + 16);
      const r = await findIn('usr/bin/x', bin);
      assert.deepEqual(r.packages, []);
      assert.equal(r.warnings[0]!.code, 'INDEXER_GO_BUILDINFO_MALFORMED');
    });

    it('warns when section offsets point past the end', async () => {
      const elf = buildElf64([{ name: '.go.buildinfo', data: Buffer.from('nothing') }]);
      const shoff = Number(elf.readBigUInt64LE(40));
      elf.writeBigUInt64LE(0xffffffffn, shoff + 64 + 24);
      const r = await findIn('usr/bin/x', elf);
      assert.equal(r.warnings[0]!.code, 'INDEXER_EXECUTABLE_MALFORMED');
    });

    it('handles random bytes with an ELF magic without throwing (the suite timeout bounds the time)', async () => {
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
      for (let i = 0; i < 200; i++) {
        const buf = Buffer.alloc(256 + (i % 64) * 16);
        for (let j = 0; j < buf.length; j++) buf[j] = rnd();
        buf.write('\x7fELF', 0, 'latin1');
        buf[4] = 1 + (i % 2);
        buf[5] = 1 + ((i >> 1) % 2);
        const r = await findIn('usr/bin/fuzz', buf);
        assert.deepEqual(r.packages, []);
      }
    });
  });

  describe('go.mod and go.sum', () => {
    const gomod = `module example.com/app

go 1.21

require (
\tgithub.com/pkg/errors v0.9.1
\tgolang.org/x/text v0.3.0 // indirect
\t"example.com/quoted" v1.2.3
\texample.com/gone v1.0.0
)

require github.com/stretchr/testify v1.8.4

replace golang.org/x/text v0.3.0 => golang.org/x/text v0.3.8

replace example.com/gone => ./gone
`;
    it('reads require blocks and lines with replacements applied', () => {
      const r = parseGoMod(gomod, 'src/go.mod');
      assert.equal(r.module, 'example.com/app');
      assert.equal(r.goVersion, '1.21');
      assert.deepEqual(keys(r.packages), [
        'example.com/quoted@v1.2.3',
        'github.com/pkg/errors@v0.9.1',
        'github.com/stretchr/testify@v1.8.4',
        'golang.org/x/text@v0.3.8',
      ]);
      assert.ok(r.packages.every((p) => p.evidence === 'manifest' && p.location === 'src/go.mod'));
    });

    it('reads checksummed modules from go.sum, the highest version per module', () => {
      const sum = [
        'github.com/pkg/errors v0.8.0 h1:a=',
        'github.com/pkg/errors v0.8.0/go.mod h1:b=',
        'github.com/pkg/errors v0.9.1 h1:c=',
        'github.com/only/gomod v1.0.0/go.mod h1:d=',
        'golang.org/x/sys v0.0.0-20200101000000-abcdefabcdef h1:e=',
        '',
      ].join('\n');
      assert.deepEqual(keys(parseGoSum(sum, 'go.sum')), [
        'github.com/pkg/errors@v0.9.1',
        'golang.org/x/sys@v0.0.0-20200101000000-abcdefabcdef',
      ]);
    });

    it('coalesce lets go.mod win over a go.sum in the same directory only', () => {
      const mod = parseGoMod('module a\nrequire x.io/y v1.0.0\n', 'a/go.mod').packages;
      const sumA = parseGoSum('x.io/y v1.0.0 h1:x=\nx.io/z v1.0.0 h1:x=\n', 'a/go.sum');
      const sumB = parseGoSum('x.io/z v2.0.0 h1:x=\n', 'b/go.sum');
      const kept = golangFinder.coalesce([...mod, ...sumA, ...sumB]);
      assert.deepEqual(kept.map((p) => `${p.location}:${p.name}@${p.version}`).sort(), [
        'a/go.mod:x.io/y@v1.0.0',
        'b/go.sum:x.io/z@v2.0.0',
      ]);
    });
  });

  it('claims go.mod, go.sum and executable-looking paths only', () => {
    for (const p of ['go.mod', 'src/app/go.sum', 'usr/local/bin/app', 'manager'])
      assert.equal(golangFinder.claims(p), true, p);
    for (const p of ['usr/share/doc/go.mod.txt', 'usr/lib/libfoo.so', 'etc/hosts', 'app/config.yaml'])
      assert.equal(golangFinder.claims(p), false, p);
  });
});
