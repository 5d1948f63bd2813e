import assert from 'node:assert/strict';
import type { PackageRecord } from '../../../../src/model/package.js';
import { defaultLimits, withLimits } from '../../../../src/runtime/limits.js';
import { silentLogger } from '../../../../src/runtime/log.js';
import type { FinderContext } from '../../../../src/scanner/indexer/contracts.js';
import { javaFinder } from '../../../../src/scanner/indexer/java/index.js';
import { archiveDigest, scanArchive } from '../../../../src/scanner/indexer/java/scan-archive.js';
import {
  manifestArtifact,
  manifestLicenses,
  parseManifest,
} from '../../../../src/scanner/indexer/java/parse-manifest.js';
import { parsePomLicenses } from '../../../../src/scanner/indexer/java/parse-pom-licenses.js';
import { parsePomProperties } from '../../../../src/scanner/indexer/java/parse-pom-properties.js';
import { layerFileOf } from '../../../helpers/layer-file-of.js';
import { buildJar, buildZip } from '../../../helpers/zip-archive-builder.js';

const ctx = (limits = defaultLimits): FinderContext => ({ log: silentLogger, limits });

async function scan(path: string, data: Buffer, limits = defaultLimits) {
  return javaFinder.find(layerFileOf(path, data), ctx(limits));
}

const rows = (pkgs: PackageRecord[]) => pkgs.map((p) => `${p.location} ${p.name}@${p.version}`);

const POM_XML = `<?xml version="1.0"?>
<!DOCTYPE project [ <!ENTITY lol "lol"> ]>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <licenses>
    <license><name>Apache License, Version 2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license>
    <license><name> MIT &amp; friends </name></license>
  </licenses>
</project>`;

describe('java finder', () => {
  describe('parsers', () => {
    it('parses pom.properties in both separator styles, ignoring comments', () => {
      assert.deepEqual(parsePomProperties('#x\ngroupId=org.a\r\nartifactId : b\nversion=1.0\n'), {
        groupId: 'org.a',
        artifactId: 'b',
        version: '1.0',
      });
      assert.equal(parsePomProperties('groupId=org.a\nversion=1\n'), undefined);
    });

    it('reads only the main manifest section and unfolds continuation lines', () => {
      const attrs = parseManifest(
        'Manifest-Version: 1.0\r\nImplementation-Title: very-long-na\r\n me\r\nImplementation-Version: 1.2.3\r\nBundle-SymbolicName: org.example.lib;singleton:=true\r\nBundle-Name: %bundle.name\r\n\r\nName: org/x/\r\nImplementation-Version: 9.9.9\r\n',
      );
      assert.equal(attrs.get('implementation-title'), 'very-long-name');
      assert.equal(attrs.get('implementation-version'), '1.2.3');
      assert.equal(attrs.has('bundle-name'), false);
      assert.deepEqual(manifestArtifact(attrs), {
        groupId: 'org.example',
        artifactId: 'very-long-name',
        version: '1.2.3',
      });
    });

    it('ends the main section at a Name: attribute even without a blank line', () => {
      const attrs = parseManifest(
        'Manifest-Version: 1.0\r\nSealed: true\r\nName: foo/bar/\r\nSealed: false\r\n',
      );
      assert.deepEqual(
        [...attrs],
        [
          ['manifest-version', '1.0'],
          ['sealed', 'true'],
        ],
      );
    });

    it('skips vendor display names as groupIds', () => {
      const attrs = parseManifest(
        'Implementation-Vendor: The Apache Software Foundation\nImplementation-Title: x\nImplementation-Version: 1\n',
      );
      assert.equal(manifestArtifact(attrs), undefined);
      const withId = parseManifest(
        'Implementation-Vendor: The Apache Software Foundation\nImplementation-Vendor-Id: org.apache\nImplementation-Title: x\nImplementation-Version: 1\n',
      );
      assert.deepEqual(manifestArtifact(withId), { groupId: 'org.apache', artifactId: 'x', version: '1' });
    });

    it('reads Jenkins plugin licences and pom.xml licences without expanding entities', () => {
      assert.deepEqual(
        manifestLicenses(parseManifest('Plugin-License-Name: MIT\nPlugin-License-Name-2: GPL\n')),
        ['MIT', 'GPL'],
      );
      assert.deepEqual(parsePomLicenses(POM_XML), ['Apache License, Version 2.0', 'MIT & friends']);
      assert.deepEqual(parsePomLicenses('<project><licenses>'), []);
    });
  });

  describe('archives', () => {
    it('reports a jar from its pom.properties, with pom.xml licences', async () => {
      const jar = buildJar('org.example', 'lib', '1.2.3', [
        { name: 'META-INF/maven/org.example/lib/pom.xml', data: POM_XML },
      ]);
      const r = await scan('app/lib/lib-1.2.3.jar', jar);
      assert.deepEqual(r.warnings, []);
      assert.equal(r.packages.length, 1);
      const p = r.packages[0]!;
      assert.equal(p.name, 'org.example:lib');
      assert.equal(p.namespace, 'org.example');
      assert.equal(p.purl, 'pkg:maven/org.example/lib@1.2.3');
      assert.equal(p.type, 'maven');
      assert.equal(p.evidence, 'installed');
      assert.equal(p.location, 'app/lib/lib-1.2.3.jar');
      assert.deepEqual(p.licenses, ['Apache License, Version 2.0', 'MIT & friends']);
    });

    it('descends into nested jars and names them by their path inside', async () => {
      const inner2 = buildJar('g', 'deep', '3.0', []);
      const inner1 = buildJar('g', 'mid', '2.0', [
        { name: 'lib/deep-3.0.jar', data: inner2, method: 'store' },
      ]);
      const war = buildJar('g', 'web', '1.0', [
        { name: 'WEB-INF/lib/mid-2.0.jar', data: inner1 },
        { name: 'WEB-INF/lib/other.hpi', data: buildJar('h', 'plugin', '0.1') },
      ]);
      const r = await scan('srv/web.war', war);
      assert.deepEqual(rows(r.packages), [
        'srv/web.war g:web@1.0',
        'srv/web.war/WEB-INF/lib/mid-2.0.jar g:mid@2.0',
        'srv/web.war/WEB-INF/lib/mid-2.0.jar/lib/deep-3.0.jar g:deep@3.0',
        'srv/web.war/WEB-INF/lib/other.hpi h:plugin@0.1',
      ]);
    });

    it('reports every pom.properties of a fat jar and de-duplicates equal versions', async () => {
      const jar = buildJar('g', 'fat', '1.0', [
        {
          name: 'META-INF/maven/com.google/guava/pom.properties',
          data: 'groupId=com.google\nartifactId=guava\nversion=29.0\n',
        },
        { name: 'shaded/a/pom.properties', data: 'groupId=x\nartifactId=y\nversion=2.17\n' },
        { name: 'shaded/b/pom.properties', data: 'groupId=x\nartifactId=y\nversion=2.17.0\n' },
        { name: 'shaded/c/pom.properties', data: 'groupId=x\nartifactId=y\nversion=2.18\n' },
      ]);
      assert.deepEqual(rows((await scan('fat.jar', jar)).packages), [
        'fat.jar g:fat@1.0',
        'fat.jar com.google:guava@29.0',
        'fat.jar x:y@2.17',
        'fat.jar x:y@2.18',
      ]);
    });

    it('falls back to the manifest only when no pom.properties exists', async () => {
      const manifest =
        'Manifest-Version: 1.0\nImplementation-Vendor-Id: org.springframework\nImplementation-Title: spring-core\nImplementation-Version: 5.3.3\nPlugin-License-Name: Apache-2.0\n';
      const plain = buildZip([{ name: 'META-INF/MANIFEST.MF', data: manifest }]);
      const r = await scan('opt/spring-core.jar', plain);
      assert.deepEqual(rows(r.packages), ['opt/spring-core.jar org.springframework:spring-core@5.3.3']);
      assert.equal(r.packages[0]!.evidence, 'manifest');
      assert.deepEqual(r.packages[0]!.licenses, ['Apache-2.0']);
      const withPom = buildJar('g', 'a', '1', [{ name: 'META-INF/MANIFEST.MF', data: manifest }]);
      assert.deepEqual(rows((await scan('a.jar', withPom)).packages), ['a.jar g:a@1']);
    });

    it('reports nothing for a jar with neither pom.properties nor a usable manifest', async () => {
      const r = await scan(
        'x-1.0.jar',
        buildZip([
          { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' },
          { name: 'a/B.class', data: 'cafe' },
        ]),
      );
      assert.deepEqual(r, { packages: [], warnings: [] });
    });

    it('reads a fully executable jar that starts with a launch script', async () => {
      const script = Buffer.from('#!/bin/bash\n# launch script\nexec java -jar "$0" "$@"\n'.repeat(20));
      const jar = Buffer.concat([script, buildJar('org.example', 'boot-app', '3.1.0')]);
      const r = await scan('app/app.jar', jar);
      assert.deepEqual(rows(r.packages), ['app/app.jar org.example:boot-app@3.1.0']);
      assert.deepEqual(r.warnings, []);
    });

    it('stops when the scan is aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('scan cancelled'));
      const file = layerFileOf('a.jar', buildJar('g', 'a', '1'));
      await assert.rejects(
        Promise.resolve(
          javaFinder.find(file, { log: silentLogger, limits: defaultLimits, signal: controller.signal }),
        ),
        /scan cancelled/,
      );
    });

    it('reads zip64 archives (sizes and offsets in extra fields, zip64 end records)', async () => {
      const inner = buildJar('g', 'inner', '2', [], { zip64: true });
      const jar = buildJar('g', 'outer', '1', [{ name: 'lib/inner-2.jar', data: inner }], { zip64: true });
      const r = await scan('z64.jar', jar);
      assert.deepEqual(rows(r.packages), ['z64.jar g:outer@1', 'z64.jar/lib/inner-2.jar g:inner@2']);
      assert.deepEqual(r.warnings, []);
      // and with a launch script in front
      const prefixed = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), jar]);
      assert.equal((await scan('z64.jar', prefixed)).packages.length, 2);
    });

    it('reads a loose pom.properties of an exploded archive', async () => {
      const path = 'usr/local/tomcat/webapps/app/WEB-INF/classes/META-INF/maven/g/a/pom.properties';
      assert.equal(javaFinder.claims(path), true);
      const r = await javaFinder.find(layerFileOf(path, 'groupId=g\nartifactId=a\nversion=1\n'), ctx());
      assert.deepEqual(rows(r.packages), [`${path} g:a@1`]);
    });
  });

  describe('hostile archives', () => {
    it('skips a zip bomb entry by its compression ratio and keeps the rest', async () => {
      const bomb = Buffer.alloc(8 * 1024 * 1024); // 8 MiB of zeros deflates ~1000:1
      const jar = buildJar('g', 'ok', '1', [{ name: 'lib/bomb.jar', data: bomb }]);
      const r = await scan('bomb.jar', jar, withLimits({ maxCompressionRatio: 100 }));
      assert.deepEqual(rows(r.packages), ['bomb.jar g:ok@1']);
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['INDEXER_JAVA_ZIP_BOMB'],
      );
      // with the default limits, a header that claims 4 GiB from a few bytes is refused unread
      const claim = buildJar('g', 'ok', '1', [
        { name: 'lib/huge.jar', data: Buffer.alloc(1024), declaredSize: 0xfffffff0 },
      ]);
      const r2 = await scan('claim.jar', claim);
      assert.deepEqual(rows(r2.packages), ['claim.jar g:ok@1']);
      assert.deepEqual(
        r2.warnings.map((w) => w.code),
        ['INDEXER_JAVA_ZIP_BOMB'],
      );
    });

    it('stops inflating at the byte budget', async () => {
      const big = buildJar('g', 'big', '2', [
        { name: 'blob.bin', data: Buffer.alloc(64 * 1024, 1), method: 'store' },
      ]);
      const jar = buildJar('g', 'outer', '1', [{ name: 'lib/big-2.jar', data: big, method: 'store' }]);
      const r = await scan('outer.jar', jar, withLimits({ maxClaimedFileBytes: 16 * 1024 }));
      assert.deepEqual(rows(r.packages), ['outer.jar g:outer@1']);
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['INDEXER_JAVA_INFLATE_LIMIT'],
      );
    });

    it('refuses an entry whose header lies about its size', async () => {
      const inner = buildJar('g', 'inner', '2');
      const jar = buildJar('g', 'outer', '1', [{ name: 'lib/inner.jar', data: inner, declaredSize: 10 }]);
      const r = await scan('liar.jar', jar);
      assert.deepEqual(rows(r.packages), ['liar.jar g:outer@1']);
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['INDEXER_JAVA_ENTRY_UNREADABLE'],
      );
    });

    it('refuses an archive whose bytes equal an archive around it (a zip quine)', async () => {
      // A zip cannot hold its own bytes by value without a deflate quine, so the loop is set up
      // by telling the scan the archive is already open above it.
      const jar = buildJar('g', 'q', '1');
      const r = await scanArchive(jar, 'quine.jar', {
        limits: defaultLimits,
        ancestors: [archiveDigest(jar)],
      });
      assert.deepEqual(r.packages, []);
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['INDEXER_JAVA_ARCHIVE_LOOP'],
      );
      // and a nested entry equal to an enclosing archive's bytes is refused the same way
      const inner = buildJar('g', 'inner', '1');
      const outer = buildJar('g', 'outer', '1', [{ name: 'lib/inner.jar', data: inner, method: 'store' }]);
      const nested = await scanArchive(outer, 'outer.jar', {
        limits: defaultLimits,
        ancestors: [archiveDigest(inner)],
      });
      assert.deepEqual(rows(nested.packages), ['outer.jar g:outer@1']);
      assert.deepEqual(
        nested.warnings.map((w) => [w.code, w.subject]),
        [['INDEXER_JAVA_ARCHIVE_LOOP', 'outer.jar/lib/inner.jar']],
      );
    });

    it('reads identical sibling copies as separate installed copies', async () => {
      const lib = buildJar('g', 'lib', '1');
      const jar = buildJar('g', 'app', '1', [
        { name: 'a/lib.jar', data: lib, method: 'store' },
        { name: 'b/lib.jar', data: lib, method: 'store' },
      ]);
      assert.deepEqual(rows((await scan('app.jar', jar)).packages), [
        'app.jar g:app@1',
        'app.jar/a/lib.jar g:lib@1',
        'app.jar/b/lib.jar g:lib@1',
      ]);
    });

    it('stops at the nesting depth limit', async () => {
      let nest = buildJar('g', 'level', '0');
      for (let i = 1; i <= 5; i++)
        nest = buildJar('g', 'level', String(i), [{ name: `n${i}.jar`, data: nest, method: 'store' }]);
      const deep = await scan('deep.jar', nest, withLimits({ maxArchiveDepth: 3 }));
      assert.deepEqual(
        deep.packages.map((p) => p.version),
        ['5', '4', '3', '2'],
      );
      assert.deepEqual(
        deep.warnings.map((w) => w.code),
        ['INDEXER_JAVA_DEPTH_LIMIT'],
      );
    });

    it('stops listing at the entry limit of the archive tree', async () => {
      const many = Array.from({ length: 50 }, (_, i) => ({ name: `c/${i}.class`, data: 'x' }));
      const jar = buildJar('g', 'many', '1', many);
      const r = await scanArchive(jar, 'many.jar', { limits: defaultLimits, maxEntries: 10 });
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['INDEXER_JAVA_ENTRY_LIMIT'],
      );
      assert.deepEqual(rows(r.packages), ['many.jar g:many@1']); // pom.properties is the second entry
    });

    it('refuses entries with a wrong CRC, encryption or an unknown method', async () => {
      const props = 'groupId=x\nartifactId=y\nversion=1\n';
      for (const spec of [
        { crc: 12345 },
        { flags: 1 },
        { methodCode: 12 }, // bzip2
      ]) {
        const jar = buildZip([{ name: 'META-INF/maven/x/y/pom.properties', data: props, ...spec }]);
        const r = await scan('odd.jar', jar);
        assert.deepEqual(r.packages, [], JSON.stringify(spec));
        assert.deepEqual(
          r.warnings.map((w) => w.code),
          ['INDEXER_JAVA_ENTRY_UNREADABLE'],
          JSON.stringify(spec),
        );
      }
    });

    it('warns and goes on for a corrupt nested archive and a non-zip file', async () => {
      const jar = buildJar('g', 'ok', '1', [
        { name: 'lib/broken.jar', data: Buffer.from('PK\x03\x04 not really a zip') },
      ]);
      const r = await scan('ok.jar', jar);
      assert.deepEqual(rows(r.packages), ['ok.jar g:ok@1']);
      assert.deepEqual(
        r.warnings.map((w) => [w.code, w.subject]),
        [['INDEXER_JAVA_ARCHIVE_MALFORMED', 'ok.jar/lib/broken.jar']],
      );
      for (const [field, value] of [
        [16, 0x7fffffff],
        [12, 0x7fffffff],
        [10, 0xffff],
      ] as const) {
        const cut = buildJar('g', 'cut', '1');
        if (field === 10) cut.writeUInt16LE(value, cut.length - 22 + field);
        else cut.writeUInt32LE(value, cut.length - 22 + field);
        const w = await scan('cut.jar', cut);
        assert.deepEqual(w.packages, []);
        assert.equal(w.warnings[0]!.code, 'INDEXER_JAVA_ARCHIVE_MALFORMED');
      }
      const top = await scan('junk.jar', Buffer.from('hello'));
      assert.deepEqual(top.packages, []);
      assert.equal(top.warnings[0]!.code, 'INDEXER_JAVA_ARCHIVE_MALFORMED');
    });
  });

  it('claims archives by extension, case-insensitively', () => {
    for (const p of ['app.jar', 'opt/x/APP.WAR', 'a.ear', 'var/jenkins_home/plugins/git.jpi', 'p.hpi'])
      assert.equal(javaFinder.claims(p), true, p);
    for (const p of ['app.jar.sha1', 'jar', 'usr/share/java/README', 'META-INF/MANIFEST.MF'])
      assert.equal(javaFinder.claims(p), false, p);
  });
});
