/**
 * Rust finder against Trivy's cargo-auditable binary (../shared/fixtures/pkgdb/rust-binary)
 * and Cargo.lock files (../shared/fixtures/pkgdb/cargo-lock); see each PROVENANCE.md.
 * Deliberate differences: a claimed non-executable ("sad path" dummy) is not an error for us;
 * an invalid Cargo.lock is a warning (Trivy: an error), with no packages either way.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rustFinder } from '../../../src/scanner/indexer/rust/index.js';
import { finderContext, layerFileOf } from '../../helpers/layer-file-of.js';
import { agreement, requirePkgdb } from './run-finder-on-dir.js';

interface RustCase {
  file: string;
  want?: { Name: string; Version: string }[];
  wantPkgs?: { Name: string; Version: string }[];
  wantErr?: string;
}

describe('corpus: rust finder', function () {
  let root: string;
  before(function () {
    root = requirePkgdb(this);
  });

  for (const [folder, pathOf] of [
    ['rust-binary', (f: string) => `usr/local/bin/${f.replace(/\.elf$/, '')}`],
    ['cargo-lock', () => 'app/Cargo.lock'],
  ] as const) {
    it(`agrees with Trivy on ${folder}`, async () => {
      const dir = join(root, folder, 'trivy');
      const doc = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { cases: RustCase[] };
      const expected: string[] = [];
      const actual: string[] = [];
      for (const c of doc.cases) {
        const path = pathOf(c.file);
        assert.equal(rustFinder.claims(path), true);
        const r = await rustFinder.find(layerFileOf(path, readFileSync(join(dir, c.file))), finderContext);
        const failing = c.wantErr !== undefined && c.wantErr !== 'assert.NoError';
        if (failing) {
          assert.deepEqual(r.packages, [], c.file);
          if (folder === 'cargo-lock') assert.equal(r.warnings[0]?.code, 'INDEXER_CARGO_LOCK_MALFORMED');
          continue;
        }
        assert.deepEqual(r.warnings, [], c.file);
        expected.push(...(c.want ?? c.wantPkgs ?? []).map((p) => `${c.file} ${p.Name}@${p.Version}`));
        actual.push(...r.packages.map((p) => `${c.file} ${p.name}@${p.version}`));
        assert.ok(r.packages.every((p) => p.type === 'cargo' && p.purl.startsWith('pkg:cargo/')));
      }
      const a = agreement(expected, actual);
      console.log(`      ${folder} (trivy): ${a.matched}/${a.total} packages, ${a.extra.length} extra`);
      assert.deepEqual(a.missing, []);
      assert.deepEqual(a.extra, []);
    });
  }
});
