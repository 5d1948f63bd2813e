// Version-scheme throughput: comparisons per second per scheme on mixed real versions (the
// upstream vector files in ../shared/fixtures/versions plus the composer/go/nuget vectors in
// test/scanner/versions/testdata), with both strings parsed afresh for every comparison
// (`scheme.compare(scheme.parse(a), scheme.parse(b))`, no cache: the cost a matcher pays the first
// time it meets a version), through the string API `compareVersions` (parse cache), and on
// pre-parsed values, against a naive `a.localeCompare(b)` baseline over the same pairs in the
// same run. Rates are per second of CPU time of the process, best of interleaved rounds.
// The target, 2 M/s per scheme, is checked on the uncached rate: one PASS or FAIL line per
// scheme, and the exit status is 1 when any scheme fails.
// Run: node --import tsx bench/versions.mjs   (with a scheme name: that scheme's figures as JSON)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { compareVersions, getScheme, versionSchemes } from '../src/scanner/versions/index.ts';

const shared = fileURLToPath(new URL('../../shared/fixtures/versions/', import.meta.url));
const testdata = fileURLToPath(new URL('../test/scanner/versions/testdata/', import.meta.url));
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

/** Every string of a vector file: rows [a, b, …] or objects holding such rows. */
function stringsOf(value, out = new Set()) {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsOf(v, out));
  return out;
}

const SOURCES = {
  apk: [`${shared}apk.json`, `${shared}apk-extra.json`],
  composer: [`${testdata}composer.json`],
  dpkg: [`${shared}dpkg.json`],
  gem: [`${shared}rubygems.json`, `${testdata}gem-requirements.json`],
  go: [`${testdata}go.json`],
  maven: [`${shared}maven.json`],
  nuget: [`${testdata}nuget.json`],
  pep440: [`${shared}pep440.json`, `${testdata}pep440-specifiers.json`],
  rpm: [`${shared}rpm.json`, `${shared}rpm-nevra.json`],
  semver: [`${shared}semver.json`],
};

// Deterministic PRNG so every run compares the same pairs.
let seed = 0x9e3779b9;
const rand = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;

const PAIRS = 100_000;
const ROUNDS = 15;

/**
 * One timed pass over the pairs, in comparisons per second of CPU time (user + system of this
 * process), not wall time: on a shared machine the wall clock also counts the time other jobs
 * held the CPU.
 */
function pass(fn, pairs) {
  let sink = 0;
  const t0 = process.cpuUsage();
  for (let i = 0; i < pairs.length; i++) sink += fn(pairs[i][0], pairs[i][1]);
  const dt = process.cpuUsage(t0);
  if (sink === 0.5) console.log('');
  return pairs.length / ((dt.user + dt.system) / 1e6);
}

/**
 * Best rate of each contender over ROUNDS rounds, the contenders interleaved within a round so
 * that a busy machine slows them alike (the best round is the least disturbed one).
 */
function rates(contenders) {
  const best = contenders.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    contenders.forEach(([fn, pairs], k) => {
      best[k] = Math.max(best[k], pass(fn, pairs));
    });
  }
  return best;
}

const fmt = (n) => `${(n / 1e6).toFixed(2)} M/s`;
if (!existsSync(shared)) console.log('versions bench: ../shared not found; composer/go/nuget only');

// Each scheme runs in its own process, so that one scheme's code does not make the shared call
// sites of the others polymorphic (a matcher compares with one scheme per call in practice).
const only = process.argv[2];
const rows = [];
for (const scheme of versionSchemes) {
  if (only === undefined) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), scheme.id], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
    if (line) rows.push(JSON.parse(line));
    continue;
  }
  if (scheme.id !== only) continue;
  const files = SOURCES[scheme.id].filter((p) => existsSync(p));
  const pool = [...new Set(files.flatMap((p) => [...stringsOf(readJson(p))]))].filter((s) => {
    try {
      scheme.parse(s);
      return true;
    } catch {
      return false;
    }
  });
  if (pool.length < 2) continue;
  const pairs = Array.from({ length: PAIRS }, () => [
    pool[(rand() * pool.length) | 0],
    pool[(rand() * pool.length) | 0],
  ]);
  const parsed = new Map(pool.map((s) => [s, getScheme(scheme.id).parse(s)]));
  const parsedPairs = pairs.map(([a, b]) => [parsed.get(a), parsed.get(b)]);
  const [api, cold, pre, base] = rates([
    [(a, b) => compareVersions(scheme.id, a, b), pairs],
    [(a, b) => scheme.compare(scheme.parse(a), scheme.parse(b)), pairs],
    [(a, b) => scheme.compare(a, b), parsedPairs],
    [(a, b) => a.localeCompare(b), pairs],
  ]);
  console.log(JSON.stringify({ scheme: scheme.id, versions: pool.length, api, cold, pre, base }));
}
if (only !== undefined) process.exit(0);

console.log(
  `versions bench: ${PAIRS} random pairs per scheme, best of ${ROUNDS} interleaved rounds, node ${process.version}, ` +
    `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`,
);
const TARGET = 2e6;
console.log(
  'scheme    versions  parse+compare  compareVersions  pre-parsed  localeCompare  uncached/locale  api/locale  target (uncached >= 2 M/s)',
);
for (const r of rows) {
  console.log(
    `${r.scheme.padEnd(9)} ${String(r.versions).padStart(8)}  ${fmt(r.cold).padStart(13)}  ${fmt(r.api).padStart(15)}  ` +
      `${fmt(r.pre).padStart(10)}  ${fmt(r.base).padStart(13)}  ${(r.cold / r.base).toFixed(2).padStart(14)}x  ` +
      `${(r.api / r.base).toFixed(2).padStart(9)}x  ${r.cold >= TARGET ? 'PASS' : 'FAIL'}`,
  );
}
const slowest = rows.reduce((m, r) => (r.cold < m.cold ? r : m), rows[0]);
const failed = rows.filter((r) => r.cold < TARGET).map((r) => r.scheme);
console.log(
  `uncached parse+compare: ${rows.length - failed.length} of ${rows.length} schemes at or above 2 M/s; ` +
    `slowest ${slowest.scheme} at ${fmt(slowest.cold)}` +
    (failed.length > 0 ? `; FAIL: ${failed.join(', ')}` : ''),
);
if (failed.length > 0) process.exitCode = 1;
