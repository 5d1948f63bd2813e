/**
 * Golang finder against Trivy's Go binaries in ../shared/fixtures/pkgdb/go-binary (see its
 * PROVENANCE.md). Deliberate difference: for the "sad path" file (not an executable) Trivy
 * returns an error; a claimed file that is not an executable is ordinary for us (the finder
 * claims paths, not contents), so it yields no packages and no warning.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { golangFinder } from '../../../src/scanner/indexer/golang/index.js';
import { finderContext, layerFileOf } from '../../helpers/layer-file-of.js';
import { agreement, requirePkgdb } from './run-finder-on-dir.js';

interface GoCase {
  name: string;
  file: string;
  wantPkgs?: { Name: string; Version: string }[];
  wantErr?: string;
}

describe('corpus: golang finder', function () {
  let root: string;
  before(function () {
    root = join(requirePkgdb(this), 'go-binary/trivy');
  });

  it('agrees with Trivy on every Go binary', async () => {
    const doc = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as { cases: GoCase[] };
    const expected: string[] = [];
    const actual: string[] = [];
    const started = Date.now();
    for (const c of doc.cases) {
      const path = `usr/local/bin/${c.file.replace(/\.elf$/, '')}`; // claimed by path: no extension
      assert.equal(golangFinder.claims(path), true);
      const r = await golangFinder.find(layerFileOf(path, readFileSync(join(root, c.file))), finderContext);
      assert.deepEqual(r.warnings, [], c.file);
      if (c.wantErr) {
        assert.deepEqual(r.packages, [], c.file);
        continue;
      }
      expected.push(...(c.wantPkgs ?? []).map((p) => `${c.file} ${p.Name}@${p.Version}`));
      actual.push(...r.packages.map((p) => `${c.file} ${p.name}@${p.version}`));
      for (const p of r.packages) {
        assert.equal(p.location, path);
        assert.equal(p.evidence, 'binary');
        assert.match(p.purl, /^pkg:golang\//);
      }
    }
    const a = agreement(expected, actual);
    console.log(
      `      go-binary (trivy): ${a.matched}/${a.total} packages, ${a.extra.length} extra; ${Date.now() - started} ms`,
    );
    assert.deepEqual(a.missing, []);
    assert.deepEqual(a.extra, []);
  });
});
