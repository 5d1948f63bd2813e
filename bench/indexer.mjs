// Indexer benchmark (issue 3). In one run:
//  1. for each fixture image (debian-minbase, debian-extras, debian-apps), in docker-archive and
//     OCI-layout form: `rampart image sbom` cold (fresh empty --cache-dir) and warm (same cache
//     again), Trivy cold (../shared/tools/trivy-peer.sh) and the physical floor, a bare
//     `gzip -dc BLOB | tar -t` over every layer blob of the OCI layout; medians of N runs;
//  2. `rampart --version` wall time (median of 10);
//  3. the memory test: a generated OCI image whose one layer is ~2 GiB (1,000,000 small files and
//     one large file), scanned with --no-cache, peak RSS against 300 MiB, plus its floor.
// Targets: cold <= 0.5x Trivy and <= 1.3x the floor, warm <= 0.3 s, --version <= 0.15 s.
//
// Run: npm run bench (builds first), or: node bench/indexer.mjs [--runs N] [--images a,b]
//        [--no-large] [--no-fixtures] [--no-trivy]
// Needs the built CLI (npm run build). The fixture images and Trivy come from ../shared/tools
// and are made on first use under .cache/; without ../shared only the large-layer test runs.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureLargeImage } from './make-large-layer.mjs';
import { ensureGnuTime, measure, median } from './measure.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const shared = fileURLToPath(new URL('../../shared', import.meta.url));
const cacheRoot = join(repo, '.cache');
const fixtureDir = join(cacheRoot, 'fixture-images');
const trivyDir = join(cacheRoot, 'trivy');
const benchDir = join(cacheRoot, 'bench');
const snapshotDir = join(benchDir, 'build-snapshot');
let runJs = join(repo, 'bin', 'run.js');
const IMAGES = ['debian-minbase', 'debian-extras', 'debian-apps'];
const TARGET = {
  coldVsTrivy: 0.5,
  coldVsFloor: 1.3,
  warmSeconds: 0.3,
  versionSeconds: 0.15,
  largeRssMiB: 300,
};

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
};
const RUNS = Number(option('--runs', '3'));
const imageNames = option('--images', IMAGES.join(',')).split(',');
const log = (m) => process.stderr.write(`${m}\n`);

function sh(script, args = []) {
  const r = spawnSync('sh', ['-c', script, 'sh', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`sh -c ${script}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

function ensureBuilt() {
  if (existsSync(join(repo, 'dist', 'commands', 'image', 'sbom.js'))) return;
  throw new Error('dist/ is missing: run `npm run build` (or `npm run bench`, which builds first)');
}

/**
 * Copies the built CLI (bin, dist, package.json, oclif manifest; node_modules linked) aside, so
 * a rebuild of dist/ during the run cannot break or change what is measured. A copy taken while
 * dist/ is half-written fails its smoke test and is taken again a little later.
 */
async function snapshotBuild(smokeTarget) {
  for (let attempt = 1; ; attempt++) {
    rmSync(snapshotDir, { recursive: true, force: true });
    mkdirSync(snapshotDir, { recursive: true });
    for (const f of ['bin', 'dist', 'package.json', 'oclif.manifest.json']) {
      if (existsSync(join(repo, f))) cpSync(join(repo, f), join(snapshotDir, f), { recursive: true });
    }
    symlinkSync(join(repo, 'node_modules'), join(snapshotDir, 'node_modules'), 'dir');
    const candidate = join(snapshotDir, 'bin', 'run.js');
    const args = smokeTarget ? ['image', 'sbom', smokeTarget, '-o', 'json', '--no-cache'] : ['--help'];
    const r = spawnSync(process.execPath, [candidate, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status === 0) {
      runJs = candidate;
      return;
    }
    if (attempt >= 10) throw new Error(`the built CLI does not run:\n${r.stderr}`);
    log(`the build in dist/ does not run (being rebuilt?); copying it again in 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

function ensureFixtures() {
  const want = imageNames.flatMap((n) => [
    join(fixtureDir, 'oci', n, 'index.json'),
    join(fixtureDir, 'docker-archive', `${n}.tar`),
  ]);
  if (want.every((p) => existsSync(p))) return true;
  const script = join(shared, 'tools', 'make-fixture-images.sh');
  if (!existsSync(script)) {
    log('SKIP fixture images: ../shared/tools/make-fixture-images.sh not found');
    return false;
  }
  log(
    'building the fixture images (../shared/tools/make-fixture-images.sh; several minutes the first time)…',
  );
  const r = spawnSync('bash', [script, fixtureDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`make-fixture-images.sh failed (exit ${r.status})`);
  return want.every((p) => existsSync(p));
}

/** Layer blobs of the (first) image in an OCI layout, with how to decompress each. */
function ociLayers(layout) {
  const blob = (digest) => join(layout, 'blobs', ...digest.split(':'));
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  return manifest.layers.map((l) => ({
    path: blob(l.digest),
    size: l.size,
    codec: /zstd/.test(l.mediaType) ? 'zstd' : /gzip/.test(l.mediaType) ? 'gzip' : 'none',
  }));
}

/** The physical floor over an OCI layout: decompress every layer blob and list its tar. */
function ociFloor(layout) {
  const layers = ociLayers(layout);
  const script =
    'while [ $# -gt 0 ]; do case $1 in gzip) gzip -dc "$2";; zstd) zstd -dc "$2";; *) cat "$2";; esac | tar -t >/dev/null || exit 1; shift 2; done';
  return () => measure('sh', ['-c', script, 'sh', ...layers.flatMap((l) => [l.codec, l.path])]);
}

/** The docker-archive form's own floor: one pass over the archive, each layer member listed. */
function archiveFloor(archive) {
  const manifest = JSON.parse(sh('tar -xOf "$1" manifest.json', [archive]));
  const layers = manifest[0].Layers;
  const magic = sh('tar -xOf "$1" "$2" 2>/dev/null | head -c 2 | od -An -tx1', [archive, layers[0]]).trim();
  const lister = magic === '1f 8b' ? 'gzip -dc | tar -t >/dev/null' : 'tar -t >/dev/null';
  return () => measure('tar', ['-xf', archive, `--to-command=${lister}`, ...layers]);
}

function warmPageCache(paths) {
  sh(
    'for p; do if [ -d "$p" ]; then find "$p" -type f -exec cat {} + ; else cat "$p"; fi; done >/dev/null',
    paths,
  );
}

function rampartSbom(target, extra, outFile) {
  const r = measure(process.execPath, [runJs, 'image', 'sbom', target, '-o', 'json', ...extra], {
    stdoutFile: outFile,
  });
  const report = JSON.parse(readFileSync(outFile, 'utf8'));
  return {
    ...r,
    packages: report.packages.length,
    distribution: report.distribution?.prettyName ?? report.distribution?.name ?? null,
  };
}

function trivyCold(target) {
  const out = join(benchDir, 'trivy-out.json');
  const script = join(shared, 'tools', 'trivy-peer.sh');
  // RAW=1: the script prints trivy's own report, so the child's CPU time is trivy's (plus a few
  // ms of bash) and not the node normalisation step.
  const r = measure('bash', [script, trivyDir, target], {
    stdoutFile: out,
    env: { ...process.env, RAW: '1' },
  });
  const m = /trivy \w+: wall ([\d.]+)s, peak RSS (\d+) MiB/.exec(r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const packages = (report.Results ?? []).reduce((n, res) => n + (res.Packages?.length ?? 0), 0);
  // wall and RSS as trivy-peer.sh reports them for the trivy binary alone
  return { wall: m ? Number(m[1]) : r.wall, cpu: r.cpu, rssMiB: m ? Number(m[2]) : r.rssMiB, packages };
}

function fixtureRows() {
  const haveTrivy = !flag('--no-trivy') && existsSync(join(shared, 'tools', 'trivy-peer.sh'));
  const cases = [];
  for (const name of imageNames) {
    const oci = join(fixtureDir, 'oci', name);
    const archive = join(fixtureDir, 'docker-archive', `${name}.tar`);
    const gzFloor = ociFloor(oci);
    cases.push({
      name,
      form: 'docker-archive',
      target: archive,
      gzFloor,
      formFloor: archiveFloor(archive),
      samples: [],
    });
    cases.push({ name, form: 'oci', target: oci, gzFloor, formFloor: gzFloor, samples: [] });
  }
  warmPageCache(cases.map((c) => c.target));
  if (haveTrivy && !existsSync(join(trivyDir, 'trivy'))) {
    log('installing Trivy into .cache/trivy (first use; untimed)…');
    trivyCold(cases[0].target);
  }
  const out = join(benchDir, 'rampart-out.json');
  for (let run = 1; run <= RUNS; run++) {
    for (const c of cases) {
      log(`run ${run}/${RUNS}: ${c.name} ${c.form}`);
      const cache = mkdtempSync(join(tmpdir(), 'rampart-bench-cache-'));
      try {
        const cold = rampartSbom(c.target, ['--cache-dir', cache], out);
        const warm = rampartSbom(c.target, ['--cache-dir', cache], out);
        if (warm.packages !== cold.packages)
          throw new Error(
            `${c.name} ${c.form}: warm scan found ${warm.packages} packages, cold ${cold.packages}`,
          );
        const trivy = haveTrivy ? trivyCold(c.target) : null;
        const floor = c.gzFloor();
        const formFloor = c.form === 'oci' ? floor : c.formFloor();
        c.samples.push({ cold, warm, trivy, floor, formFloor });
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    }
  }
  return cases.map((c) => {
    const med = (pick) => median(c.samples.map(pick));
    const row = { image: c.name, form: c.form, packages: c.samples[0].cold.packages };
    row.trivyPackages = c.samples[0].trivy?.packages ?? null;
    for (const k of ['cold', 'warm', 'trivy', 'floor', 'formFloor']) {
      row[k] = { wall: med((s) => s[k]?.wall), cpu: med((s) => s[k]?.cpu), rssMiB: med((s) => s[k]?.rssMiB) };
    }
    row.samples = c.samples.map((s) => ({
      cold: s.cold.wall,
      warm: s.warm.wall,
      trivy: s.trivy?.wall ?? null,
      floor: s.floor.wall,
    }));
    const ratio = (a, b) => (a != null && b ? a / b : null);
    row.coldVsTrivy = ratio(row.cold.wall, row.trivy.wall);
    row.coldVsFloor = ratio(row.cold.wall, row.floor.wall);
    row.cpuColdVsTrivy = ratio(row.cold.cpu, row.trivy.cpu);
    row.cpuColdVsFloor = ratio(row.cold.cpu, row.floor.cpu);
    return row;
  });
}

function startupTiming(args) {
  const runs = [];
  for (let i = 0; i < 10; i++) runs.push(measure(process.execPath, args));
  const walls = runs.map((r) => r.wall);
  return {
    wall: median(walls),
    cpu: median(runs.map((r) => r.cpu)),
    min: Math.min(...walls),
    max: Math.max(...walls),
  };
}

async function largeLayer() {
  const info = await ensureLargeImage(join(benchDir, 'large-image'), log);
  if (info.generated) log(`generated in ${info.seconds.toFixed(0)} s`);
  warmPageCache([info.layout]);
  const runs = Number(option('--large-runs', '1'));
  const scans = [];
  const floors = [];
  const out = join(benchDir, 'rampart-large-out.json');
  for (let i = 1; i <= runs; i++) {
    log(`large layer run ${i}/${runs}: rampart --no-cache`);
    scans.push(rampartSbom(info.layout, ['--no-cache'], out));
    log(`large layer run ${i}/${runs}: floor`);
    floors.push(ociFloor(info.layout)());
  }
  return {
    runs,
    compressedMiB: info.compressedBytes / 1024 ** 2,
    uncompressedMiB: info.uncompressedBytes / 1024 ** 2,
    entries: info.entries,
    packages: scans[0].packages,
    distribution: scans[0].distribution,
    wall: median(scans.map((s) => s.wall)),
    cpu: median(scans.map((s) => s.cpu)),
    rssMiB: median(scans.map((s) => s.rssMiB)),
    floor: {
      wall: median(floors.map((s) => s.wall)),
      cpu: median(floors.map((s) => s.cpu)),
      rssMiB: median(floors.map((s) => s.rssMiB)),
    },
  };
}

const f2 = (x) => (x == null ? '–' : x.toFixed(2));
const f0 = (x) => (x == null ? '–' : x.toFixed(0));
const ok = (met) => (met == null ? '–' : met ? 'yes' : 'NO');

function printReport(res) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  p(
    `Indexer benchmark, ${res.date}: node ${process.version}, ${res.cpus} CPUs shared with other jobs (load average ${res.load}), medians of ${RUNS} runs`,
  );
  if (res.fixtures) {
    p();
    p("Wall seconds (the issue's targets):");
    p();
    p(
      '| image | form | pkgs rampart/trivy | rampart cold | rampart warm | trivy cold | floor | form floor | cold/trivy ≤ 0.5 | cold/floor ≤ 1.3 | warm ≤ 0.3 s |',
    );
    p('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of res.fixtures) {
      p(
        `| ${r.image} | ${r.form} | ${r.packages}/${r.trivyPackages ?? '–'} | ${f2(r.cold.wall)} | ${f2(r.warm.wall)} | ${f2(r.trivy.wall)} | ` +
          `${f2(r.floor.wall)} | ${f2(r.formFloor.wall)} | ${f2(r.coldVsTrivy)} ${ok(r.coldVsTrivy == null ? null : r.coldVsTrivy <= TARGET.coldVsTrivy)} | ` +
          `${f2(r.coldVsFloor)} ${ok(r.coldVsFloor <= TARGET.coldVsFloor)} | ${ok(r.warm.wall <= TARGET.warmSeconds)} |`,
      );
    }
    p();
    p('CPU seconds (user + system, all threads and child processes) and peak RSS in MiB:');
    p();
    p(
      '| image | form | rampart cold | rampart warm | trivy cold | floor | cpu cold/trivy | cpu cold/floor | RSS cold | RSS warm | RSS trivy | RSS floor |',
    );
    p('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of res.fixtures) {
      p(
        `| ${r.image} | ${r.form} | ${f2(r.cold.cpu)} | ${f2(r.warm.cpu)} | ${f2(r.trivy.cpu)} | ${f2(r.floor.cpu)} | ` +
          `${f2(r.cpuColdVsTrivy)} | ${f2(r.cpuColdVsFloor)} | ${f0(r.cold.rssMiB)} | ${f0(r.warm.rssMiB)} | ${f0(r.trivy.rssMiB)} | ${f0(r.floor.rssMiB)} |`,
      );
    }
    p();
    p(
      'floor = `gzip -dc BLOB | tar -t` over the OCI layer blobs (the same layers for both forms); form floor = the',
    );
    p(
      "docker-archive's own floor, one `tar -x --to-command='tar -t'` pass over the archive (its layers are stored",
    );
    p("uncompressed). Trivy: trivy-peer.sh, fresh cache each run; its wall and RSS are the binary's own.");
  }
  const v = res.version;
  const n = res.nodeStartup;
  p();
  p(
    `rampart --version: ${f2(v.wall)} s wall (min ${f2(v.min)}, max ${f2(v.max)}), ${f2(v.cpu)} s CPU, median of 10; ` +
      `target ≤ ${TARGET.versionSeconds} s: ${ok(v.wall <= TARGET.versionSeconds)}. ` +
      `Bare \`node -e 0\` on this machine: ${f2(n.wall)} s wall (min ${f2(n.min)}), ${f2(n.cpu)} s CPU.`,
  );
  if (res.large) {
    const l = res.large;
    p();
    p(
      `Large layer (${l.runs} run${l.runs > 1 ? 's, medians' : ''}): ${l.entries.toLocaleString('en')} entries, ${f0(l.uncompressedMiB)} MiB uncompressed, ${f0(l.compressedMiB)} MiB gzip; ` +
        `found ${l.packages} packages, ${l.distribution ?? 'no distribution'}.`,
    );
    p(
      `  rampart --no-cache: ${f2(l.wall)} s wall, ${f2(l.cpu)} s CPU, peak RSS ${f0(l.rssMiB)} MiB ` +
        `(target < ${TARGET.largeRssMiB} MiB: ${ok(l.rssMiB != null && l.rssMiB < TARGET.largeRssMiB)})`,
    );
    p(
      `  floor: ${f2(l.floor.wall)} s wall, ${f2(l.floor.cpu)} s CPU, ${f0(l.floor.rssMiB)} MiB; ` +
        `rampart/floor ${f2(l.wall / l.floor.wall)} wall, ${f2(l.cpu / l.floor.cpu)} CPU`,
    );
  }
  console.log(lines.join('\n'));
}

ensureBuilt();
mkdirSync(benchDir, { recursive: true });
ensureGnuTime(log);
const res = {
  date: new Date().toISOString().slice(0, 16) + 'Z',
  cpus: cpus().length,
  load: loadavg()[0].toFixed(1),
};
const haveFixtures = !flag('--no-fixtures') && ensureFixtures();
await snapshotBuild(haveFixtures ? join(fixtureDir, 'oci', imageNames[0]) : undefined);
if (haveFixtures) res.fixtures = fixtureRows();
log('rampart --version ×10, node -e 0 ×10');
res.version = startupTiming([runJs, '--version']);
res.nodeStartup = startupTiming(['-e', '0']);
if (!flag('--no-large')) res.large = await largeLayer();
writeFileSync(join(benchDir, 'indexer-results.json'), JSON.stringify(res, null, 2));
printReport(res);
