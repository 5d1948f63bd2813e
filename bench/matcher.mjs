// Matcher benchmark: match 10,000 components against a DB imported from ../shared/vulndata, in
// two workloads, then `rampart image scan` of the debian-apps fixture (docker archive), cold
// (empty layer cache) and warm, beside Trivy cold (`trivy-peer.sh`, as bench/indexer.mjs runs it).
//   image-like  components shaped like real images' (the fixture images' rates are printed
//               beside it): half are names with advisories, at their newest fix, one fix behind
//               or their oldest fix; the other half names no feed lists.
//   stress      every component a name with advisories (drawn by row, so names with many rows
//               come often), half at a fix version and half at 0.N.0: 32 findings a component.
// Each workload is timed in fresh child processes (bench/measure-match.mjs): round 1 is the
// first match of a process (what one `image scan` pays: V8 compiles the matcher, the store's
// caches are empty), later rounds are warm (a new store each round). The floor, measured the
// same way, is reading and decoding the affected rows of every looked-up name and nothing else.
// Usage: npm run build && node bench/matcher.mjs [--db PATH] [--components N] [--rounds N]
//        [--runs N] [--workloads DIR] [--no-scan] [--no-trivy]
// --workloads DIR keeps the workloads' index files there (to profile one with measure-match).
// Measures the built CLI (dist/). Prints figures only; never asserts on time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { measure, median } from './measure.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dist = join(repo, 'dist');
if (!existsSync(join(dist, 'scanner', 'matcher', 'match-report.js'))) {
  console.error('dist/ not built: run npm run build first');
  process.exit(1);
}
const load = async (rel) => import(new URL(`../dist/${rel}`, import.meta.url).href);
const { silentLogger } = await load('runtime/log.js');
const { matchReport } = await load('scanner/matcher/match-report.js');
const { compareVersions } = await load('scanner/versions/compare-versions.js');
const { withFeedLimits } = await load('scanner/vulndb/feeds/feed-limits.js');
const { runVulndbImport } = await load('scanner/vulndb/run-vulndb-import.js');
const { selectFeeds } = await load('scanner/vulndb/select-feeds.js');
const { openStore } = await load('scanner/vulndb/store.js');

const shared = join(repo, '..', 'shared');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('components', '10000'));
const ROUNDS = Number(arg('rounds', '3'));
const RUNS = Number(arg('runs', '5'));
const TARGET_S = 0.2;
const flag = (name) => process.argv.includes(`--${name}`);
const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`${new Date().toISOString()}, node ${process.version}, cpus ${cpus().length}, load ${loadNow()}`);

let dbPath = arg('db', undefined);
const work = mkdtempSync(join(tmpdir(), 'rampart-bench-matcher-'));
if (!dbPath) {
  if (!existsSync(shared)) {
    console.log('../shared not found: pass --db PATH');
    process.exit(0);
  }
  dbPath = join(work, 'rampart.db');
  const t = performance.now();
  await runVulndbImport({
    path: join(shared, 'vulndata'),
    dbPath,
    feeds: selectFeeds(undefined),
    ctx: { log: silentLogger, limits: withFeedLimits(undefined) },
    lockWaitMs: 0,
  });
  console.log(`import ../shared/vulndata: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** A deterministic generator (the same workloads every run). */
function lcg(seed) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const indexOf = (packages, distribution) => ({
  schemaVersion: 1,
  tool: { name: 'rampart', version: 'bench', finders: [] },
  image: {
    reference: 'bench',
    sourceKind: 'rootfs',
    platform: { os: 'linux', architecture: 'amd64' },
    layers: [{ index: 0, diffId: 'sha256:00' }],
  },
  distribution,
  packages,
  warnings: [],
});
const pkgOf = (i, type, fullName, version, os) => {
  const [ns, name] = type === 'maven' && fullName.includes(':') ? fullName.split(':') : [undefined, fullName];
  return {
    name,
    ...(ns ? { namespace: ns } : {}),
    version,
    type,
    kind: os ? 'os' : 'language',
    ...(os ? { source: { name, version } } : {}),
    location: `bench/${i}`,
    purl: `pkg:${type}/${fullName}@${version}`,
    finder: 'bench',
    layer: { index: 0, diffId: 'sha256:00' },
  };
};

const Database = (await import('better-sqlite3')).default;

/** Image-like: ecosystem shares of a large mixed image, half the names with advisories. */
function imageLike() {
  const MIX = [
    ['npm', 'npm', 'semver', 0.35],
    ['Debian:12', 'deb', 'dpkg', 0.25],
    ['PyPI', 'pypi', 'pep440', 0.12],
    ['Go', 'golang', 'go', 0.12],
    ['Maven', 'maven', 'maven', 0.04],
    ['crates.io', 'cargo', 'semver', 0.04],
    ['RubyGems', 'gem', 'gem', 0.03],
    ['Packagist', 'composer', 'composer', 0.03],
    ['NuGet', 'nuget', 'nuget', 0.02],
  ];
  const raw = new Database(dbPath, { readonly: true });
  const fixes = new Map(); // ecosystem → name → fix versions
  const q = raw.prepare(`SELECT name, data FROM affected WHERE ecosystem = ?`);
  for (const [eco] of MIX) {
    const byName = new Map();
    for (const r of q.iterate(eco)) {
      const list = byName.get(r.name) ?? byName.set(r.name, []).get(r.name);
      for (const f of JSON.parse(r.data).fixedVersions) list.push(f);
    }
    fixes.set(eco, byName);
  }
  raw.close();
  const names = new Map(
    MIX.map(([eco, , scheme]) => [
      eco,
      [...fixes.get(eco)]
        .map(([name, fs]) => {
          const ok = [...new Set(fs)].filter((f) => {
            try {
              compareVersions(scheme, f, f);
              return true;
            } catch {
              return false;
            }
          });
          return { name, fixes: ok.sort((a, b) => compareVersions(scheme, a, b)) };
        })
        .filter((e) => e.fixes.length > 0),
    ]),
  );
  const rnd = lcg(1);
  const packages = [];
  for (let i = 0; i < N; i++) {
    let x = rnd();
    const [eco, type] = MIX.find(([, , , w]) => (x -= w) <= 0) ?? MIX[0];
    const list = names.get(eco);
    if (rnd() < 0.5 && list.length > 0) {
      const e = list[Math.floor(rnd() * list.length)];
      const y = rnd();
      const at = y < 0.4 ? e.fixes.length - 1 : y < 0.7 ? Math.max(0, e.fixes.length - 2) : 0;
      packages.push(pkgOf(i, type, e.name, e.fixes[at], type === 'deb'));
    } else {
      packages.push(
        pkgOf(i, type, `no-advisory-${type}-${i}`, type === 'deb' ? '1.0-1' : '1.0.0', type === 'deb'),
      );
    }
  }
  return indexOf(packages, {
    id: 'debian',
    versionId: '12',
    versionCodename: 'bookworm',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
    location: 'etc/os-release',
  });
}

/** Stress: real (ecosystem, name, fix version) triples from the DB's rows, language and Alpine. */
function stress() {
  const raw = new Database(dbPath, { readonly: true });
  const rows = raw
    .prepare(
      `SELECT ecosystem, name, data FROM affected WHERE ecosystem IN ('npm','PyPI','Go','Maven','crates.io','RubyGems','Packagist','NuGet','Alpine:v3.19') LIMIT 200000`,
    )
    .all();
  raw.close();
  const TYPE = {
    npm: 'npm',
    PyPI: 'pypi',
    Go: 'golang',
    Maven: 'maven',
    'crates.io': 'cargo',
    RubyGems: 'gem',
    Packagist: 'composer',
    NuGet: 'nuget',
  };
  const lang = [];
  const alpine = [];
  for (const r of rows) {
    const v = JSON.parse(r.data).fixedVersions[0];
    if (!v) continue;
    if (r.ecosystem === 'Alpine:v3.19') alpine.push({ name: r.name, version: v });
    else lang.push({ eco: r.ecosystem, name: r.name, version: v });
  }
  const packages = [];
  for (let i = 0; packages.length < N && (lang.length || alpine.length); i++) {
    const useAlpine = alpine.length > 0 && i % 5 === 0;
    const src = useAlpine ? alpine : lang;
    const c = src[(i * 7919) % src.length];
    if (useAlpine) packages.push(pkgOf(i, 'apk', c.name, c.version, true));
    else packages.push(pkgOf(i, TYPE[c.eco], c.name, i % 2 ? c.version : `0.${i % 9}.0`, false));
  }
  return indexOf(packages, {
    id: 'alpine',
    versionId: '3.19.1',
    prettyName: 'Alpine Linux v3.19',
    location: 'etc/os-release',
  });
}

// The fixture images' own rates, to compare the image-like workload with (when built).
const fixtures = join(repo, '.cache', 'fixture-images', 'docker-archive');
const bin = join(repo, 'bin', 'run.js');
const imageRates = (index) => {
  const store = openStore(dbPath);
  try {
    const rep = matchReport(index, store, {});
    const n = index.packages.length;
    return `${n} components: ${((100 * rep.counts.components) / n).toFixed(0)}% with findings, ${(rep.counts.findings / n).toFixed(2)} findings and ${(rep.counts.vulnerabilities / n).toFixed(2)} vulnerabilities per component`;
  } finally {
    store.close();
  }
};
console.log('component rates (real fixture images, then the workloads):');
for (const name of ['debian-apps', 'debian-extras', 'debian-minbase']) {
  const tar = join(fixtures, `${name}.tar`);
  if (!existsSync(tar)) continue;
  const r = spawnSync(process.execPath, [bin, 'image', 'sbom', tar, '-o', 'json', '--no-cache'], {
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  });
  if (r.status === 0) console.log(`  ${name}: ${imageRates(JSON.parse(r.stdout))}`);
}

const child = join(repo, 'bench', 'measure-match.mjs');
const runChild = (mode, file) => {
  const r = spawnSync(process.execPath, [child, mode, file, dbPath, String(ROUNDS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`measure-match ${mode} failed: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout);
};
const sec = (ms) => (ms / 1000).toFixed(3);
const workloads = [
  ['image-like', imageLike()],
  ['stress', stress()],
];
const results = [];
for (const [name, index] of workloads) {
  const file = join(arg('workloads', work), `${name}.json`);
  writeFileSync(file, JSON.stringify(index));
  console.log(`  ${name}: ${imageRates(index)}`);
  const matches = [];
  const floors = [];
  for (let i = 0; i < RUNS; i++) {
    matches.push(runChild('match', file));
    floors.push(runChild('floor', file));
  }
  results.push({ name, matches, floors });
}
console.log(`match ${N} components, ${RUNS} processes each (load ${loadNow()}):`);
for (const { name, matches, floors } of results) {
  const first = (xs, k) => median(xs.map((x) => x.rounds[0][k]));
  const later = (xs, k) => median(xs.flatMap((x) => x.rounds.slice(1).map((r) => r[k])));
  const cold = first(matches, 'wall');
  const floorCold = first(floors, 'wall');
  const m = matches[0];
  console.log(
    `  ${name}: ${m.findings} findings, ${m.vulnerabilities} vulnerabilities; ${floors[0].rows} rows read\n` +
      `    cold (first match of a process): wall ${sec(cold)} s, CPU ${sec(first(matches, 'cpu'))} s; floor ${sec(floorCold)} s (${(cold / floorCold).toFixed(1)}x)\n` +
      `    warm: wall ${sec(later(matches, 'wall'))} s, CPU ${sec(later(matches, 'cpu'))} s; floor ${sec(later(floors, 'wall'))} s`,
  );
}
const il = results.find((r) => r.name === 'image-like');
const ilCold = median(il.matches.map((x) => x.rounds[0].wall)) / 1000;
console.log(
  `target (issue 7): match 10k components <= ${TARGET_S} s: image-like cold ${ilCold.toFixed(3)} s — ${ilCold <= TARGET_S ? 'met' : 'NOT met'}`,
);

// Whole `image scan` of debian-apps (built CLI), cold (fresh layer cache) and warm, then Trivy cold.
const archive = join(fixtures, 'debian-apps.tar');
const fmt = (m) =>
  `wall ${m.wall.toFixed(2)} s` +
  (m.cpu != null ? `, CPU ${m.cpu.toFixed(2)} s` : '') +
  (m.rssMiB != null ? `, peak RSS ${Math.round(m.rssMiB)} MiB` : '');
const med = (ms) => ({
  wall: median(ms.map((m) => m.wall)),
  cpu: median(ms.map((m) => m.cpu)),
  rssMiB: median(ms.map((m) => m.rssMiB)),
});
if (flag('no-scan')) {
  // match step only
} else if (existsSync(archive)) {
  const scan = (cache) => {
    const out = join(work, 'scan.json');
    const m = measure(
      process.execPath,
      [bin, 'image', 'scan', archive, '--db', dbPath, '-o', 'json', '--cache-dir', cache],
      { stdoutFile: out },
    );
    const rep = JSON.parse(readFileSync(out, 'utf8'));
    return { ...m, findings: rep.result?.summary?.['TOTAL-VULNERABILITIES'] };
  };
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const cache = join(work, `cache-${i}`);
    cold.push(scan(cache));
    warm.push(scan(cache));
  }
  console.log(`image scan debian-apps (docker archive), median of ${RUNS}; load ${loadNow()}`);
  console.log(`  rampart cold: ${fmt(med(cold))}; ${cold[0].findings} vulnerabilities`);
  console.log(`  rampart warm: ${fmt(med(warm))}`);
  const peer = join(shared, 'tools', 'trivy-peer.sh');
  const trivyDir = join(repo, '.cache', 'trivy');
  if (!flag('no-trivy') && existsSync(peer)) {
    const trivy = () => {
      // RAW=1: trivy's own report, so the CPU time is the binary's (plus a little bash)
      const m = measure('bash', [peer, trivyDir, archive], {
        stdoutFile: join(work, 'trivy.json'),
        env: { ...process.env, RAW: '1' },
        allowFail: true,
      });
      if (m.status !== 0) return { error: m.stderr.trim().split('\n').pop() };
      const own = /trivy \w+: wall ([\d.]+)s, peak RSS (\d+) MiB/.exec(m.stderr);
      return own ? { ...m, wall: Number(own[1]), rssMiB: Number(own[2]) } : m;
    };
    if (!existsSync(join(trivyDir, 'trivy'))) trivy(); // first use installs it (untimed)
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(trivy());
    const failed = runs.find((r) => r.error);
    console.log(
      failed
        ? `  trivy cold: unavailable (${failed.error})`
        : `  trivy cold (package inventory only, no vulnerability DB offline): ${fmt(med(runs))}`,
    );
  }
} else console.log('debian-apps archive missing: run the corpus suite once (it builds the fixture images)');
rmSync(work, { recursive: true, force: true });
