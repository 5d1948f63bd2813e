import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRampartError } from '../../../src/runtime/errors.js';
import { pythonFinder } from '../../../src/scanner/indexer/python/index.js';
import { parseMetadata } from '../../../src/scanner/indexer/python/parse-metadata.js';
import { normalizePypiName } from '../../../src/scanner/indexer/python/pypi-package-record.js';
import { agreement, requirePkgdb, runFinderOnDir } from './run-finder-on-dir.js';

const figures: string[] = [];

interface TrivyPkg {
  Name: string;
  Version: string;
  Licenses?: string[] | null;
}

/**
 * Licences where we deliberately differ from Trivy's parser, and why:
 * - old-style PKG-INFO keeps the description as a header with blank lines in it; Trivy stops
 *   at the first blank line and never sees the `License :: …` classifiers after it. We read
 *   the whole header block, so the classifiers win as they do for wheels (setuptools: Trivy
 *   says `UNKNOWN`, distlib egg-info: Trivy says the free-text `Python license`).
 * - `License: UNKNOWN` is the placeholder old setuptools wrote, not a licence (unidecode).
 * - `License-File: LICENSE.txt` names a file, not a licence; Trivy reports `file://LICENSE.txt`,
 *   we report nothing.
 */
const LICENCE_DIFFERENCES: Record<string, string[]> = {
  'setuptools-51.3.3-py3.8.egg-info.PKG-INFO': ['MIT License'],
  'distlib-0.3.1-py3.9.egg-info': ['Python Software Foundation License'],
  'unidecode-egg-info.PKG-INFO': [],
  'networkx-3.0.METADATA': [],
};

function expectedLicenses(file: string, want: TrivyPkg): string[] {
  return LICENCE_DIFFERENCES[file] ?? want.Licenses ?? [];
}

describe('corpus: python finder against pkgdb python-metadata and python-dist-info', function () {
  let root = '';
  before(function () {
    root = requirePkgdb(this);
  });
  after(() => {
    if (figures.length) console.log(`python agreement:\n  ${figures.join('\n  ')}`);
  });

  it('python-metadata: every Trivy case (name PEP 503-normalised, version, licences)', () => {
    const dir = join(root, 'python-metadata/trivy');
    const cases = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).cases as {
      file: string;
      want?: TrivyPkg[] | null;
      wantErr?: unknown;
    }[];
    let packages = 0;
    let licences = 0;
    let total = 0;
    for (const c of cases) {
      const file = join(dir, c.file);
      if (c.wantErr) {
        assert.throws(
          () => parseMetadata(readFileSync(file), c.file),
          (e) => isRampartError(e, 'FINDER_PARSE'),
        );
        packages++;
        licences++;
        total++;
        continue;
      }
      const want = c.want![0]!;
      const got = parseMetadata(readFileSync(file), c.file);
      total++;
      assert.equal(got.name, normalizePypiName(want.Name), c.file);
      assert.equal(got.version, want.Version, c.file);
      packages++;
      assert.deepEqual(got.licenses ?? [], expectedLicenses(c.file, want), `${c.file} licences`);
      if (JSON.stringify(got.licenses ?? []) === JSON.stringify(want.Licenses ?? [])) licences++;
    }
    figures.push(
      `python-metadata: packages ${packages}/${total}; licences identical to Trivy ${licences}/${total}`,
    );
  });

  it('python-dist-info: every Trivy analyzer case through the finder', async () => {
    const base = join(root, 'python-dist-info/trivy');
    const cases = JSON.parse(readFileSync(join(base, 'expected.json'), 'utf8')).cases as {
      dir: string;
      want: { Applications: { Packages: TrivyPkg[] | { __items__: TrivyPkg[] } }[] };
    }[];
    let matched = 0;
    let total = 0;
    for (const c of cases) {
      const got = await runFinderOnDir(pythonFinder, join(base, c.dir.replace(/^testdata\//, '')));
      const want = c.want.Applications.flatMap((a) =>
        Array.isArray(a.Packages) ? a.Packages : a.Packages.__items__,
      );
      const a = agreement(
        want.map((p) => `${normalizePypiName(p.Name)}@${p.Version}`),
        got.packages.map((p) => `${p.name}@${p.version}`),
      );
      matched += a.matched;
      total += a.total;
      assert.deepEqual(a.missing, [], c.dir);
      assert.deepEqual(a.extra, [], c.dir);
      assert.deepEqual(got.warnings, []);
    }
    figures.push(`python-dist-info: ${matched}/${total} over ${cases.length} cases`);
  });

  it('python-dist-info: zipped eggs (Trivy fixtures without converted expectations) read from EGG-INFO/PKG-INFO', async () => {
    const base = join(root, 'python-dist-info/trivy');
    const got = await runFinderOnDir(pythonFinder, base);
    const eggs = got.packages.filter((p) => p.location.endsWith('.egg'));
    assert.deepEqual(eggs.map((p) => `${p.name}@${p.version} ${p.location}`).sort(), [
      'kitchen@1.2.6 egg-zip/kitchen-1.2.6-py2.7.egg',
      'sample-package@0.1 egg-zip-with-license-file/sample_package.egg',
    ]);
    assert.deepEqual(
      got.warnings.map((w) => [w.code, w.subject]),
      [['FINDER_PARSE', 'no-req-files/no-required-files.egg']],
    );
    figures.push(`python-dist-info eggs: 2/2 zipped eggs read, 1 egg without metadata warned`);
  });

  it('python-dist-info: the pip site-packages layouts (no expectations upstream) give each dist once per tree', async () => {
    const got = await runFinderOnDir(pythonFinder, join(root, 'python-dist-info/trivy-site-packages'));
    const keys = got.packages.map((p) => `${p.name}@${p.version}`).sort();
    assert.deepEqual(keys, [
      'annotated-types@0.7.0',
      'annotated-types@0.7.0',
      'click@8.0.0',
      'click@8.0.0',
      'flask@2.0.0',
      'flask@2.0.0',
    ]);
    assert.equal(new Set(got.packages.map((p) => p.location)).size, 6);
  });
});
