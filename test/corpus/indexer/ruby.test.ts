import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRampartError } from '../../../src/runtime/errors.js';
import { parseGemspec } from '../../../src/scanner/indexer/ruby/parse-gemspec.js';
import { requirePkgdb } from './run-finder-on-dir.js';

const figures: string[] = [];

describe('corpus: ruby finder against pkgdb ruby-gemspec', function () {
  let root = '';
  before(function () {
    root = requirePkgdb(this);
  });
  after(() => {
    if (figures.length) console.log(`ruby agreement:\n  ${figures.join('\n  ')}`);
  });

  it('ruby-gemspec: every Trivy case (name, version, licences; errors as FINDER_PARSE)', () => {
    const dir = join(root, 'ruby-gemspec/trivy');
    const cases = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).cases as {
      file: string;
      want?: { Name: string; Version: string; Licenses?: string[] }[] | null;
      wantErr?: string;
    }[];
    let agreed = 0;
    for (const c of cases) {
      const data = readFileSync(join(dir, c.file));
      if (c.wantErr) {
        assert.throws(
          () => parseGemspec(data, c.file),
          (e) => isRampartError(e, 'FINDER_PARSE'),
          c.file,
        );
      } else {
        const want = c.want![0]!;
        const got = parseGemspec(data, c.file);
        assert.equal(got.name, want.Name, c.file);
        assert.equal(got.version, want.Version, c.file);
        assert.deepEqual(got.licenses ?? [], want.Licenses ?? [], c.file);
        assert.equal(got.purl, `pkg:gem/${want.Name}@${want.Version}`);
      }
      agreed++;
    }
    figures.push(`ruby-gemspec: ${agreed}/${cases.length} cases`);
  });

  it('trivy-fanal: an empty gem name is refused, the three-licence gemspec is read', () => {
    const dir = join(root, 'ruby-gemspec/trivy-fanal');
    assert.throws(
      () => parseGemspec(readFileSync(join(dir, 'empty_name.gemspec')), 'empty_name.gemspec'),
      (e) => isRampartError(e, 'FINDER_PARSE'),
    );
    const got = parseGemspec(readFileSync(join(dir, 'multiple_licenses.gemspec')), 'x.gemspec');
    assert.deepEqual([got.name, got.version, got.licenses], ['test-unit', '3.3.7', ['Ruby', 'BSDL', 'PSFL']]);
  });
});
