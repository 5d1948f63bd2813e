import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageRecord } from '../../../src/model/package.js';
import { npmFinder } from '../../../src/scanner/indexer/npm/index.js';
import { parsePackageLock } from '../../../src/scanner/indexer/npm/parse-package-lock.js';
import { parsePnpmLock } from '../../../src/scanner/indexer/npm/parse-pnpm-lock.js';
import { parseYarnLock } from '../../../src/scanner/indexer/npm/parse-yarn-lock.js';
import { layerFileOf, finderContext } from '../../helpers/layer-file-of.js';
import { agreement, requirePkgdb } from './run-finder-on-dir.js';

interface TrivyPkg {
  Name?: string;
  Version?: string;
  Dev?: boolean;
  Licenses?: string[];
}
interface TrivyCase {
  name: string;
  file: string;
  want?: TrivyPkg[] | null;
  wantErr?: unknown;
}

const figures: string[] = [];

/**
 * Trivy's rows keyed `name@version[ dev]`, one per name@version (Trivy repeats a package once
 * per peer-dependency variant in pnpm v9; we report it once, dev only if every variant is dev).
 * Rows without a version are dropped: Trivy lists workspace folders and `file:` packages with
 * an empty version; we leave out what no advisory could ever be matched against.
 */
function expectedKeys(want: TrivyPkg[], withDev: boolean): string[] {
  const dev = new Map<string, boolean>();
  for (const p of want) {
    if (!p.Name || !p.Version) continue;
    const key = `${p.Name}@${p.Version}`;
    dev.set(key, (dev.get(key) ?? true) && p.Dev === true);
  }
  return [...dev].map(([k, d]) => (withDev && d ? `${k} dev` : k));
}

function ourKeys(records: PackageRecord[], withDev: boolean): string[] {
  return records.map((p) =>
    withDev && p.scope === 'dev' ? `${p.name}@${p.version} dev` : `${p.name}@${p.version}`,
  );
}

describe('corpus: npm finder against pkgdb npm-lock, yarn-lock, pnpm-lock, npm-package-json', function () {
  let root = '';
  before(function () {
    root = requirePkgdb(this);
  });
  after(() => {
    if (figures.length)
      console.log(`npm agreement (name@version, dev flag where Trivy has one):\n  ${figures.join('\n  ')}`);
  });

  const formats = [
    { dir: 'npm-lock', parse: parsePackageLock, withDev: true },
    { dir: 'yarn-lock', parse: parseYarnLock, withDev: false },
    { dir: 'pnpm-lock', parse: parsePnpmLock, withDev: true },
  ];
  for (const { dir, parse, withDev } of formats) {
    it(`${dir}: every Trivy case`, () => {
      const cases = JSON.parse(readFileSync(join(root, dir, 'trivy/expected.json'), 'utf8'))
        .cases as TrivyCase[];
      let matched = 0;
      let total = 0;
      let devOnlyExtra = 0;
      for (const c of cases) {
        const records = parse(readFileSync(join(root, dir, 'trivy', c.file)), c.file);
        const legacyPnpm = dir === 'pnpm-lock' && !/v9/.test(c.file);
        // Trivy's pnpm v5/v6 reader drops `dev: true` packages; we keep them, marked scope dev.
        const compared = legacyPnpm ? records.filter((r) => r.scope !== 'dev') : records;
        if (legacyPnpm) devOnlyExtra += records.length - compared.length;
        const a = agreement(expectedKeys(c.want ?? [], withDev), ourKeys(compared, withDev));
        matched += a.matched;
        total += a.total;
        assert.deepEqual(a.missing, [], `${c.file}: missing`);
        assert.deepEqual(a.extra, [], `${c.file}: extra`);
        for (const r of records) assert.equal(r.location, c.file);
      }
      figures.push(
        `${dir}: ${matched}/${total} over ${cases.length} cases` +
          (devOnlyExtra ? ` (+${devOnlyExtra} dev packages Trivy's v5/v6 reader drops)` : ''),
      );
    });
  }

  it('npm-package-json: every Trivy case, licences included', async () => {
    const dir = join(root, 'npm-package-json/trivy');
    const cases = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).cases as {
      file: string;
      want?: { Package: TrivyPkg } | null;
      wantErr?: string;
    }[];
    let agreed = 0;
    for (const c of cases) {
      // Through the finder, as it would be installed, so errors arrive as warnings.
      const path = `node_modules/x/package.json`;
      const { packages, warnings } = await npmFinder.find(
        layerFileOf(path, readFileSync(join(dir, c.file))),
        finderContext,
      );
      if (c.wantErr) {
        assert.equal(packages.length, 0, c.file);
        assert.equal(warnings[0]?.code, 'FINDER_PARSE', c.file);
        assert.equal(warnings[0]?.source, 'npm');
        agreed++;
        continue;
      }
      const want = c.want!.Package;
      if (!want.Name || !want.Version) {
        // Trivy returns a nameless or versionless package; a manifest without both names no package.
        assert.deepEqual(packages, [], c.file);
        agreed++;
        continue;
      }
      assert.equal(packages.length, 1, c.file);
      assert.equal(packages[0]!.name, want.Name);
      assert.equal(packages[0]!.version, want.Version);
      assert.deepEqual(packages[0]!.licenses ?? [], want.Licenses ?? [], `${c.file} licences`);
      agreed++;
    }
    figures.push(
      `npm-package-json: ${agreed}/${cases.length} cases (2 versionless cases: no package, by design)`,
    );
  });
});
