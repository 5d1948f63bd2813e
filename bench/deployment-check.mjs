#!/usr/bin/env node
// `rampart deployment check` on a 1,000-workload multi-document file with the default policy set,
// against the floor a kube-linter-style tool pays: one pass of YAML parsing of the same file in a
// fresh Node process. Reports wall and CPU seconds (median of interleaved rounds) and the ratio.
// Usage: node bench/deployment-check.mjs [--workloads 1000] [--rounds 5]   (after `npm run build`)
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { ensureGnuTime, measure } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { workloads: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '5' } },
});
const wanted = Number(values.workloads);
const rounds = Number(values.rounds);
const log = (m) => process.stderr.write(m + '\n');

// Build the input from the manifest corpus: every YAML document, renamed per copy (namespace and
// names get a suffix) until the file holds the wanted number of workload objects. Services, RBAC
// and NetworkPolicies come along, so exposure, permission and coverage resolution run for real.
const dir = join(root, 'test', 'fixtures', 'workloads');
const docs = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').split(/^---\s*$/m))
  .map((d) => d.trim())
  .filter((d) => d !== '');
const WORKLOAD =
  /^kind: (Deployment|DaemonSet|StatefulSet|ReplicaSet|ReplicationController|Pod|Job|CronJob|DeploymentConfig)$/m;
const out = [];
let count = 0;
for (let copy = 0; count < wanted; copy++) {
  for (const d of docs) {
    if (WORKLOAD.test(d)) {
      if (count >= wanted) continue;
      count++;
    }
    out.push(d.replace(/^(\s*)(name|namespace): ([\w.-]+)\s*$/gm, `$1$2: $3-c${copy}`));
  }
}
const work = mkdtempSync(join(tmpdir(), 'rampart-bench-deploy-'));
const file = join(work, 'workloads.yaml');
writeFileSync(file, out.join('\n---\n') + '\n');
const parseScript = join(work, 'parse-only.mjs');
writeFileSync(
  parseScript,
  `import { readFileSync } from 'node:fs';\nimport { createRequire } from 'node:module';\n` +
    `const require = createRequire(${JSON.stringify(join(root, 'package.json'))});\n` +
    `const { parseAllDocuments } = require('yaml');\n` +
    `const docs = parseAllDocuments(readFileSync(process.argv[2], 'utf8')).map((d) => d.toJS());\n` +
    `process.stdout.write(String(docs.length) + '\\n');\n`,
);
ensureGnuTime(log);
log(
  `input: ${count} workloads, ${out.length} documents, ${(readFileSync(file).length / 1e6).toFixed(2)} MB; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}`,
);

const bin = join(root, 'bin', 'run.js');
const check = [];
const parse = [];
const resultFile = join(work, 'result.json');
for (let i = 0; i < rounds; i++) {
  check.push(
    measure(process.execPath, [bin, 'deployment', 'check', '-f', file, '-o', 'json'], {
      allowFail: true,
      stdoutFile: resultFile,
    }),
  );
  parse.push(measure(process.execPath, [parseScript, file]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (name, ms) => {
  const wall = median(ms.map((m) => m.wall));
  const cpu = ms[0].cpu === null ? null : median(ms.map((m) => m.cpu));
  const rss = ms[0].rssMiB === null ? null : Math.max(...ms.map((m) => m.rssMiB));
  log(
    `${name.padEnd(34)} wall ${wall.toFixed(2)} s   cpu ${cpu === null ? '-' : cpu.toFixed(2) + ' s'}   peak RSS ${rss === null ? '-' : rss.toFixed(0) + ' MiB'}`,
  );
  return { wall, cpu };
};
const c = row('rampart deployment check -o json', check);
const p = row('YAML parse only (floor)', parse);
log(
  `ratio (check / parse floor): wall ${(c.wall / p.wall).toFixed(1)}x${c.cpu && p.cpu ? `, cpu ${(c.cpu / p.cpu).toFixed(1)}x` : ''}`,
);
const results = JSON.parse(readFileSync(resultFile, 'utf8')).results.length;
log(`deployment check exit ${check[0].status}; ${results} deployments with violations in the JSON result`);
rmSync(work, { recursive: true, force: true });
