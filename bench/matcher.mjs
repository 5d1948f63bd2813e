// Matcher benchmark: match 10,000 components (real package names taken from the DB's own rows,
// installed versions drawn from each row's fix versions and neighbours) against a DB imported
// from ../shared/vulndata; then `rampart image scan` of the debian-apps fixture (docker archive),
// cold (empty layer cache) and warm, beside Trivy cold (`trivy-peer.sh`, as bench/indexer.mjs
// runs it) when the fixture images and ../shared are there.
// Usage: npm run build && node bench/matcher.mjs [--db PATH] [--components N] [--rounds N]
//        [--runs N] [--no-scan] [--no-trivy]
// The match step is timed in-process (wall and this process's CPU, DB already imported, the store
// opened fresh each round); image scans are whole CLI processes (GNU time when present). Measures
// the built CLI (dist/). Prints figures only; never asserts on time.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const ROUNDS = Number(arg('rounds', '5'));
const RUNS = Number(arg('runs', '3'));
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

// Components: real (ecosystem, name, fix version) triples from the DB, language and Alpine.
const store = openStore(dbPath);
const Database = (await import('better-sqlite3')).default;
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
  const d = JSON.parse(r.data);
  const v = d.fixedVersions[0];
  if (!v) continue;
  if (r.ecosystem === 'Alpine:v3.19') alpine.push({ name: r.name, version: v });
  else lang.push({ eco: r.ecosystem, name: r.name, version: v });
}
const packages = [];
for (let i = 0; packages.length < N && (lang.length || alpine.length); i++) {
  const useAlpine = alpine.length > 0 && i % 5 === 0;
  const src = useAlpine ? alpine : lang;
  const c = src[(i * 7919) % src.length];
  const common = {
    location: `bench/${i}`,
    purl: `pkg:generic/${c.name}@${c.version}`,
    finder: 'bench',
    layer: { index: 0, diffId: 'sha256:00' },
  };
  if (useAlpine)
    packages.push({
      ...common,
      name: c.name,
      version: c.version,
      type: 'apk',
      kind: 'os',
      source: { name: c.name },
    });
  else {
    const type = TYPE[c.eco];
    const [ns, art] = type === 'maven' ? c.name.split(':') : [undefined, c.name];
    packages.push({
      ...common,
      name: art,
      ...(ns ? { namespace: ns } : {}),
      version: i % 2 ? c.version : `0.${i % 9}.0`,
      type,
      kind: 'language',
    });
  }
}
const index = {
  schemaVersion: 1,
  tool: { name: 'rampart', version: 'bench', finders: [] },
  image: {
    reference: 'bench',
    sourceKind: 'rootfs',
    platform: { os: 'linux', architecture: 'amd64' },
    layers: [{ index: 0, diffId: 'sha256:00' }],
  },
  distribution: {
    id: 'alpine',
    versionId: '3.19.1',
    prettyName: 'Alpine Linux v3.19',
    location: 'etc/os-release',
  },
  packages,
  warnings: [],
};
const times = [];
const cpuTimes = [];
let report;
for (let r = 0; r < ROUNDS; r++) {
  const s = openStore(dbPath); // cold statement and advisory caches each round
  const c = process.cpuUsage();
  const t = performance.now();
  report = matchReport(index, s, {});
  times.push(performance.now() - t);
  const u = process.cpuUsage(c);
  cpuTimes.push((u.user + u.system) / 1000);
  s.close();
}
store.close();
const sec = (ms) => (ms / 1000).toFixed(3);
console.log(
  `match ${packages.length} components: wall median ${sec(median(times))} s, min ${sec(Math.min(...times))} s; CPU median ${sec(median(cpuTimes))} s; ${ROUNDS} rounds; ${report.counts.findings} findings, ${report.counts.vulnerabilities} unique ids; load ${loadNow()}`,
);

// Whole `image scan` of debian-apps (built CLI), cold (fresh layer cache) and warm, then Trivy cold.
const archive = join(repo, '.cache', 'fixture-images', 'docker-archive', 'debian-apps.tar');
const bin = join(repo, 'bin', 'run.js');
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
