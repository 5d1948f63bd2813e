import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { phpFinder } from '../../../src/scanner/indexer/php/index.js';
import { parseComposerLock } from '../../../src/scanner/indexer/php/parse-composer-lock.js';
import { agreement, requirePkgdb, runFinderOnDir } from './run-finder-on-dir.js';

const figures: string[] = [];

interface TrivyPkg {
  Name: string;
  Version: string;
  Dev?: boolean;
  Licenses?: string[];
}

/**
 * Licences compared as a flat list. Trivy splits a Composer licence expression
 * ("MIT or BSD-2-Clause") into its names; we keep the expression as written, because "or"
 * and "and" mean different things and a list loses that. The key splits ours the same way.
 */
const key = (name: string, version: string, dev: boolean, licenses?: string[]) =>
  `${name}@${version}${dev ? ' dev' : ''} [${(licenses ?? []).flatMap((l) => l.split(/ or /i)).join(',')}]`;

describe('corpus: php finder against pkgdb composer-installed and composer-lock', function () {
  let root = '';
  before(function () {
    root = requirePkgdb(this);
  });
  after(() => {
    if (figures.length)
      console.log(`php agreement (name@version, dev, licences):\n  ${figures.join('\n  ')}`);
  });

  it('composer-installed: the Trivy vendor case through the finder', async () => {
    const dir = join(root, 'composer-installed/trivy');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    const want = expected.want.Applications[0].Packages as TrivyPkg[];
    const got = await runFinderOnDir(phpFinder, dir);
    assert.deepEqual(got.claimed, ['vendor/composer/installed.json']);
    const a = agreement(
      want.map((p) => key(p.Name, p.Version, false, p.Licenses)),
      got.packages.map((p) => key(p.name, p.version, p.scope === 'dev', p.licenses)),
    );
    figures.push(`composer-installed: ${a.matched}/${a.total}`);
    assert.deepEqual(a.missing, []);
    assert.deepEqual(a.extra, []);
    for (const p of got.packages) assert.equal(p.evidence, 'installed');
  });

  it('composer-lock: every Trivy case', () => {
    const dir = join(root, 'composer-lock/trivy');
    const cases = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).cases as {
      file: string;
      wantPkgs: TrivyPkg[];
    }[];
    let matched = 0;
    let total = 0;
    for (const c of cases) {
      const got = parseComposerLock(readFileSync(join(dir, c.file)), c.file);
      const a = agreement(
        c.wantPkgs.map((p) => key(p.Name, p.Version, p.Dev === true, p.Licenses)),
        got.map((p) => key(p.name, p.version, p.scope === 'dev', p.licenses)),
      );
      matched += a.matched;
      total += a.total;
      assert.deepEqual(a.missing, [], c.file);
      assert.deepEqual(a.extra, [], c.file);
    }
    figures.push(`composer-lock: ${matched}/${total} over ${cases.length} case(s)`);
  });
});
