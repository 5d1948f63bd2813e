// Policy engine throughput: DEPLOY evaluations per CPU-second (one core) with Rampart's built-in
// default set (src/policy/defaults, compiled once) as shipped (disabled policies skipped: the
// default set a user gets, which the target is about) and with every policy enabled, over
// the workload corpus in test/fixtures/workloads, each container with generated scan data;
// against a naive interpreter in the same run that re-reads the policy JSON for every evaluation
// and walks sections → groups → values with no compiled matchers and no regex cache. Engine and
// interpreter must give the same verdicts on every workload, for both sets (checked first; exit 1
// otherwise). The engine keeps nothing from one evaluation to the next (its scan indexes live on
// the evaluation's container nodes), so cycling through the same inputs does not flatter it.
// Prints figures.
// Run: node --import tsx bench/policy.mjs [--ms 2000] [--rounds 3]
// Needs nothing outside the repository.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import { loadDefaultPolicies } from '../src/policy/defaults/load-default-policies.ts';
import { translateRe2 } from '../src/policy/engine/re2-regex.ts';
import { policyFieldByName } from '../src/policy/fields/registry.ts';
import { compilePolicies, evaluateDeployment } from '../src/policy/index.ts';
import { policyBenchInput } from '../test/helpers/policy-bench-input.ts';

const { values: opts } = parseArgs({
  options: { ms: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' } },
});
const MIN_MS = Number(opts.ms);
const ROUNDS = Number(opts.rounds);
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Input (test/helpers/policy-bench-input.ts, shared with the golden test of the engine's output):
// every workload of the manifest corpus, and one scanned image per distinct image reference.
const { deployments, images, inputs } = policyBenchInput();

// The full default set, every policy enabled (26 of them ship disabled).
const policies = loadDefaultPolicies().map((f) => ({ ...f.policy, disabled: false }));
const policyJson = JSON.stringify({ policies });

// ---------------------------------------------------------------------------------------------
// Naive interpreter: verdicts only (which policies are violated), from the policy JSON text.
// Field data is read through the field declarations' `read` (the data model is not what is being
// compared); everything about values — regexes, prefixes, numbers, maps, compound values — is
// interpreted from the text at the point of use, every time.

const EMPTY = Symbol('empty');
const freshRegex = (pattern, anchored = true) => {
  const { source, flags } = translateRe2(pattern);
  return new RegExp(anchored ? `^(?:${source})$` : source, flags + 'i');
};
const tryRegex = (p) => {
  try {
    return freshRegex(p);
  } catch {
    return null;
  }
};
const OPS = /^\s*(<=|>=|<|>|=)?\s*(.*?)\s*$/;

function compare(op, x, want) {
  if (op === '<') return x < want;
  if (op === '<=') return x <= want;
  if (op === '>') return x > want;
  if (op === '>=') return x >= want;
  return Math.abs(x - want) < 1e-4;
}

function compoundHolds(parts, actual) {
  const pieces = actual.split('\t');
  for (let i = 0; i < parts.length; i++) {
    const text = i === parts.length - 1 ? pieces.slice(i).join('\t') : (pieces[i] ?? '');
    if (parts[i] !== '' && !freshRegex(parts[i]).test(text)) return false;
  }
  return true;
}

/** Does policy value `value` of `field` hold for one read value `v`? */
function valueHolds(field, value, v, now) {
  if (v === EMPTY) return false;
  if (field.name === 'Fixed By') return freshRegex(value === '.*' ? '.+' : value).test(String(v.raw));
  switch (field.match) {
    case 'regex':
      return freshRegex(value.startsWith('r/') ? value.slice(2) : value).test(String(v.raw));
    case 'containsRegex':
      return freshRegex(value.startsWith('r/') ? value.slice(2) : value, false).test(String(v.raw));
    case 'prefix': {
      let p = field.name === 'Exposed Port Protocol' ? value.toUpperCase() : value;
      const neg = p.startsWith('!');
      if (neg) p = p.slice(1);
      if (p.startsWith('r/')) return freshRegex(p.slice(2)).test(String(v.raw)) !== neg;
      let exact = false;
      if (p.startsWith('"')) {
        p = p.slice(1);
        if (p.endsWith('"')) {
          p = p.slice(0, -1);
          exact = p.length > 1;
        }
      }
      const s = String(v.raw).toLowerCase();
      const ok = exact ? s === p.toLowerCase() : p === '*' || s.startsWith(p.toLowerCase());
      return ok !== neg;
    }
    case 'bool':
      if (field.predicate) return field.predicate(value, () => now)(v);
      return typeof v.raw === 'boolean' && v.raw === (value.trim().toLowerCase() === 'true');
    case 'number': {
      const m = OPS.exec(value);
      return typeof v.raw === 'number' && compare(m[1] ?? '=', v.raw, Number(m[2]));
    }
    case 'days':
      return typeof v.raw === 'number' && now - v.raw >= Number(OPS.exec(value)[2]) * DAY;
    case 'compound': {
      const i = value.indexOf('=');
      const j = value.indexOf('=', i + 1);
      const parts =
        field.name === 'Environment Variable'
          ? [value.slice(0, i), value.slice(i + 1, j), value.slice(j + 1)]
          : [value.slice(0, i), value.slice(i + 1)];
      return compoundHolds(parts, String(v.raw));
    }
    default:
      // Enum orders and capability names: the field's own rule, rebuilt from the value each time.
      return field.predicate(value, () => now)(v);
  }
}

function kvHolds(value, entry) {
  const i = value.indexOf('=');
  const k = i < 0 ? value : value.slice(0, i);
  const val = i < 0 ? '' : value.slice(i + 1);
  return (!k || freshRegex(k).test(entry.key ?? '')) && (!val || freshRegex(val).test(String(entry.raw)));
}

/** StackRox's group rule (values by booleanOperator, then negate) on the values one node holds. */
function groupHolds(field, group, read, now) {
  if (read === undefined) return false;
  const values = group.values.map((v) => v.value);
  const op = group.booleanOperator ?? 'OR';
  if (field.match === 'map') {
    if (field.name.startsWith('Required')) return !read.some((e) => values.some((v) => kvHolds(v, e)));
    return op === 'AND'
      ? values.every((v) => read.some((e) => kvHolds(v, e)))
      : values.some((v) => read.some((e) => kvHolds(v, e)));
  }
  if (field.compileGroup)
    return field.compileGroup(values, op, group.negate === true, () => now)(read) !== null;
  const vs = read.length === 0 ? [EMPTY] : read;
  const hits = values.map((value) => vs.some((v) => valueHolds(field, value, v, now)));
  if (group.negate !== true) return op === 'AND' ? hits.every(Boolean) : hits.some(Boolean);
  return op === 'AND' ? hits.some((h) => !h) : hits.every((h) => !h);
}

const PARENT = {
  container: 'deployment',
  layer: 'container',
  component: 'container',
  vuln: 'component',
  volume: 'container',
  env: 'container',
  port: 'deployment',
  exposure: 'port',
};
const ORDER = ['container', 'layer', 'component', 'vuln', 'volume', 'env', 'port', 'exposure'];
function children(level, b) {
  if (level === 'container') return b.ctx.containers;
  if (level === 'layer') return b.container.image.metadata?.v1?.layers ?? [];
  if (level === 'component') return b.container.image.scan?.components ?? [];
  if (level === 'vuln') return b.component.vulns ?? [];
  if (level === 'volume') return b.container.container?.volumes ?? [];
  if (level === 'env') return b.container.container?.config?.env ?? [];
  if (level === 'port') return b.ctx.deployment.ports ?? [];
  return b.port.exposureInfos ?? [];
}

/** Linked matching, naively: every combination of array elements the section's fields reach. */
function sectionHolds(section, ctx) {
  const groups = section.policyGroups.map((g) => ({ g, field: policyFieldByName(g.fieldName) }));
  if (groups.length === 0) return false;
  const levels = new Set();
  for (const { field } of groups)
    for (let l = field.level; l && l !== 'deployment'; l = PARENT[l]) levels.add(l);
  let bindings = [{ ctx }];
  for (const level of ORDER) {
    if (!levels.has(level)) continue;
    bindings = bindings.flatMap((b) => children(level, b).map((node) => ({ ...b, [level]: node })));
  }
  return bindings.some((b) => groups.every(({ g, field }) => groupHolds(field, g, field.read(b), ctx.now)));
}

function labelsHold(kv, labels) {
  if (!kv) return true;
  const k = kv.key ? tryRegex(kv.key) : undefined;
  const v = kv.value ? tryRegex(kv.value) : undefined;
  if (k === null || v === null) return false;
  return Object.entries(labels ?? {}).some(([lk, lv]) => (!k || k.test(lk)) && (!v || v.test(lv)));
}
function scopeHolds(scope, d) {
  if (scope.cluster && scope.cluster !== d.clusterId) return false;
  if (scope.namespace) {
    const ns = tryRegex(scope.namespace);
    if (!ns || !ns.test(d.namespace ?? '')) return false;
  }
  return (
    labelsHold(scope.label, d.labels) &&
    labelsHold(scope.clusterLabel, d.clusterLabels) &&
    labelsHold(scope.namespaceLabel, d.namespaceLabels)
  );
}
function excludedNaive(policy, d, now) {
  for (const e of policy.exclusions ?? []) {
    if (e.expiration && Date.parse(e.expiration) <= now) continue;
    if (!e.deployment || (!e.deployment.name && !e.deployment.scope)) continue;
    if (e.deployment.name) {
      const re = tryRegex(e.deployment.name);
      if (!re || !re.test(d.name)) continue;
    }
    if (e.deployment.scope && !scopeHolds(e.deployment.scope, d)) continue;
    return true;
  }
  return false;
}

/** Names of the policies the deployment violates, interpreting `policyText` from scratch. */
function naiveEvaluate(policyText, input) {
  const { policies: ps } = JSON.parse(policyText);
  const now = input.now.getTime();
  const d = input.deployment;
  const containers = (d.containers ?? []).map((c) => ({
    name: c.name ?? '',
    container: c,
    image: input.images.get(c.image?.name?.fullName) ??
      input.images.get(c.image?.id) ?? { id: c.image?.id, name: c.image?.name, scan: null },
    imageName: c.image?.name,
  }));
  const out = [];
  for (const p of ps) {
    if (p.disabled || !p.lifecycleStages.includes(input.stage)) continue;
    if ((p.scope ?? []).length > 0 && !p.scope.some((s) => scopeHolds(s, d))) continue;
    const skip = p.evaluationFilter?.skipContainerTypes ?? [];
    const ctx = {
      stage: input.stage,
      deployment: d,
      now,
      containers: containers.filter((n) => !skip.includes(n.container.type ?? 'REGULAR')),
    };
    if ((p.policySections ?? []).some((s) => sectionHolds(s, ctx)) && !excludedNaive(p, d, now)) {
      out.push(p.name);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
const compiled = compilePolicies(policies);
// The set as shipped: the same policies, those that ship disabled skipped (by both contenders).
const shippedPolicies = loadDefaultPolicies().map((f) => f.policy);
const shipped = compilePolicies(shippedPolicies);
const shippedJson = JSON.stringify({ policies: shippedPolicies });

let disagree = 0;
let violations = 0;
let shippedViolations = 0;
for (const input of inputs) {
  for (const [set, text] of [
    [compiled, policyJson],
    [shipped, shippedJson],
  ]) {
    const a = evaluateDeployment(set, input)
      .map((v) => v.policy.name)
      .sort();
    const b = naiveEvaluate(text, input).sort();
    if (set === compiled) violations += a.length;
    else shippedViolations += a.length;
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      disagree++;
      console.error(
        `verdicts differ for ${input.deployment.name}: engine ${a.join(', ')} | naive ${b.join(', ')}`,
      );
    }
  }
}
const comps = [...images.values()].map((i) => i.scan.components.length);
const vulns = [...images.values()].map((i) => i.scan.components.reduce((n, c) => n + c.vulns.length, 0));
const containers = deployments.reduce((n, d) => n + (d.containers?.length ?? 0), 0);
console.log(
  `policy bench: ${policies.length} default policies (all enabled, ${policies.filter((p) => p.lifecycleStages.includes('DEPLOY')).length} DEPLOY), ` +
    `${deployments.length} workloads (${containers} containers), ${images.size} images ` +
    `(${Math.min(...comps)}-${Math.max(...comps)} components, ${Math.min(...vulns)}-${Math.max(...vulns)} vulns each); ` +
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`,
);
console.log(
  `verdicts: engine and naive agree on ${2 * inputs.length - disagree}/${2 * inputs.length} ` +
    `workload evaluations (${violations} violations with all enabled, ${shippedViolations} as shipped)`,
);
if (disagree > 0) process.exit(1);

/** Evaluations per CPU-second (and per wall second) cycling through the corpus for MIN_MS. */
function run(fn) {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < MIN_MS) {
    for (const input of inputs) fn(input);
    n += inputs.length;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perCpu: n / ((cpu.user + cpu.system) / 1e6), perWall: n / wall };
}

// Two more engine figures for context: the set as shipped (disabled policies skipped), and all
// policies on the same workloads with no scan data (every container "unscanned").
const unscanned = new Map();
const contenders = {
  shipped: (input) => evaluateDeployment(shipped, input),
  naiveShipped: (input) => naiveEvaluate(shippedJson, input),
  engine: (input) => evaluateDeployment(compiled, input),
  naive: (input) => naiveEvaluate(policyJson, input),
  unscanned: (input) => evaluateDeployment(compiled, { ...input, images: unscanned }),
};
const best = Object.fromEntries(Object.keys(contenders).map((k) => [k, { perCpu: 0, perWall: 0 }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [k, fn] of Object.entries(contenders)) {
    const x = run(fn);
    if (x.perCpu > best[k].perCpu) best[k] = x;
  }
}
const f = (x) => String(Math.round(x)).padStart(8);
const enabled = shipped.policies.filter((p) => !p.policy.disabled).length;
const line = (label, x) =>
  console.log(`  ${label.padEnd(44)} ${f(x.perCpu)} evals per CPU-second ${f(x.perWall)} per wall second`);
console.log(`best of ${ROUNDS} interleaved rounds of ${MIN_MS} ms, one thread:`);
line(`as shipped (${enabled} enabled), engine`, best.shipped);
line(`as shipped, naive interpreter (verdicts only)`, best.naiveShipped);
line(`all ${policies.length} enabled, engine`, best.engine);
line(`all enabled, naive interpreter (verdicts only)`, best.naive);
line(`all enabled, no scan data, engine`, best.unscanned);
console.log(
  `  speed-up over naive: ${(best.shipped.perCpu / best.naiveShipped.perCpu).toFixed(1)}x as shipped, ` +
    `${(best.engine.perCpu / best.naive.perCpu).toFixed(1)}x all enabled`,
);
console.log(
  `  target 20,000 per core with the default set as shipped: ${best.shipped.perCpu >= 20_000 ? 'met' : 'NOT met'}` +
    `; with all ${policies.length} enabled: ${best.engine.perCpu >= 20_000 ? 'met' : 'NOT met'}`,
);
