// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function, per module
// (file under dist/, package under node_modules, node: builtin) and per activity, where native
// frames and generic builtins (fs, path, url, buffer) are charged to their nearest caller with a
// category, so e.g. file reads done by the module loader count as module loading.
// Run: node bench/summarize-cpu-profile.mjs FILE.cpuprofile [TOP=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/summarize-cpu-profile.mjs FILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? 0;
  selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + dt);
}

function moduleOf(url) {
  if (!url) return '(native/V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const d = url.indexOf('/dist/');
  return d >= 0 ? url.slice(d + 1) : url.replace(/^file:\/\//, '');
}

const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const TRANSPARENT =
  /^node:(fs|path|url|buffer|util|events|internal\/(fs|url|encoding|util|errors|buffer|validators|event_target)\b)/;
function activityOf(frame) {
  const { functionName: f, url } = frame;
  if (f === '(garbage collector)') return 'garbage collection';
  if (f === '(program)' || f === '(idle)' || f === '(root)') return f;
  if (!url) return null;
  if (/^node:internal\/(modules|deps\/cjs-module-lexer|bootstrap|process\/pre_execution)/.test(url))
    return 'module loading';
  if (url.startsWith('node:internal/streams') || url === 'node:stream') return 'node streams';
  if (TRANSPARENT.test(url)) return null;
  return moduleOf(url);
}
function activity(id) {
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const a = activityOf(byId.get(cur).callFrame);
    if (a) return a;
  }
  return '(unattributed)';
}

/** True when the sample runs inside the module loader (loading, compiling or evaluating a module). */
const underLoaderMemo = new Map();
function underLoader(id) {
  if (underLoaderMemo.has(id)) return underLoaderMemo.get(id);
  const p = parent.get(id);
  const v = activityOf(byId.get(id).callFrame) === 'module loading' || (p !== undefined && underLoader(p));
  underLoaderMemo.set(id, v);
  return v;
}

const act = new Map();
const startup = new Map();
const fn = new Map();
const mod = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const m = moduleOf(cf.url);
  const key = `${cf.functionName || '(anonymous)'}  ${m}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  mod.set(m, (mod.get(m) ?? 0) + us);
  const a = activity(id);
  act.set(a, (act.get(a) ?? 0) + us);
  const g = underLoader(id) ? 'module loading' : a;
  startup.set(g, (startup.get(g) ?? 0) + us);
  total += us;
}
const idle = [...fn].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    );
  }
};
console.log(
  `profile ${file}: ${(total / 1000).toFixed(0)} ms sampled, idle ${(idle / 1000).toFixed(0)} ms (${((100 * idle) / total).toFixed(1)}%)`,
);
print('self time by function', fn);
print('self time by module', mod);
print('time by activity (native and generic builtin frames charged to their caller)', act);

// Coarse groups, as % of the main thread's busy (non-idle) time; everything that runs inside
// the module loader (a library's top-level code included) counts as startup.
const GROUPS = [
  ['module loading and evaluation (startup)', (a) => a === 'module loading'],
  ['zlib inflate (main-thread side)', (a) => a === 'node:zlib'],
  ['sha256 (diff-id/digest)', (a) => a === 'node:internal/crypto/hash'],
  [
    'tar parsing and stream plumbing',
    (a) => /^(node streams|tar-stream|streamx|b4a|fast-fifo|text-decoder|dist\/scanner\/layers\/)/.test(a),
  ],
  ['fzstd', (a) => a === 'fzstd'],
  ['image source (archive/layout/registry readers)', (a) => a.startsWith('dist/scanner/source/')],
  ['SQLite cache', (a) => a === 'better-sqlite3' || a === 'dist/scanner/indexer/cache.js'],
  ['finders and detectors', (a) => a.startsWith('dist/scanner/indexer/')],
  ['report rendering', (a) => a.startsWith('dist/scanner/report/')],
  ['garbage collection', (a) => a === 'garbage collection'],
  ['oclif', (a) => a === '@oclif/core'],
];
const groups = new Map();
let busy = 0;
for (const [a, us] of startup) {
  if (a === '(idle)') continue;
  busy += us;
  const g = GROUPS.find(([, test]) => test(a))?.[0] ?? 'other (libraries, task queues, program)';
  groups.set(g, (groups.get(g) ?? 0) + us);
}
console.log(`\ngroups, % of busy main-thread time (${(busy / 1000).toFixed(0)} ms)`);
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1])) {
  console.log(
    `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${g}`,
  );
}
