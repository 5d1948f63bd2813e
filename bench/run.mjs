// Runs every benchmark in bench/ (each `*.mjs` except this runner and the helpers it and the
// benchmarks use: make-*, measure*, summarize-*), one child process each, one after the other.
// Usage: node bench/run.mjs [NAME…] [--flag…]
//   NAME   only these benchmarks (e.g. `indexer`); flags are passed to every benchmark run.
// `npm run bench` builds first, then runs this. Benchmarks may import TypeScript sources, so
// children run with tsx's loader.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const HELPER = /^(run|measure.*|make-.*|summarize-.*)\.mjs$/;
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !HELPER.test(f))
  .filter((f) => names.length === 0 || names.includes(f.replace(/\.mjs$/, '')))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${names.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of benches) {
  console.log(`\n=== bench/${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${f}`, ...flags], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${f} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
