/**
 * Registry completeness (renovate's index.spec habit): every finder folder under
 * src/scanner/indexer/ is listed exactly once in registry.ts and vice versa; names are the
 * folder names, kebab-case; versions are positive integers; every finder has a README and a
 * test folder.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { distributionDetectors, packageFinders } from '../../../src/scanner/indexer/registry.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const indexerDir = join(repo, 'src', 'scanner', 'indexer');
const folders = readdirSync(indexerDir)
  .filter((f) => statSync(join(indexerDir, f)).isDirectory())
  .sort();

describe('indexer registry', () => {
  const entries = [...packageFinders.map((f) => f.name), ...distributionDetectors.map((d) => d.name)];

  it('lists every finder folder once, and nothing else', () => {
    assert.deepEqual([...new Set(entries)].sort(), folders);
    assert.equal(new Set(entries).size, entries.length, 'duplicate registry names');
  });

  it('names are kebab-case and versions positive integers', () => {
    for (const f of [...packageFinders, ...distributionDetectors]) {
      assert.match(f.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(Number.isInteger(f.version) && f.version > 0, `${f.name} version`);
    }
  });

  it('each finder folder has a README and a test folder', () => {
    for (const name of folders) {
      assert.ok(existsSync(join(indexerDir, name, 'README.md')), `${name}/README.md`);
      assert.ok(existsSync(join(repo, 'test', 'scanner', 'indexer', name)), `test/scanner/indexer/${name}/`);
    }
  });

  it('claims() is cheap and pure: the same answer twice, no throw on odd paths', () => {
    for (const f of [...packageFinders, ...distributionDetectors]) {
      for (const p of ['', 'a', 'var/lib/dpkg/status', 'x/'.repeat(200) + 'y', 'ünïcode/pä th']) {
        assert.equal(f.claims(p), f.claims(p), `${f.name} claims(${p})`);
      }
    }
  });
});
