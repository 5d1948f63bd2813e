import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { PackageRecord } from '../../../../src/model/package.js';
import { coalescePhp } from '../../../../src/scanner/indexer/php/coalesce-php.js';
import { phpFinder } from '../../../../src/scanner/indexer/php/index.js';
import { parseComposerLock } from '../../../../src/scanner/indexer/php/parse-composer-lock.js';
import { parseInstalledJson } from '../../../../src/scanner/indexer/php/parse-installed-json.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const keys = (records: PackageRecord[]) =>
  records.map((r) => `${r.name}@${r.version}${r.scope ? ` ${r.scope}` : ''}`).sort();
const find = async (path: string, data: string | Buffer) =>
  phpFinder.find(layerFileOf(path, data), finderContext);

describe('php finder', () => {
  it('claims installed.json and project lockfiles, not lockfiles inside vendor packages', () => {
    for (const p of [
      'var/www/vendor/composer/installed.json',
      'vendor/composer/installed.json',
      'var/www/composer.lock',
    ]) {
      assert.equal(phpFinder.claims(p), true, p);
    }
    for (const p of [
      'var/www/vendor/guzzlehttp/guzzle/composer.lock',
      'var/www/vendor/composer/installed.php',
      'var/www/composer.json',
    ]) {
      assert.equal(phpFinder.claims(p), false, p);
    }
  });

  it('reads Composer 1 installed.json (a bare array)', async () => {
    const path = 'app/vendor/composer/installed.json';
    const r = await find(path, testdata('installed-v1.json'));
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(keys(r.packages), ['monolog/monolog@1.27.1', 'psr/log@1.1.4']);
    const mono = r.packages.find((p) => p.name === 'monolog/monolog');
    assert.equal(mono?.purl, 'pkg:composer/monolog/monolog@1.27.1');
    assert.equal(mono?.namespace, 'monolog');
    assert.deepEqual(mono?.licenses, ['MIT']);
    assert.equal(mono?.evidence, 'installed');
    assert.equal(mono?.type, 'composer');
    assert.equal(mono?.location, path);
  });

  it('reads Composer 2 installed.json with dev-package-names marking dev packages', () => {
    const records = parseInstalledJson(testdata('installed-v2.json'), 'vendor/composer/installed.json');
    assert.deepEqual(keys(records), ['phpunit/phpunit@10.3.5 dev', 'symfony/console@v6.3.4']);
  });

  it('reads composer.lock: packages-dev is dev, licence expressions kept whole, versionless entries skipped', () => {
    const records = parseComposerLock(testdata('composer.lock'), 'app/composer.lock');
    assert.deepEqual(keys(records), [
      'guzzlehttp/guzzle@7.8.0',
      'phpunit/phpunit@10.3.5 dev',
      'symfony/polyfill-php80@v1.28.0',
    ]);
    assert.deepEqual(records.find((r) => r.name === 'symfony/polyfill-php80')?.licenses, [
      'MIT or BSD-2-Clause',
    ]);
    for (const r of records) assert.equal(r.evidence, 'lockfile');
  });

  it('turns malformed JSON and wrong shapes into warnings naming finder and path', async () => {
    for (const [path, body] of [
      ['app/composer.lock', '{"packages": ['],
      ['app/composer.lock', '[1, 2]'],
      ['app/vendor/composer/installed.json', '"text"'],
    ] as const) {
      const r = await find(path, body);
      assert.deepEqual(r.packages, [], body);
      assert.equal(r.warnings[0]?.code, 'FINDER_PARSE', body);
      assert.equal(r.warnings[0]?.source, 'php');
      assert.equal(r.warnings[0]?.subject, path);
    }
  });

  it('coalesce: a project vendor/ install replaces its composer.lock; other projects keep theirs', () => {
    const installed = parseInstalledJson(
      testdata('installed-v2.json'),
      'srv/app/vendor/composer/installed.json',
    );
    const sameProject = parseComposerLock(testdata('composer.lock'), 'srv/app/composer.lock');
    const otherProject = parseComposerLock(testdata('composer.lock'), 'srv/other/composer.lock');
    const kept = coalescePhp([...installed, ...sameProject, ...otherProject]);
    assert.equal(kept.filter((p) => p.location === 'srv/app/composer.lock').length, 0);
    assert.equal(kept.filter((p) => p.location === 'srv/other/composer.lock').length, otherProject.length);
    assert.equal(kept.filter((p) => p.evidence === 'installed').length, installed.length);
  });

  it('coalesce: a root-level project works the same way', () => {
    const installed = parseInstalledJson(testdata('installed-v1.json'), 'vendor/composer/installed.json');
    const lock = parseComposerLock(testdata('composer.lock'), 'composer.lock');
    assert.deepEqual(keys(coalescePhp([...installed, ...lock])), keys(installed));
  });
});
