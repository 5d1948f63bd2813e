import assert from 'node:assert/strict';
import { apkFinder } from '../../../../src/scanner/indexer/apk/index.js';
import { parseInstalled, splitLicense } from '../../../../src/scanner/indexer/apk/parse-installed.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const DB = [
  'C:Q1bTtF5526tETKfL+lnigzIDvm+2o=',
  'P:musl-utils',
  'V:1.1.24-r2',
  'A:x86_64',
  'L:MIT BSD GPL2+',
  'o:musl',
  'F:sbin',
  'R:ldconfig',
  'a:0:0:755',
  'F:usr/bin',
  'R:iconv',
  'R:ldd',
  '',
  'P:ada-libs',
  'V:2.7.4-r0',
  'A:aarch64',
  'L:( Apache-2.0 OR MIT ) AND MPL-2.0',
  'o:ada',
  '',
].join('\n');

describe('apk finder', () => {
  it('claims the installed DB at its classic and usr-merged paths only', () => {
    assert.equal(apkFinder.claims('lib/apk/db/installed'), true);
    assert.equal(apkFinder.claims('usr/lib/apk/db/installed'), true);
    assert.equal(apkFinder.claims('lib/apk/db/triggers'), false);
    assert.equal(apkFinder.claims('usr/local/lib/apk/db/installed'), false);
  });

  it('reads two packages with origin, arch, version and licences', async () => {
    const r = await apkFinder.find(layerFileOf('lib/apk/db/installed', DB), finderContext);
    assert.equal(r.packages.length, 2);
    const [utils, ada] = r.packages;
    assert.equal(utils?.name, 'musl-utils');
    assert.equal(utils?.version, '1.1.24-r2');
    assert.equal(utils?.arch, 'x86_64');
    assert.deepEqual(utils?.source, { name: 'musl' });
    assert.deepEqual(utils?.licenses, ['MIT', 'BSD', 'GPL2+']);
    assert.equal(utils?.purl, 'pkg:apk/musl-utils@1.1.24-r2?arch=x86_64&upstream=musl');
    assert.equal(utils?.type, 'apk');
    assert.equal(utils?.location, 'lib/apk/db/installed');
    assert.deepEqual(ada?.licenses, ['( Apache-2.0 OR MIT ) AND MPL-2.0']);
    assert.equal(ada?.arch, 'aarch64');
    assert.deepEqual(r.warnings, []);
  });

  it('returns the F/R file lines as owned files', async () => {
    const r = await apkFinder.find(layerFileOf('lib/apk/db/installed', DB), finderContext);
    assert.deepEqual(r.ownedFiles, [
      { owner: 'musl-utils', paths: ['sbin/ldconfig', 'usr/bin/iconv', 'usr/bin/ldd'] },
    ]);
  });

  it('skips an entry without a version with a warning, and accepts CRLF', () => {
    const r = parseInstalled(('P:broken\n\n' + DB).replace(/\n/g, '\r\n'), 'db');
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ['musl-utils', 'ada-libs'],
    );
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]?.code, 'APK_INCOMPLETE_ENTRY');
    assert.match(r.warnings[0]!.message, /broken/);
  });

  it('survives garbage and a truncated last entry', () => {
    const r = parseInstalled('this is a corrupt db\n\n' + DB + 'P:cut\nV:1.0-r', 'db');
    assert.deepEqual(
      r.packages.map((p) => `${p.name}@${p.version}`),
      ['musl-utils@1.1.24-r2', 'ada-libs@2.7.4-r0', 'cut@1.0-r'],
    );
    assert.equal(r.warnings[0]?.code, 'APK_MALFORMED_LINES');
  });

  it('drops owned-file lines that try to escape the root', () => {
    const r = parseInstalled('P:x\nV:1-r0\nF:../../etc\nR:passwd\nF:usr\nR:../x\nR:ok\n', 'db');
    assert.deepEqual(r.ownedFiles, [{ owner: 'x', paths: ['usr/ok'] }]);
  });

  it('splits licence lists but keeps SPDX expressions whole', () => {
    assert.deepEqual(splitLicense('MPL-2.0 AND MIT'), ['MPL-2.0 AND MIT']);
    assert.deepEqual(splitLicense('GPL-2.0-only'), ['GPL-2.0-only']);
    assert.deepEqual(splitLicense(''), []);
  });
});
