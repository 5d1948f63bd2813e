// Vulnerability DB figures: import time, CPU, peak RSS and DB size for every ../shared/vulndata
// folder (each imported alone through the built CLI, `vulndb import DIR`; a folder that holds
// no feed file reports the CLI's error), then the whole folder in one update, then the time of
// a 10k (ecosystem, name) lookup against that DB, cold (first query of a fresh store) and warm.
// Figures only; nothing is asserted. Also prints the date, node version and load average.
// Usage: npm run build && node bench/vulndb.mjs [--lookups=N] [--only=folder,folder]
import { mkdtempSync, existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureGnuTime, measure } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vulndata = join(root, '..', 'shared', 'vulndata');
const bin = join(root, 'bin', 'run.js');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const lookups = Number(arg('lookups') ?? 10_000);
const only = arg('only')?.split(',');
const LOOKUP_TARGET_MS = 50;
const log = (s) => process.stderr.write(s + '\n');

if (!existsSync(vulndata)) {
  log('../shared/vulndata not found: nothing to measure');
  process.exit(0);
}
ensureGnuTime(log);
console.log(
  `# ${new Date().toISOString()}  node ${process.version}  load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const work = mkdtempSync(join(tmpdir(), 'rampart-bench-vulndb-'));
const folders = [
  ...readdirSync(vulndata, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (!only || only.includes(d.name)))
    .map((d) => d.name)
    .sort(),
  ...(only ? [] : ['.']),
];
/** The CLI's error line, without this machine's paths. */
function failure(stderr) {
  const lines = stderr.trim().split('\n');
  const line = lines.find((l) => l.startsWith('ERROR')) ?? lines[0] ?? '';
  return line
    .split(vulndata)
    .join('<vulndata>')
    .replace(/^ERROR:\s*/, 'error: ')
    .replace(/ \([^)]*\)/g, '');
}
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
      r.status === 0 ? 'ok' : failure(r.stderr),
    ].join('\t'),
  );
  if (f === '.') biggest = db;
}
if (!biggest) {
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

// Lookup: `lookups` (ecosystem, name) pairs against the whole DB, one lookup call per ecosystem.
const { openStore } = await import(join(root, 'dist', 'scanner', 'vulndb', 'store.js'));
const Database = (await import('better-sqlite3')).default;
const raw = new Database(biggest, { readonly: true });
const all = raw.prepare(`SELECT DISTINCT ecosystem, name FROM affected`).all();
raw.close();
// Each run opens a fresh store: its first round is cold (no SQLite pages, no parsed advisories
// cached in the process; the OS file cache is warm from the import), the next two are warm.
function run(label, pairs) {
  const store = openStore(biggest);
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
      `lookup ${label}: ${pairs.length} pairs, ${byEco.size} ecosystems, ${round === 0 ? 'cold' : 'warm'}: ${ms.toFixed(1)} ms (target ≤ ${LOOKUP_TARGET_MS} ms: ${ms <= LOOKUP_TARGET_MS ? 'met' : 'over'}), ${rows} candidate rows`,
    );
  }
  store.close();
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
rmSync(work, { recursive: true, force: true });
