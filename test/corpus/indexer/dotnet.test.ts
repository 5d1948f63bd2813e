/**
 * .NET finder against Trivy's *.deps.json fixtures in ../shared/fixtures/pkgdb/dotnet-deps (see
 * its PROVENANCE.md). Deliberate difference: an invalid file is a warning (Trivy: an error).
 * datacollector.deps.json has no expectation upstream; it must parse without warnings.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dotnetFinder } from '../../../src/scanner/indexer/dotnet/index.js';
import { finderContext, layerFileOf } from '../../helpers/layer-file-of.js';
import { agreement, requirePkgdb } from './run-finder-on-dir.js';

interface DepsCase {
  name: string;
  file: string;
  want?: { Name: string; Version: string }[] | null;
  wantErr?: string;
}

describe('corpus: dotnet finder', function () {
  let root: string;
  before(function () {
    root = join(requirePkgdb(this), 'dotnet-deps/trivy');
  });

  it('agrees with Trivy on every .deps.json case', async () => {
    const doc = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as { cases: DepsCase[] };
    const expected: string[] = [];
    const actual: string[] = [];
    for (const c of doc.cases) {
      const path = `app/${c.file}`;
      assert.equal(dotnetFinder.claims(path), true);
      const r = await dotnetFinder.find(layerFileOf(path, readFileSync(join(root, c.file))), finderContext);
      if (c.wantErr) {
        assert.deepEqual(r.packages, []);
        assert.equal(r.warnings[0]?.code, 'INDEXER_DOTNET_DEPS_MALFORMED');
        continue;
      }
      assert.deepEqual(r.warnings, [], c.file);
      expected.push(...(c.want ?? []).map((p) => `${c.file} ${p.Name}/${p.Version}`));
      actual.push(...r.packages.map((p) => `${c.file} ${p.name}/${p.version}`));
      assert.ok(
        r.packages.every((p) => p.purl === `pkg:nuget/${p.name}@${p.version}` && p.location === path),
      );
    }
    const a = agreement(expected, actual);
    console.log(`      dotnet-deps (trivy): ${a.matched}/${a.total} packages, ${a.extra.length} extra`);
    assert.deepEqual(a.missing, []);
    assert.deepEqual(a.extra, []);
    const extra = await dotnetFinder.find(
      layerFileOf('app/datacollector.deps.json', readFileSync(join(root, 'datacollector.deps.json'))),
      finderContext,
    );
    assert.deepEqual(extra.warnings, []);
    assert.ok(extra.packages.length > 0);
  });
});
