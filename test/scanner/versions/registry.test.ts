import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as lib from '../../../src/index.js';
import { isRampartError } from '../../../src/runtime/errors.js';
import { compareVersions, getScheme, parseVersion } from '../../../src/scanner/versions/compare-versions.js';
import { schemeForEcosystem } from '../../../src/scanner/versions/ecosystem-scheme.js';
import { versionSchemes } from '../../../src/scanner/versions/registry.js';

describe('versions/registry', () => {
  it('lists the ten schemes once each, alphabetically, with a source file and a test each', () => {
    const ids = versionSchemes.map((s) => s.id);
    assert.deepEqual(ids, [
      'apk',
      'composer',
      'dpkg',
      'gem',
      'go',
      'maven',
      'nuget',
      'pep440',
      'rpm',
      'semver',
    ]);
    const src = readdirSync(new URL('../../../src/scanner/versions/', import.meta.url));
    const tests = readdirSync(new URL('./', import.meta.url));
    for (const id of ids) {
      assert.ok(src.includes(`${id}.ts`) || src.includes(id), `src/scanner/versions/${id}(.ts) missing`);
      assert.ok(tests.includes(`${id}.test.ts`), `test for ${id} missing`);
    }
  });

  it('is exported from the library entry', () => {
    assert.equal(lib.compareVersions('dpkg', '1.0~rc1', '1.0'), -1);
    assert.equal(lib.compareVersions('rpm', '0:8.0.13-2.el9_0', '8.0.13-2.el9_0'), 0);
    assert.equal(lib.getScheme('pep440').id, 'pep440');
    assert.equal(typeof lib.isAffected, 'function');
    assert.equal(lib.versionSchemes.length, 10);
  });

  it('throws VERSION_SCHEME_UNKNOWN naming the known schemes', () => {
    assert.throws(
      () => getScheme('cobol'),
      (e) => isRampartError(e, 'VERSION_SCHEME_UNKNOWN') && e.message.includes('pep440'),
    );
  });

  it('caches parses but throws for an invalid string every time', () => {
    assert.equal(parseVersion('semver', '1.2.3'), parseVersion('semver', '1.2.3'));
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => compareVersions('semver', 'nope', '1.0.0'),
        (e) => isRampartError(e, 'VERSION_INVALID'),
      );
    }
  });

  it('maps OSV ecosystems (with release suffixes) to schemes', () => {
    assert.equal(schemeForEcosystem('Debian:12'), 'dpkg');
    assert.equal(schemeForEcosystem('Ubuntu:Pro:14.04:LTS'), 'dpkg');
    assert.equal(schemeForEcosystem('Alpine:v3.19'), 'apk');
    assert.equal(schemeForEcosystem('Red Hat'), 'rpm');
    assert.equal(schemeForEcosystem('crates.io'), 'semver');
    assert.equal(schemeForEcosystem('Packagist'), 'composer');
    assert.equal(schemeForEcosystem('Go'), 'go');
    assert.equal(schemeForEcosystem('GIT'), undefined);
  });
});
