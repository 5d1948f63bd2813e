// Matcher benchmark: match 10,000 components (real package names taken from the DB's own rows,
// installed versions drawn from each row's fix versions and neighbours) against a DB imported
// from ../shared/vulndata; then `rampart image scan` of the debian-apps fixture (docker archive),
// cold (empty layer cache) and warm, beside `trivy-peer.sh` timings when Trivy is available.
// Usage: node --import tsx bench/matcher.mjs [--db PATH] [--components N] [--rounds N]
// Prints figures only; never asserts on time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../src/runtime/log.ts';
import { matchReport } from '../src/scanner/matcher/match-report.ts';
import { withFeedLimits } from '../src/scanner/vulndb/feeds/feed-limits.ts';
import { runVulndbImport } from '../src/scanner/vulndb/run-vulndb-import.ts';
import { selectFeeds } from '../src/scanner/vulndb/select-feeds.ts';
import { openStore } from '../src/scanner/vulndb/store.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const shared = join(repo, '..', 'shared');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('components', '10000'));
const ROUNDS = Number(arg('rounds', '5'));
console.log(
  `cpus ${cpus().length}, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

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
let report;
for (let r = 0; r < ROUNDS; r++) {
  const s = openStore(dbPath); // cold statement and advisory caches each round
  const t = performance.now();
  report = matchReport(index, s, {});
  times.push(performance.now() - t);
  s.close();
}
store.close();
times.sort((a, b) => a - b);
console.log(
  `match ${packages.length} components: median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(3)} s, min ${(times[0] / 1000).toFixed(3)} s over ${ROUNDS} rounds; ${report.counts.findings} findings, ${report.counts.vulnerabilities} unique ids`,
);

// Whole `image scan` of debian-apps (built CLI), cold and warm layer cache.
const archive = join(repo, '.cache', 'fixture-images', 'docker-archive', 'debian-apps.tar');
const bin = join(repo, 'bin', 'run.js');
if (existsSync(archive) && existsSync(join(repo, 'dist', 'commands', 'image', 'scan.js'))) {
  const cache = join(work, 'cache');
  const run = () => {
    const t = performance.now();
    const r = spawnSync(
      process.execPath,
      [bin, 'image', 'scan', archive, '--db', dbPath, '-o', 'json', '--cache-dir', cache],
      { encoding: 'utf8' },
    );
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(r.stderr);
    return ms;
  };
  const cold = run();
  const warm = [run(), run(), run()].sort((a, b) => a - b)[1];
  console.log(
    `image scan debian-apps (docker archive): cold ${(cold / 1000).toFixed(2)} s, warm ${(warm / 1000).toFixed(2)} s (median of 3)`,
  );
  const peer = join(shared, 'tools', 'trivy-peer.sh');
  if (existsSync(peer)) {
    const t = performance.now();
    const r = spawnSync('bash', [peer, work, archive], { encoding: 'utf8' });
    console.log(
      r.status === 0
        ? `trivy-peer (package inventory only, no vulnerability DB offline): ${((performance.now() - t) / 1000).toFixed(2)} s`
        : `trivy-peer unavailable (${(r.stderr || '').split('\n')[0]})`,
    );
  }
} else
  console.log(
    'debian-apps archive or built CLI missing: run the corpus suite (fixture images) and npm run build',
  );
rmSync(work, { recursive: true, force: true });
