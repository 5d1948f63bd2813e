import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { PackageRecord } from '../../../../src/model/package.js';
import { isRampartError } from '../../../../src/runtime/errors.js';
import { coalescePython } from '../../../../src/scanner/indexer/python/coalesce-python.js';
import { pythonFinder } from '../../../../src/scanner/indexer/python/index.js';
import { parseMetadata } from '../../../../src/scanner/indexer/python/parse-metadata.js';
import { parsePipfileLock } from '../../../../src/scanner/indexer/python/parse-pipfile-lock.js';
import { parsePoetryLock } from '../../../../src/scanner/indexer/python/parse-poetry-lock.js';
import { parseRequirements } from '../../../../src/scanner/indexer/python/parse-requirements.js';
import { parseUvLock } from '../../../../src/scanner/indexer/python/parse-uv-lock.js';
import { normalizePypiName } from '../../../../src/scanner/indexer/python/pypi-package-record.js';
import { readTomlTables } from '../../../../src/scanner/indexer/python/read-toml-tables.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';
import { buildZip } from '../../../helpers/zip-archive-builder.js';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const keys = (records: PackageRecord[]) =>
  records.map((r) => `${r.name}@${r.version}${r.scope ? ` ${r.scope}` : ''}`).sort();
const find = async (path: string, data: string | Buffer) =>
  pythonFinder.find(layerFileOf(path, data), finderContext);

describe('python finder', () => {
  it('claims installed metadata in every layout and lockfiles outside site-packages', () => {
    for (const p of [
      'usr/local/lib/python3.11/dist-packages/requests-2.31.0.dist-info/METADATA',
      'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
      'usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info',
      'opt/venv/lib/python3.12/site-packages/foo-1.0-py3.12.egg/EGG-INFO/PKG-INFO',
      'usr/lib/python2.7/site-packages/kitchen-1.2.6-py2.7.egg',
      'app/requirements.txt',
      'app/requirements-prod.txt',
      'app/poetry.lock',
      'app/Pipfile.lock',
      'app/uv.lock',
    ]) {
      assert.equal(pythonFinder.claims(p), true, p);
    }
    for (const p of [
      'usr/lib/python3/dist-packages/six-1.16.0.dist-info/RECORD',
      'usr/lib/python3/dist-packages/foo/requirements.txt',
      'usr/local/lib/python3.11/site-packages/pkg/poetry.lock',
      'app/node_modules/node-gyp/gyp/requirements.txt',
      'usr/share/doc/python3-foo/examples/requirements.txt',
      'app/requirements.in',
      'app/dev-requirements.txt.orig',
    ]) {
      assert.equal(pythonFinder.claims(p), false, p);
    }
  });

  describe('core metadata', () => {
    it('reads a wheel: PEP 503 name, version, classifier licence, purl; the body is never read', async () => {
      const path = 'usr/local/lib/python3.11/site-packages/typing_extensions-4.9.0.dist-info/METADATA';
      const r = await find(path, testdata('wheel-METADATA'));
      assert.deepEqual(r.warnings, []);
      const [p] = r.packages;
      assert.equal(p?.name, 'typing-extensions');
      assert.equal(p?.version, '4.9.0');
      assert.equal(p?.purl, 'pkg:pypi/typing-extensions@4.9.0');
      assert.deepEqual(p?.licenses, ['Python Software Foundation License']);
      assert.equal(p?.type, 'pypi');
      assert.equal(p?.evidence, 'installed');
      assert.equal(p?.location, path);
    });

    it('reads old PKG-INFO past the blank lines of its Description header; UNKNOWN is no licence', () => {
      const p = parseMetadata(testdata('legacy-PKG-INFO'), 'x.egg-info/PKG-INFO');
      assert.equal(p.name, 'chardet');
      assert.equal(p.version, '3.0.4');
      assert.deepEqual(p.licenses, ['GNU Library or Lesser General Public License (LGPL)']);
    });

    it('reads a Debian-style bare .egg-info file', async () => {
      const path = 'usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info';
      const r = await find(
        path,
        'Metadata-Version: 1.2\nName: python-apt\nVersion: 2.6.0\nLicense: GNU GPL\n',
      );
      assert.deepEqual(
        r.packages.map((p) => [p.name, p.version, p.location, p.licenses]),
        [['python-apt', '2.6.0', path, ['GNU GPL']]],
      );
    });

    it('prefers License-Expression, then classifiers, then a free-text License', () => {
      const lic = (extra: string) => parseMetadata(`Name: a\nVersion: 1\n${extra}`, 'm').licenses;
      assert.deepEqual(lic('License-Expression: MIT OR Apache-2.0\nLicense: BSD\n'), ['MIT OR Apache-2.0']);
      assert.deepEqual(lic('License: BSD\nClassifier: License :: OSI Approved :: MIT License\n'), [
        'MIT License',
      ]);
      assert.deepEqual(lic('License: BSD-3-Clause\nClassifier: License :: OSI Approved\n'), ['BSD-3-Clause']);
      assert.equal(lic('License: UNKNOWN\n'), undefined);
    });

    it('normalises names per PEP 503', () => {
      assert.equal(normalizePypiName('Zope.Interface'), 'zope-interface');
      assert.equal(normalizePypiName('ruamel__yaml--clib'), 'ruamel-yaml-clib');
      assert.equal(parseMetadata('Name: PyYAML\nVersion: 6.0.1\n', 'm').name, 'pyyaml');
    });

    it('turns a metadata file without Name or Version into a warning naming finder and path', async () => {
      for (const body of ['{}', 'Name: only-name\n', 'Version: 1.0\n', 'Name: bad name!\nVersion: 1\n', '']) {
        const r = await find('x-1.0.dist-info/METADATA', body);
        assert.deepEqual(r.packages, []);
        assert.equal(r.warnings[0]?.code, 'FINDER_PARSE');
        assert.equal(r.warnings[0]?.source, 'python');
        assert.equal(r.warnings[0]?.subject, 'x-1.0.dist-info/METADATA');
      }
    });
  });

  describe('zipped eggs', () => {
    const path = 'usr/lib/python2.7/site-packages/kitchen-1.2.6-py2.7.egg';
    const pkgInfo = 'Metadata-Version: 1.2\nName: kitchen\nVersion: 1.2.6\nLicense: LGPLv2+\n';

    it('reads EGG-INFO/PKG-INFO from the archive; the egg is the location', async () => {
      const egg = buildZip([
        { name: 'kitchen/__init__.py', data: 'x = 1\n' },
        { name: 'EGG-INFO/PKG-INFO', data: pkgInfo },
        { name: 'EGG-INFO/top_level.txt', data: 'kitchen\n', method: 'store' },
      ]);
      const r = await find(path, egg);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(
        r.packages.map((p) => [p.name, p.version, p.location, p.evidence, p.licenses]),
        [['kitchen', '1.2.6', path, 'installed', ['LGPLv2+']]],
      );
    });

    it('warns about an egg without metadata, a file that is not a zip, and lying or oversized headers', async () => {
      const bodies: [string, Buffer][] = [
        ['no metadata', buildZip([{ name: 'kitchen/__init__.py', data: 'x = 1\n' }])],
        ['not a zip', Buffer.from('PK\u0003\u0004 but not really a zip')],
        ['lying size', buildZip([{ name: 'EGG-INFO/PKG-INFO', data: pkgInfo.repeat(50), declaredSize: 10 }])],
        ['oversized', buildZip([{ name: 'EGG-INFO/PKG-INFO', data: 'x', declaredSize: 50 * 1024 * 1024 }])],
      ];
      for (const [what, body] of bodies) {
        const r = await find(path, body);
        assert.deepEqual(r.packages, [], what);
        assert.equal(r.warnings[0]?.code, 'FINDER_PARSE', what);
        assert.equal(r.warnings[0]?.subject, path, what);
        assert.equal(r.warnings[0]?.source, 'python', what);
      }
    });
  });

  describe('lockfiles', () => {
    it('requirements: exact pins only, with extras, markers, hashes, continuations', () => {
      const records = parseRequirements(testdata('requirements.txt'), 'app/requirements.txt');
      assert.deepEqual(keys(records), [
        'flask@2.3.3',
        'requests@2.31.0',
        'urllib3@2.0.7',
        'zope-interface@6.1',
      ]);
      for (const r of records) assert.equal(r.evidence, 'lockfile');
    });

    it('poetry.lock 1.x: category dev; multi-line strings and arrays do not confuse the reader', () => {
      const records = parsePoetryLock(testdata('poetry-1.lock'), 'app/poetry.lock');
      assert.deepEqual(keys(records), ['certifi@2023.7.22', 'jinja2@3.1.2', 'pytest@7.4.2 dev']);
    });

    it('poetry.lock 2.x: a package only in non-main groups is dev', () => {
      assert.deepEqual(keys(parsePoetryLock(testdata('poetry-2.lock'), 'p')), [
        'black@24.10.0 dev',
        'idna@3.10',
      ]);
    });

    it('uv.lock: registry packages; the editable project itself is not a release', () => {
      assert.deepEqual(keys(parseUvLock(testdata('uv.lock'), 'u')), ['anyio@4.6.2.post1', 'idna@3.10']);
    });

    it('Pipfile.lock: develop is dev unless default has it too; editable entries skipped', () => {
      assert.deepEqual(keys(parsePipfileLock(testdata('Pipfile.lock'), 'p')), [
        'django@4.2.7',
        'pytest@7.4.3 dev',
        'six@1.16.0',
        'sqlparse@0.4.4',
      ]);
    });

    it('turns malformed TOML and JSON into warnings', async () => {
      for (const [path, body] of [
        ['app/poetry.lock', '[[package]]\nname = "unterminated\n'],
        ['app/uv.lock', '[[package]\nname = "x"\n'],
        ['app/poetry.lock', 'name = "a" "b"\n'],
        ['app/Pipfile.lock', '{"default": '],
      ] as const) {
        const r = await find(path, body);
        assert.deepEqual(r.packages, [], body);
        assert.equal(r.warnings[0]?.code, 'FINDER_PARSE', body);
        assert.equal(r.warnings[0]?.source, 'python');
      }
    });

    it('caps TOML nesting instead of recursing without bound', () => {
      assert.throws(() => readTomlTables(`a = ${'['.repeat(10_000)}`), /nesting too deep/);
      assert.throws(
        () => parsePoetryLock(`a = ${'{b = '.repeat(10_000)}`, 'p'),
        (e) => isRampartError(e, 'FINDER_PARSE'),
      );
    });

    it('the TOML reader keeps table order, array-of-tables items, escapes and dotted keys', () => {
      const tables = readTomlTables(
        '# c\ntitle = "a\\tb\\u00e9"\n[x.y]\nk.l = \'lit\'\n[[p]]\nn = 1\n[[p]]\nn = [1, [2, 3]]\n',
      );
      assert.deepEqual(
        tables.map((t) => [t.path.join('.'), t.arrayItem, { ...t.values }]),
        [
          ['', false, { title: 'a\tbé' }],
          ['x.y', false, { 'k.l': 'lit' }],
          ['p', true, { n: '1' }],
          ['p', true, { n: ['1', ['2', '3']] }],
        ],
      );
    });
  });

  describe('coalesce: installed distributions win over lockfiles', () => {
    it('drops lockfile entries whose project is installed anywhere, keeps the rest', () => {
      const installed = parseMetadata(
        'Name: Flask\nVersion: 3.0.0\n',
        'venv/lib/python3.11/site-packages/flask-3.0.0.dist-info/METADATA',
      );
      const lock = parseRequirements(testdata('requirements.txt'), 'app/requirements.txt');
      const kept = coalescePython([installed, ...lock]);
      assert.deepEqual(keys(kept), ['flask@3.0.0', 'requests@2.31.0', 'urllib3@2.0.7', 'zope-interface@6.1']);
      assert.equal(kept.find((p) => p.name === 'flask')?.evidence, 'installed');
    });

    it('keeps everything when nothing is installed', () => {
      const lock = parseUvLock(testdata('uv.lock'), 'u');
      assert.equal(coalescePython(lock).length, lock.length);
    });
  });
});
