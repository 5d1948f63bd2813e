// Child process of bench/matcher.mjs: times one workload in a fresh process.
// Usage: node bench/measure-match.mjs match|floor INDEX.json DB ROUNDS
// Prints one JSON line with the wall and CPU milliseconds of each round (round 1 is the first of
// this process: V8 has not compiled the code yet; every round opens the store afresh):
//   match  `matchReport` of the index, with the report's counts;
//   floor  reading and decoding the affected rows of every name the rules look up (`lookupRows`
//          in batches of 500 per ecosystem) and nothing else: what any matcher must read.
import { readFileSync } from 'node:fs';

const [mode, indexFile, dbPath, roundsArg] = process.argv.slice(2);
const load = async (rel) => import(new URL(`../dist/${rel}`, import.meta.url).href);
const { openStore } = await load('scanner/vulndb/store.js');
const { matchReport } = await load('scanner/matcher/match-report.js');
const { matchRules } = await load('scanner/matcher/registry.js');
const { isGap } = await load('scanner/matcher/contracts.js');

const index = JSON.parse(readFileSync(indexFile, 'utf8'));
const timed = (f) => {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { value, wall, cpu: (u.user + u.system) / 1000 };
};

// The names the rules look up, per ecosystem.
const names = new Map();
for (const pkg of index.packages) {
  const rule = matchRules.find((r) => r.claims(pkg, index.distribution));
  const q = rule?.query(pkg, index.distribution);
  if (!q || isGap(q)) continue;
  let set = names.get(q.ecosystem);
  if (!set) names.set(q.ecosystem, (set = new Set()));
  for (const n of q.names) set.add(n);
}
const readRows = (store) => {
  let rows = 0;
  for (const [eco, set] of names) {
    const list = [...set];
    for (let i = 0; i < list.length; i += 500) rows += store.lookupRows(eco, list.slice(i, i + 500)).length;
  }
  return rows;
};

const rounds = [];
let out = {};
for (let r = 0; r < Number(roundsArg ?? 3); r++) {
  const store = openStore(dbPath);
  const m = timed(() => (mode === 'floor' ? readRows(store) : matchReport(index, store, {})));
  store.close();
  rounds.push({ wall: m.wall, cpu: m.cpu });
  out =
    mode === 'floor'
      ? { rows: m.value }
      : {
          findings: m.value.counts.findings,
          components: m.value.counts.components,
          vulnerabilities: m.value.counts.vulnerabilities,
        };
}
console.log(JSON.stringify({ mode, packages: index.packages.length, rounds, ...out }));
