// Bounded memory (issue: "peak RSS of the largest import stays under 300 MiB"): the built CLI
// imports the whole ../shared/vulndata folder — every feed, the three Debian OVAL .bz2 files and
// the full OSV Go dump included — in one child process whose peak RSS (getrusage maxrss, read
// by a preload at exit) must stay under 300 MiB. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { binPath } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/osv-feed-builder.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));
const LIMIT_MIB = 300;

/** Runs `rampart vulndb import <path>` and returns its exit status, stdout and peak RSS in MiB. */
function importWithPeakRss(path: string): {
  status: number | null;
  stdout: string;
  stderr: string;
  rssMiB: number;
} {
  const dir = tempDir();
  const rssFile = join(dir, 'maxrss');
  const preload = join(dir, 'maxrss.mjs');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const r = spawnSync(
    process.execPath,
    ['--import', preload, binPath, 'vulndb', 'import', path, '--db', join(dir, 'rampart.db'), '-q'],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const kb = Number(readFileSync(rssFile, 'utf8'));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, rssMiB: kb / 1024 };
}

describe('corpus: vulndb import memory', function () {
  before(function () {
    if (!existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    if (!existsSync(join(binPath, '..', '..', 'dist', 'commands')))
      throw new Error('run npm run build first');
  });

  it(`the whole ../shared/vulndata import peaks under ${LIMIT_MIB} MiB RSS`, () => {
    const r = importWithPeakRss(vulndata);
    console.log(`    peak RSS ${r.rssMiB.toFixed(0)} MiB`);
    assert.equal(r.status, 0, r.stderr);
    const updated = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.split('\t')[1] === 'updated')
      .map((l) => l.split('\t')[0]);
    for (const feed of ['debian', 'osv', 'alpine', 'redhat', 'nvd'])
      assert.ok(updated.includes(feed), `${feed} was not imported`);
    const debian = /^debian\tupdated\tadvisories (\d+)\taffected (\d+)/m.exec(r.stdout);
    assert.ok(debian && Number(debian[1]) > 0 && Number(debian[2]) > 0, 'debian wrote no rows');
    assert.ok(r.rssMiB > 0 && r.rssMiB < LIMIT_MIB, `peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  });
});
