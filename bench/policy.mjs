// Policy engine throughput: DEPLOY evaluations per second with StackRox's 89 default policies
// (read from ../shared) compiled once, against a naive baseline that re-parses and re-compiles
// the policy JSON for every evaluation. Prints figures only.
// Run: node --import tsx bench/policy.mjs
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compilePolicies, evaluateDeployment, parsePolicyDocument } from '../src/policy/index.ts';
import { NOW, goodWitness, applyGroup } from '../test/helpers/policy-witness.ts';

const dir = fileURLToPath(new URL('../../shared/fixtures/stackrox-policies', import.meta.url));
if (!existsSync(dir)) {
  console.log('policy bench: ../shared not found, nothing to measure');
  process.exit(0);
}
const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
const policies = texts
  .flatMap((t, i) => parsePolicyDocument(t, String(i)))
  .map((p) => ({ ...p, disabled: false }));

// A mixed workload: a clean deployment and one violating several policies.
const clean = goodWitness();
const dirty = goodWitness();
for (const p of policies.filter((p) => p.lifecycleStages.includes('DEPLOY')).slice(0, 12)) {
  for (const g of p.policySections[0].policyGroups) {
    try {
      applyGroup(dirty, g);
    } catch {
      /* a field the witness cannot build; skip */
    }
  }
}
const inputs = [clean, dirty].map((w) => ({
  deployment: w.deployment,
  images: new Map([[w.image.name.fullName, w.image]]),
  stage: 'DEPLOY',
  now: NOW,
}));

let pick = (n) => inputs[n % 2];
function measure(label, fn, minMs = 3000) {
  let n = 0;
  let violations = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    violations += fn(pick(n)).length;
    n++;
  }
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label.padEnd(30)} ${String(Math.round(n / s)).padStart(7)} evals/s wall, ` +
      `${String(Math.round(n / cpuS)).padStart(7)} per CPU-second (${n} evals, ${violations} violations)`,
  );
  return n / cpuS;
}

const compiled = compilePolicies(policies);
const policyJson = JSON.stringify({ policies });
console.log(`policies: ${policies.length} (all enabled), node ${process.version}`);
pick = () => inputs[0];
measure('compiled, clean deployment', (input) => evaluateDeployment(compiled, input));
pick = () => inputs[1];
measure('compiled, violating deployment', (input) => evaluateDeployment(compiled, input));
pick = (n) => inputs[n % 2];
const fast = measure('compiled once, mixed', (input) => evaluateDeployment(compiled, input));
const slow = measure('naive: re-parse + re-compile', (input) =>
  evaluateDeployment(compilePolicies(parsePolicyDocument(policyJson, 'bench')), input),
);
console.log(
  `speed-up (CPU time): ${(fast / slow).toFixed(1)}x; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
);
