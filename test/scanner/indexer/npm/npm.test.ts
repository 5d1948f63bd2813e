import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { PackageRecord } from '../../../../src/model/package.js';
import { isRampartError } from '../../../../src/runtime/errors.js';
import fc from 'fast-check';
import { PackageURL } from 'packageurl-js';
import { coalesceNpm } from '../../../../src/scanner/indexer/npm/coalesce-npm.js';
import { npmFinder } from '../../../../src/scanner/indexer/npm/index.js';
import { npmPurl } from '../../../../src/scanner/indexer/npm/npm-package-record.js';
import { parsePackageJson } from '../../../../src/scanner/indexer/npm/parse-package-json.js';
import { parsePackageLock } from '../../../../src/scanner/indexer/npm/parse-package-lock.js';
import { parsePnpmLock } from '../../../../src/scanner/indexer/npm/parse-pnpm-lock.js';
import { parseYarnLock } from '../../../../src/scanner/indexer/npm/parse-yarn-lock.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));

/** `name@version` plus ` dev` / ` optional`, sorted: what a lockfile test compares. */
const keys = (records: PackageRecord[]) =>
  records.map((r) => `${r.name}@${r.version}${r.scope ? ` ${r.scope}` : ''}`).sort();

const find = async (path: string, data: string | Buffer) =>
  npmFinder.find(layerFileOf(path, data), finderContext);

describe('npm finder', () => {
  describe('claims', () => {
    it('claims package roots in node_modules, app manifests and lockfiles outside node_modules', () => {
      for (const p of [
        'app/node_modules/express/package.json',
        'app/node_modules/@babel/core/package.json',
        'node_modules/a/node_modules/ms/package.json',
        'app/package.json',
        'package.json',
        'app/package-lock.json',
        'srv/npm-shrinkwrap.json',
        'app/yarn.lock',
        'app/pnpm-lock.yaml',
      ]) {
        assert.equal(npmFinder.claims(p), true, p);
      }
    });

    it('leaves sub-folder manifests of installed packages and their shipped lockfiles alone', () => {
      for (const p of [
        'app/node_modules/express/lib/package.json',
        'app/node_modules/@babel/core/lib/esm/package.json',
        'app/node_modules/express/package-lock.json',
        'app/node_modules/.package-lock.json',
        'node_modules/left-pad/yarn.lock',
        'app/package.json.bak',
        'app/Package.json',
      ]) {
        assert.equal(npmFinder.claims(p), false, p);
      }
    });
  });

  describe('package.json', () => {
    it('reads name, version, licence, namespace and purl of a scoped installed package', async () => {
      const r = await find(
        'app/node_modules/@babel/core/package.json',
        JSON.stringify({ name: '@babel/core', version: '7.24.0', license: 'MIT' }),
      );
      assert.deepEqual(r.warnings, []);
      const [p] = r.packages;
      assert.equal(p?.name, '@babel/core');
      assert.equal(p?.namespace, '@babel');
      assert.equal(p?.version, '7.24.0');
      assert.equal(p?.purl, 'pkg:npm/%40babel/core@7.24.0');
      assert.deepEqual(p?.licenses, ['MIT']);
      assert.equal(p?.evidence, 'installed');
      assert.equal(p?.type, 'npm');
      assert.equal(p?.kind, 'language');
      assert.equal(p?.finder, 'npm');
      assert.equal(p?.location, 'app/node_modules/@babel/core/package.json');
    });

    it('reads legacy licence objects and arrays and ignores junk licence values', () => {
      const lic = (license: unknown, extra: object = {}) =>
        parsePackageJson(JSON.stringify({ name: 'x', version: '1.0.0', license, ...extra }), 'p')?.licenses;
      assert.deepEqual(lic({ type: 'ISC', url: 'u' }), ['ISC']);
      assert.deepEqual(lic([{ type: 'MIT' }, 'Apache-2.0', { type: '' }]), ['MIT', 'Apache-2.0']);
      assert.deepEqual(lic(undefined, { licenses: [{ type: 'BSD' }] }), ['BSD']);
      assert.equal(lic(42), undefined);
      assert.equal(lic(null), undefined);
    });

    it('returns nothing for a manifest without name or version', async () => {
      assert.deepEqual((await find('app/package.json', '{"name":"tool","private":true}')).packages, []);
      assert.deepEqual((await find('app/package.json', '{"version":"1.0.0"}')).packages, []);
      assert.deepEqual((await find('app/package.json', '{"name":"tool","version":""}')).warnings, []);
    });

    it('turns malformed JSON, a non-object and a name npm refuses into warnings naming finder and path', async () => {
      for (const body of [
        '{"name": "x",',
        '["x"]',
        '{"name":"@a/b/","version":"1.0.0"}',
        '{"name":"a b","version":"1"}',
      ]) {
        const r = await find('app/node_modules/x/package.json', body);
        assert.deepEqual(r.packages, [], body);
        assert.equal(r.warnings.length, 1, body);
        assert.equal(r.warnings[0]?.code, 'FINDER_PARSE');
        assert.equal(r.warnings[0]?.source, 'npm');
        assert.equal(r.warnings[0]?.subject, 'app/node_modules/x/package.json');
        assert.match(r.warnings[0]!.message, /app\/node_modules\/x\/package\.json/);
      }
    });

    it('reads a manifest whose other fields nest 100 000 levels deep', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const r = await find('app/package.json', `{"name":"deep","version":"1.0.0","x":${deep}}`);
      assert.deepEqual(
        r.packages.map((p) => p.name),
        ['deep'],
      );
    });

    it('accepts a UTF-8 byte-order mark', () => {
      const p = parsePackageJson('\ufeff{"name":"bom","version":"1.0.0"}', 'p');
      assert.equal(p?.name, 'bom');
    });
  });

  describe('package-lock.json', () => {
    it('v3: every install path once per name@version, dev and optional marked, links resolved', () => {
      const records = parsePackageLock(testdata('package-lock-v3.json'), 'app/package-lock.json');
      assert.deepEqual(keys(records), [
        '@shop/ui@0.3.1',
        'debug@4.3.4',
        'fsevents@2.3.3 optional',
        'left-pad@1.3.0',
        'mocha@10.2.0 dev',
        'ms@2.1.2',
        'ms@2.1.3 dev',
        'react@18.2.0',
      ]);
      for (const r of records) {
        assert.equal(r.evidence, 'lockfile');
        assert.equal(r.location, 'app/package-lock.json');
      }
    });

    it('v1: nested dependencies, an npm: alias under its real name, file: versions left out', () => {
      const records = parsePackageLock(testdata('package-lock-v1.json'), 'package-lock.json');
      assert.deepEqual(keys(records), [
        'body-parser@1.18.3',
        'debug@2.6.9',
        'debug@4.1.1 dev',
        'ms@2.0.0',
        'strip-ansi@6.0.1',
      ]);
    });

    it('a package that is dev at one path and runtime at another is runtime', () => {
      const lock = {
        lockfileVersion: 3,
        packages: {
          'node_modules/a': { version: '1.0.0', dev: true },
          'node_modules/b/node_modules/a': { version: '1.0.0' },
          'node_modules/b': { version: '2.0.0' },
        },
      };
      assert.deepEqual(keys(parsePackageLock(JSON.stringify(lock), 'l')), ['a@1.0.0', 'b@2.0.0']);
    });

    it('walks a v1 lockfile nested 20 000 levels deep without recursion', function () {
      this.timeout(60_000);
      const open: string[] = [];
      for (let i = 0; i < 20_000; i++) open.push(`{"p${i}":{"version":"1.0.${i}","dependencies":`);
      const deps = open.join('') + '{}' + '}}'.repeat(20_000);
      const records = parsePackageLock(`{"lockfileVersion":1,"dependencies":${deps}}`, 'l');
      assert.equal(records.length, 20_000);
    });

    it('reads a 50 000-entry lockfile (one Map pass, no per-entry scans)', function () {
      this.timeout(120_000);
      const packages: Record<string, unknown> = { '': { name: 'big' } };
      for (let i = 0; i < 50_000; i++) packages[`node_modules/p${i}`] = { version: `1.${i % 7}.0` };
      const records = parsePackageLock(JSON.stringify({ lockfileVersion: 3, packages }), 'l');
      assert.equal(records.length, 50_000);
    });

    it('turns a truncated lockfile into a warning', async () => {
      const r = await find(
        'app/package-lock.json',
        '{"lockfileVersion": 3, "packages": {"node_modules/a": {',
      );
      assert.deepEqual(r.packages, []);
      assert.equal(r.warnings[0]?.code, 'FINDER_PARSE');
      assert.equal(r.warnings[0]?.source, 'npm');
      assert.equal(r.warnings[0]?.subject, 'app/package-lock.json');
    });
  });

  describe('yarn.lock', () => {
    it('v1: multi-pattern headers, scoped names, quoted keys; file: packages left out', () => {
      const records = parseYarnLock(testdata('yarn-v1.lock'), 'app/yarn.lock');
      assert.deepEqual(keys(records), ['@babel/code-frame@7.12.13', 'ansi-regex@5.0.1', 'chalk@2.4.2']);
      assert.equal(
        records.find((r) => r.name === '@babel/code-frame')?.purl,
        'pkg:npm/%40babel/code-frame@7.12.13',
      );
    });

    it('berry: registry packages by their resolution (aliases under the real name); workspace and patch left out', () => {
      const records = parseYarnLock(testdata('yarn-berry.lock'), 'app/yarn.lock');
      assert.deepEqual(keys(records), ['lodash@4.17.21', 'string-width@4.2.3']);
    });

    it('accepts CRLF line ends', () => {
      const text = readFileSync(new URL('./testdata/yarn-v1.lock', import.meta.url), 'utf8').replace(
        /\n/g,
        '\r\n',
      );
      assert.equal(parseYarnLock(text, 'y').length, 3);
    });

    it('turns a file that is not a yarn lockfile into a warning', async () => {
      const r = await find('app/yarn.lock', 'this is not\n  a lockfile\n');
      assert.deepEqual(r.packages, []);
      assert.equal(r.warnings[0]?.code, 'FINDER_PARSE');
      assert.throws(
        () => parseYarnLock('  indented: before any header\n', 'y'),
        (e) => isRampartError(e, 'FINDER_PARSE'),
      );
    });

    it('reads 50 000 entries within the test timeout', function () {
      this.timeout(120_000);
      const parts: string[] = ['# yarn lockfile v1\n'];
      for (let i = 0; i < 50_000; i++) parts.push(`p${i}@^1.0.0:\n  version "1.0.${i}"\n  resolved "x"\n`);
      assert.equal(parseYarnLock(parts.join('\n'), 'y').length, 50_000);
    });
  });

  describe('pnpm-lock.yaml', () => {
    it('v9: versions from snapshots, dev only when reached from devDependencies alone', () => {
      const records = parsePnpmLock(testdata('pnpm-v9.yaml'), 'app/pnpm-lock.yaml');
      // mime is a devDependency but express needs it at runtime too.
      assert.deepEqual(keys(records), [
        'express@4.18.2',
        'mime@1.6.0',
        'react-dom@18.2.0',
        'react@18.2.0',
        'typescript@5.4.5 dev',
      ]);
    });

    it('v6: /name@version(peer) keys with their dev flags', () => {
      const records = parsePnpmLock(testdata('pnpm-v6.yaml'), 'p');
      assert.deepEqual(keys(records), [
        '@babel/runtime@7.22.3',
        'react-dom@18.2.0',
        'react@18.2.0',
        'typescript@5.1.6 dev',
      ]);
    });

    it('v5: /name/version_peer keys and tarball entries with name and version fields', () => {
      const records = parsePnpmLock(testdata('pnpm-v5.yaml'), 'p');
      assert.deepEqual(keys(records), ['@types/react@18.0.14 dev', 'is-negative@2.0.1', 'react-redux@8.0.2']);
    });

    it('turns YAML nested deeper than the parser can follow into a warning, not a crash', async () => {
      const r = await find(
        'app/pnpm-lock.yaml',
        `lockfileVersion: 9.0\npackages: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      );
      assert.deepEqual(r.packages, []);
      assert.equal(r.warnings[0]?.code, 'FINDER_PARSE');
    });

    it('turns malformed YAML, an alias bomb and a file without lockfileVersion into warnings', async () => {
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 0; i < 12; i++)
        bomb.push(
          `${'b'.repeat(i + 1)}: &b${i} [${Array(10)
            .fill(i === 0 ? '*a' : `*b${i - 1}`)
            .join(', ')}]`,
        );
      bomb.push('lockfileVersion: 5.4');
      for (const body of ['lockfileVersion: 9.0\npackages: [unclosed', 'just: a map\n', bomb.join('\n')]) {
        const r = await find('app/pnpm-lock.yaml', body);
        assert.deepEqual(r.packages, [], body.slice(0, 30));
        assert.equal(r.warnings[0]?.code, 'FINDER_PARSE', body.slice(0, 30));
        assert.equal(r.warnings[0]?.source, 'npm');
      }
    });
  });

  describe('purl', () => {
    it('the direct path gives exactly what packageurl-js gives', () => {
      const part = fc.stringMatching(/^[A-Za-z0-9._~@%+ -]{1,12}$/);
      fc.assert(
        fc.property(
          fc.option(part, { nil: undefined }),
          part,
          fc.stringMatching(/^[A-Za-z0-9._~+ -]{1,12}$/),
          (ns, name, version) => {
            const namespace = ns === undefined ? undefined : `@${ns}`;
            const outcome = (f: () => string) => {
              try {
                return f();
              } catch {
                return 'throws';
              }
            };
            const want = outcome(() =>
              new PackageURL('npm', namespace, name, version, undefined, undefined).toString(),
            );
            assert.equal(
              outcome(() => npmPurl(namespace, name, version)),
              want,
            );
          },
        ),
        { numRuns: 2000 },
      );
    });
  });

  describe('coalesce: installed node_modules win over lockfiles', () => {
    const installed = (name: string, version: string, location: string): PackageRecord =>
      parsePackageJson(JSON.stringify({ name, version }), location)!;

    it('drops every lockfile entry of a directory whose node_modules holds installed packages', () => {
      const lock = parsePackageLock(testdata('package-lock-v1.json'), 'app/package-lock.json');
      const kept = coalesceNpm([
        installed('app', '1.0.0', 'app/package.json'),
        installed('ms', '2.1.3', 'app/node_modules/debug/node_modules/ms/package.json'),
        ...lock,
      ]);
      assert.deepEqual(kept.map((p) => `${p.name}@${p.version} ${p.evidence}`).sort(), [
        'app@1.0.0 installed',
        'ms@2.1.3 installed',
      ]);
    });

    it('keeps lockfiles whose directory has nothing installed, and the root directory counts as a directory', () => {
      const srv = parseYarnLock(testdata('yarn-v1.lock'), 'srv/yarn.lock');
      const root = parsePnpmLock(testdata('pnpm-v6.yaml'), 'pnpm-lock.yaml');
      const kept = coalesceNpm([installed('a', '1.0.0', 'node_modules/a/package.json'), ...srv, ...root]);
      assert.equal(kept.filter((p) => p.location === 'srv/yarn.lock').length, srv.length);
      assert.equal(kept.filter((p) => p.location === 'pnpm-lock.yaml').length, 0);
    });

    it('an app manifest outside node_modules does not count as an install', () => {
      const lock = parsePackageLock(testdata('package-lock-v1.json'), 'app/package-lock.json');
      const kept = coalesceNpm([installed('app', '1.0.0', 'app/package.json'), ...lock]);
      assert.equal(kept.length, lock.length + 1);
    });
  });
});
