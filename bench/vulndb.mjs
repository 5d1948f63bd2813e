// Vulnerability DB figures: import time, CPU, peak RSS and DB size per ../shared/vulndata feed
// folder (each imported alone through the built CLI, `vulndb import DIR`), the whole folder in
// one update, and the time of a 10k-name lookup. Figures only; nothing is asserted.
// Usage: npm run build && node bench/vulndb.mjs [--lookups=N]
import { mkdtempSync, existsSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureGnuTime, measure } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vulndata = join(root, '..', 'shared', 'vulndata');
const bin = join(root, 'bin', 'run.js');
const lookups = Number(process.argv.find((a) => a.startsWith('--lookups='))?.split('=')[1] ?? 10_000);
const log = (s) => process.stderr.write(s + '\n');

if (!existsSync(vulndata)) {
  log('../shared/vulndata not found: nothing to measure');
  process.exit(0);
}
ensureGnuTime(log);
const work = mkdtempSync(join(tmpdir(), 'rampart-bench-vulndb-'));
const folders = [
  'osv-go',
  'osv-crates',
  'osv-pypi',
  'ubuntu-osv',
  'ghsa',
  'alpine-secdb',
  'debian-oval',
  'nvd',
  'rubysec',
  'php-security-advisories',
  '.',
];
console.log('folder\twall s\tcpu s\tpeak RSS MiB\tDB MiB\tstatus');
let biggest;
for (const f of folders) {
  const db = join(work, `${f === '.' ? 'all' : f}.db`);
  const r = measure(process.execPath, [bin, 'vulndb', 'import', join(vulndata, f), '--db', db, '-q'], {
    allowFail: true,
  });
  const size = existsSync(db) ? statSync(db).size / 1024 ** 2 : 0;
  console.log(
    [
      f === '.' ? 'ALL (one update)' : f,
      r.wall.toFixed(1),
      r.cpu?.toFixed(1) ?? '-',
      r.rssMiB?.toFixed(0) ?? '-',
      size.toFixed(1),
      r.status === 0 ? 'ok' : r.stderr.trim().split('\n')[0],
    ].join('\t'),
  );
  if (f === '.') biggest = db;
}

// Lookup: `lookups` (ecosystem, name) pairs against the whole DB, one lookup call per ecosystem.
const { openStore } = await import(join(root, 'dist', 'scanner', 'vulndb', 'store.js'));
const Database = (await import('better-sqlite3')).default;
const raw = new Database(biggest, { readonly: true });
const all = raw.prepare(`SELECT DISTINCT ecosystem, name FROM affected`).all();
raw.close();
const store = openStore(biggest);
function run(label, pairs) {
  const byEco = new Map();
  for (const p of pairs) {
    if (!byEco.has(p.ecosystem)) byEco.set(p.ecosystem, []);
    byEco.get(p.ecosystem).push(p.name);
  }
  for (let round = 0; round < 3; round++) {
    const t = process.hrtime.bigint();
    let rows = 0;
    for (const [eco, names] of byEco) rows += store.lookup(eco, names).length;
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    console.log(
      `lookup ${label}: ${pairs.length} pairs, ${byEco.size} ecosystems, ${round === 0 ? 'cold' : 'warm'}: ${ms.toFixed(1)} ms, ${rows} candidate rows`,
    );
  }
}
// An image-like query: 10k installed packages of which 5% have any advisory.
const known = all.filter((_, i) => i % 7 === 0).slice(0, lookups / 20);
const realistic = [
  ...known,
  ...Array.from({ length: lookups - known.length }, (_, i) => ({
    ecosystem: all[i % all.length].ecosystem,
    name: `pkg-without-advisories-${i}`,
  })),
];
run('image-like (5% hit)', realistic);
// Worst case: every pair has rows (Alpine secdb names have one row per release and CVE).
run('every pair a hit', all.slice(0, lookups));
store.close();
rmSync(work, { recursive: true, force: true });
