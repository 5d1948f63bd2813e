/**
 * The four language finders of part 2 run through the real indexer on an image built by the
 * test: a war with a nested jar, a Go binary, a cargo-auditable binary, a Cargo.lock, a
 * .deps.json and a zip bomb. A later layer deletes the Go binary (whiteout). Checks what the
 * image-level report holds, not just what each finder returns.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { withLimits } from '../../../../src/runtime/limits.js';
import { silentLogger } from '../../../../src/runtime/log.js';
import { dotnetFinder } from '../../../../src/scanner/indexer/dotnet/index.js';
import { golangFinder } from '../../../../src/scanner/indexer/golang/index.js';
import { indexImage } from '../../../../src/scanner/indexer/indexer.js';
import { javaFinder } from '../../../../src/scanner/indexer/java/index.js';
import { rustFinder } from '../../../../src/scanner/indexer/rust/index.js';
import { ociLayoutSource } from '../../../../src/scanner/source/oci-layout/index.js';
import { buildElf64, goBuildInfoInline } from '../../../helpers/executable-builder.js';
import { fakeImage, fakeLayer } from '../../../helpers/fake-image.js';
import { writeOciLayout } from '../../../helpers/image-writers.js';
import { buildTar } from '../../../helpers/tar-builder.js';
import { buildJar } from '../../../helpers/zip-archive-builder.js';

describe('part-2 language finders through the indexer', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-lang2-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every ecosystem, honours whiteouts and keeps going past hostile files', async () => {
    const ctx = { log: silentLogger, limits: withLimits({ maxCompressionRatio: 100 }) };
    const war = buildJar('com.example', 'shop', '2.0', [
      {
        name: 'WEB-INF/lib/jackson-databind-2.9.10.jar',
        data: buildJar('com.fasterxml.jackson.core', 'jackson-databind', '2.9.10'),
        method: 'store',
      },
    ]);
    const bomb = buildJar('g', 'bomb', '1', [{ name: 'lib/zeros.jar', data: Buffer.alloc(4 * 1024 * 1024) }]);
    const goBin = buildElf64([
      {
        name: '.go.buildinfo',
        data: goBuildInfoInline(
          'go1.21.5',
          'mod\tx.io/tool\tv1.4.0\t\ndep\tgolang.org/x/net\tv0.17.0\th1:x=\n',
        ),
      },
    ]);
    const rustBin = buildElf64([
      {
        name: '.dep-v0',
        data: deflateSync(
          JSON.stringify({ packages: [{ name: 'rg', version: '14.0.0', source: 'crates.io', root: true }] }),
        ),
      },
    ]);
    const deps = JSON.stringify({
      runtimeTarget: { name: 'net8.0' },
      targets: { 'net8.0': { 'Newtonsoft.Json/13.0.1': { runtime: { 'x.dll': {} } } } },
      libraries: { 'Newtonsoft.Json/13.0.1': { type: 'package' } },
    });
    const l0 = fakeLayer(
      await buildTar([
        { name: 'opt/shop/shop.war', data: war },
        { name: 'opt/bomb.jar', data: bomb },
        { name: 'usr/local/bin/tool', data: goBin, mode: 0o755 },
        { name: 'usr/local/bin/rg', data: rustBin, mode: 0o755 },
        { name: 'usr/local/bin/truncated', data: goBin.subarray(0, 48), mode: 0o755 },
        { name: 'src/Cargo.lock', data: '[[package]]\nname = "serde"\nversion = "1.0.0"\n' },
        { name: 'app/Shop.deps.json', data: deps },
      ]),
      'gzip',
    );
    const l1 = fakeLayer(await buildTar([{ name: 'usr/local/bin/.wh.tool', data: '' }]), 'gzip');
    const layout = join(dir, 'img');
    writeOciLayout(layout, [{ ref: 'latest', image: fakeImage([l0, l1]) }]);
    const image = await ociLayoutSource.resolve(layout, {}, ctx);
    const report = await indexImage(
      image,
      { toolVersion: 'test', finders: [dotnetFinder, golangFinder, javaFinder, rustFinder], detectors: [] },
      ctx,
    );

    const got = report.packages.map((p) => `${p.finder} ${p.location} ${p.purl}`).sort();
    assert.deepEqual(got, [
      'dotnet app/Shop.deps.json pkg:nuget/Newtonsoft.Json@13.0.1',
      'java opt/bomb.jar pkg:maven/g/bomb@1',
      'java opt/shop/shop.war pkg:maven/com.example/shop@2.0',
      'java opt/shop/shop.war/WEB-INF/lib/jackson-databind-2.9.10.jar pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10',
      'rust src/Cargo.lock pkg:cargo/serde@1.0.0',
      'rust usr/local/bin/rg pkg:cargo/rg@14.0.0',
    ]);
    const codes = report.warnings.map((w) => `${w.code} ${w.subject}`).sort();
    assert.ok(codes.includes('INDEXER_JAVA_ZIP_BOMB opt/bomb.jar'), codes.join('\n'));
    assert.ok(codes.includes('INDEXER_EXECUTABLE_MALFORMED usr/local/bin/truncated'), codes.join('\n'));
    assert.ok(report.packages.every((p) => p.layer?.index === 0));
  });
});
