import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

import type { Deployment } from '../../../src/model/deployment.js';
import { loadDefaultPolicies } from '../../../src/policy/defaults/load-default-policies.js';
import { compilePolicies, evaluateDeployment } from '../../../src/policy/index.js';
import { loadWorkloads, workloadKinds, type WorkloadSet } from '../../../src/policy/workloads/index.js';

const DIR = new URL('../../fixtures/workloads/', import.meta.url);
const WANT = new URL('want.json', DIR);
const files = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'want.json' && f !== 'verdicts.json')
  .sort();

function loadFile(f: string): WorkloadSet {
  return loadWorkloads([{ file: f, text: readFileSync(new URL(f, DIR), 'utf8') }]);
}

function find(set: WorkloadSet, name: string): Deployment {
  const d = set.workloads.find((w) => w.deployment.name === name)?.deployment;
  assert.ok(d, `workload ${name} not found`);
  return d;
}

describe('manifest corpus (test/fixtures/workloads)', () => {
  const sets = new Map(files.map((f) => [f, loadFile(f)]));
  const all = [...sets.values()].flatMap((s) => s.workloads);

  it('holds at least 40 workloads of every kind', () => {
    assert.ok(all.length >= 40, `only ${all.length} workloads`);
    const kinds = new Set(all.map((w) => w.deployment.type));
    for (const k of workloadKinds) assert.ok(kinds.has(k), `no ${k} in the corpus`);
  });

  it('skips owned objects and reports CRD instances as ignored', () => {
    assert.equal(
      sets.get('kind-list.yaml')!.workloads.some((w) => w.deployment.name === 'web-5d4f8c7b9'),
      false,
    );
    assert.equal(
      sets.get('jobs.yaml')!.workloads.some((w) => w.deployment.name === 'one-off-9f8e7'),
      false,
    );
    assert.deepEqual(sets.get('crds.yaml')!.ignoredObjectRefs, [
      'widgets/blue[example.com/v1, Kind=Widget]',
      'letsencrypt[cert-manager.io/v1, Kind=ClusterIssuer]',
      'widgets/widgets[monitoring.coreos.com/v1, Kind=ServiceMonitor]',
    ]);
  });

  it('resolves exposure, RBAC level and network policies from the same file', () => {
    const shop = sets.get('helm-shop.yaml')!;
    assert.equal(find(shop, 'shop-frontend').ports![0]!.exposure, 'EXTERNAL');
    assert.equal(find(shop, 'shop-api').ports![0]!.exposure, 'INTERNAL');
    assert.equal(find(shop, 'shop-api').serviceAccountPermissionLevel, 'DEFAULT');
    assert.deepEqual(find(shop, 'shop-api').networkPoliciesApplied?.policies, [
      'shop-default-deny',
      'shop-api-from-frontend',
    ]);
    const mon = sets.get('monitoring.yaml')!;
    assert.equal(find(mon, 'prometheus').serviceAccountPermissionLevel, 'ELEVATED_CLUSTER_WIDE');
    assert.equal(find(mon, 'node-exporter').ports![0]!.exposure, 'HOST');
    assert.equal(find(sets.get('openshift.yaml')!, 'catalog').ports![0]!.exposure, 'ROUTE');
    assert.equal(
      find(sets.get('risky.yaml')!, 'cluster-admin-operator').serviceAccountPermissionLevel,
      'CLUSTER_ADMIN',
    );
    assert.equal(
      find(sets.get('crds.yaml')!, 'widget-controller').serviceAccountPermissionLevel,
      'ELEVATED_IN_NAMESPACE',
    );
  });

  it('converts JSON quantities exactly', () => {
    const json = sets.get('workloads.json')!;
    assert.deepEqual(find(json, 'json-api').containers![0]!.resources, {
      cpuCoresRequest: 0.25,
      cpuCoresLimit: 0,
      memoryMbRequest: 300e6 / 1048576,
      memoryMbLimit: 1e9 / 1048576,
    });
    assert.deepEqual(find(json, 'json-pod').containers![0]!.resources, {
      cpuCoresRequest: 1.5,
      cpuCoresLimit: 1.5,
      memoryMbRequest: 1536,
      memoryMbLimit: 1536,
    });
  });

  it('records the source line of every workload', () => {
    const text = readFileSync(new URL('risky.yaml', DIR), 'utf8').split('\n');
    for (const w of sets.get('risky.yaml')!.workloads) {
      assert.match(
        text[w.source.line - 1]!,
        /^apiVersion: /,
        `${w.deployment.name} at line ${w.source.line}`,
      );
      assert.match(
        text.slice(w.source.line - 1, w.source.line + 4).join('\n'),
        new RegExp(`name: ${w.deployment.name}`),
      );
    }
  });

  it('matches the reviewed summary in want.json (UPDATE_GOLDEN=1 rewrites it)', () => {
    const policies = loadDefaultPolicies()
      .map((p) => p.policy)
      .filter((p) => p.lifecycleStages.includes('DEPLOY') && p.disabled !== true);
    const compiled = compilePolicies(policies);
    const got: Record<string, unknown> = {};
    for (const [file, set] of sets) {
      got[file] = {
        ignored: set.ignoredObjectRefs,
        workloads: set.workloads.map(({ deployment: d, source }) => ({
          ref: `${d.type}/${d.namespace}/${d.name}`,
          line: source.line,
          containers: (d.containers ?? []).map((c) => `${c.type}:${c.name}=${c.image?.name?.fullName}`),
          permissionLevel: d.serviceAccountPermissionLevel,
          exposure: (d.ports ?? []).map((p) => `${p.containerPort}/${p.protocol}:${p.exposure}`),
          networkPolicies: d.networkPoliciesApplied,
          violations: evaluateDeployment(compiled, { deployment: d, stage: 'DEPLOY' })
            .map((v) => v.policy.name)
            .sort(),
        })),
      };
    }
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(WANT, JSON.stringify(got, null, 2) + '\n');
    assert.deepEqual(got, JSON.parse(readFileSync(WANT, 'utf8')));
  });
});
