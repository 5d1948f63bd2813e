import assert from 'node:assert/strict';
import { dpkgFinder } from '../../../../src/scanner/indexer/dpkg/index.js';
import { parseStatus } from '../../../../src/scanner/indexer/dpkg/parse-status.js';
import { parseStanzas } from '../../../../src/scanner/indexer/dpkg/parse-stanzas.js';
import { ownerFromFileName, parseFileList } from '../../../../src/scanner/indexer/dpkg/parse-file-list.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const STATUS = [
  'Package: libgcc1',
  'Status: install ok installed',
  'Architecture: amd64',
  'Source: gcc-5 (5.1.1-12ubuntu1)',
  'Version: 1:5.1.1-12ubuntu1',
  'Description: GCC support library',
  ' Shared version of the support library.',
  ' .',
  ' More text.',
  '',
  'Package: half',
  'Status: install reinstreq half-installed',
  'Architecture: all',
  'Version: 2.0-1',
  '',
  'Package: git',
  'Status: deinstall ok config-files',
  'Architecture: amd64',
  'Version: 1:2.17.1-1ubuntu0.4',
  '',
  'Package: gone',
  'Status: purge ok not-installed',
  '',
  'Package: makedev',
  'Status: install ok installed',
  'Architecture: all',
  'Source: makedev',
  'Version: 2.3.1-93ubuntu1',
  '',
].join('\n');

describe('dpkg finder', () => {
  it('claims the status file, status.d entries and info/*.list only', () => {
    assert.equal(dpkgFinder.claims('var/lib/dpkg/status'), true);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/status.d/libc6'), true);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/status.d/libc6.md5sums'), true);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/info/tar.list'), true);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/info/libc6:amd64.list'), true);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/info/tar.md5sums'), false);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/status-old'), false);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/available'), false);
    assert.equal(dpkgFinder.claims('var/lib/dpkg/status.d/sub/x'), false);
    assert.equal(dpkgFinder.claims('usr/var/lib/dpkg/status'), false);
  });

  it('reads name, version, epoch, arch and the source package with its version', () => {
    const { packages } = parseStatus(STATUS, 'var/lib/dpkg/status');
    const gcc = packages.find((p) => p.name === 'libgcc1');
    assert.ok(gcc);
    assert.equal(gcc.version, '1:5.1.1-12ubuntu1');
    assert.equal(gcc.epoch, 1);
    assert.equal(gcc.arch, 'amd64');
    assert.deepEqual(gcc.source, { name: 'gcc-5', version: '5.1.1-12ubuntu1' });
    assert.equal(gcc.type, 'deb');
    assert.equal(gcc.kind, 'os');
    assert.equal(gcc.finder, 'dpkg');
    assert.equal(gcc.location, 'var/lib/dpkg/status');
    assert.equal(gcc.purl, 'pkg:deb/libgcc1@1:5.1.1-12ubuntu1?arch=amd64&upstream=gcc-5%405.1.1-12ubuntu1');
    const makedev = packages.find((p) => p.name === 'makedev');
    assert.deepEqual(makedev?.source, { name: 'makedev' });
    assert.equal(makedev?.epoch, undefined);
    assert.equal(makedev?.purl, 'pkg:deb/makedev@2.3.1-93ubuntu1?arch=all');
  });

  it('keeps packages whose files are on disk and drops config-files / not-installed', () => {
    const { packages } = parseStatus(STATUS, 'var/lib/dpkg/status');
    assert.deepEqual(
      packages.map((p) => p.name),
      ['libgcc1', 'half', 'makedev'],
    );
  });

  it('treats a stanza without Status (distroless status.d) as installed', () => {
    const { packages } = parseStatus(
      'Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: arm64\nSource: openssl\n',
      'x',
    );
    assert.equal(packages.length, 1);
    assert.deepEqual(packages[0]?.source, { name: 'openssl' });
  });

  it('accepts CRLF line ends', () => {
    const { packages, warnings } = parseStatus(STATUS.replace(/\n/g, '\r\n'), 's');
    assert.deepEqual(
      packages.map((p) => `${p.name}@${p.version}`),
      ['libgcc1@1:5.1.1-12ubuntu1', 'half@2.0-1', 'makedev@2.3.1-93ubuntu1'],
    );
    assert.equal(warnings.length, 0);
  });

  it('keeps the good stanzas of a truncated file and warns about a missing version', () => {
    const truncated = STATUS + '\nPackage: cut-off\nStatus: install ok installed\nArchitec';
    const { packages, warnings } = parseStatus(truncated, 's');
    assert.equal(packages.length, 3);
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['DPKG_BAD_VERSION', 'DPKG_MALFORMED_LINES'],
    );
    assert.match(warnings[0]!.message, /cut-off/);
  });

  it('rejects an invalid version with a warning', () => {
    const { packages, warnings } = parseStatus('Package: bad\nVersion: 1:5.#\n', 's');
    assert.equal(packages.length, 0);
    assert.equal(warnings[0]?.code, 'DPKG_BAD_VERSION');
  });

  it('refuses a vcpkg status file', () => {
    const vcpkg =
      'Package: zlib\nVersion: 1.2.11-6\nArchitecture: x64-windows\nAbi: 0066\nType: Port\nStatus: install ok installed\n';
    const { packages, warnings } = parseStatus(vcpkg, 's');
    assert.equal(packages.length, 0);
    assert.equal(warnings[0]?.code, 'DPKG_NOT_DPKG_DB');
  });

  it('counts garbage lines without throwing', () => {
    const { packages, warnings } = parseStatus('this is not a stanza\nPackage: a\nVersion: 1\n', 's');
    assert.deepEqual(
      packages.map((p) => p.name),
      ['a'],
    );
    assert.equal(warnings[0]?.code, 'DPKG_MALFORMED_LINES');
  });

  it('joins continuation lines and lower-cases field names', () => {
    const [s] = parseStanzas('PACKAGE: x\nDescription: one\n two\n');
    assert.equal(s?.fields.get('package'), 'x');
    assert.equal(s?.fields.get('description'), 'one\ntwo');
  });

  it('returns owned files from info/*.list with the :arch suffix stripped', async () => {
    const list = '/.\n/usr\n/usr/lib/x86_64-linux-gnu/libc.so.6\n/usr/share/doc/libc6\n';
    const result = await dpkgFinder.find(
      layerFileOf('var/lib/dpkg/info/libc6:amd64.list', list),
      finderContext,
    );
    assert.deepEqual(result.packages, []);
    assert.deepEqual(result.ownedFiles, [
      { owner: 'libc6', paths: ['usr', 'usr/lib/x86_64-linux-gnu/libc.so.6', 'usr/share/doc/libc6'] },
    ]);
  });

  it('reads distroless .md5sums as owned files, not as stanzas', async () => {
    const md5 = 'e11d70c96979a1328ae4e7e50542782b  usr/lib/aarch64-linux-gnu/libsqlite3.so.0.8.6\n';
    const result = await dpkgFinder.find(
      layerFileOf('var/lib/dpkg/status.d/libsqlite3-0.md5sums', md5),
      finderContext,
    );
    assert.deepEqual(result.packages, []);
    assert.deepEqual(result.ownedFiles, [
      { owner: 'libsqlite3-0', paths: ['usr/lib/aarch64-linux-gnu/libsqlite3.so.0.8.6'] },
    ]);
  });

  it('drops path-escaping entries from file lists', () => {
    assert.deepEqual(parseFileList('/usr/../etc/passwd\n/usr/bin/x\n', 'list'), ['usr/bin/x']);
    assert.equal(ownerFromFileName('python3-requests.list'), 'python3-requests');
  });
});
