/**
 * Rampart's inventory against Trivy's on the same real image (debian-apps, OCI layout): for
 * every package type both know, every package Trivy reports (name@version at a path) is in
 * Rampart's report. Differences are printed so the note can list them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import type { IndexReport } from '../../../src/model/index-report.js';
import { ensureFixtureImages, repoRoot, sharedAvailable, sharedDir } from '../../helpers/fixture-images.js';
import { runCli } from '../../helpers/run-cli.js';

interface TrivyPackage {
  type: string;
  name: string;
  version: string;
  filePath: string | null;
}

/** Trivy's result types → our package types. */
const TYPE: Record<string, string> = { debian: 'deb', 'node-pkg': 'npm', 'python-pkg': 'pypi' };

describe('inventory against Trivy on debian-apps (corpus)', function () {
  it('Rampart ⊇ Trivy for deb, npm and Python packages', async function () {
    if (!sharedAvailable()) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    const fixtures = await ensureFixtureImages();
    const layout = fixtures.ociLayout('debian-apps');
    const trivy = spawnSync(
      'bash',
      [join(sharedDir, 'tools', 'trivy-peer.sh'), join(repoRoot, '.cache', 'trivy'), layout],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (trivy.status !== 0) {
      // The peer is downloaded from the npm registry on first use; without it there is nothing to compare.
      console.warn(`SKIP: trivy peer unavailable: ${trivy.stderr.trim().split('\n').pop()}`);
      this.skip();
    }
    const peer = JSON.parse(trivy.stdout) as { packages: TrivyPackage[] };
    const r = await runCli(['image', 'sbom', layout, '-o', 'json', '--no-cache']);
    assert.equal(r.code, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as IndexReport;
    const have = new Set(ours.packages.map((p) => `${p.type} ${p.name}@${p.version}`));
    const missing: string[] = [];
    let compared = 0;
    for (const p of peer.packages) {
      const type = TYPE[p.type];
      if (!type) continue;
      compared++;
      const name = type === 'pypi' ? p.name.toLowerCase().replace(/[-_.]+/g, '-') : p.name;
      const hit =
        have.has(`${type} ${name}@${p.version}`) ||
        ours.packages.some(
          (q) =>
            q.type === type &&
            q.name.toLowerCase().replace(/[-_.]+/g, '-') === name.toLowerCase() &&
            q.version === p.version,
        );
      if (!hit) missing.push(`${p.type} ${p.name}@${p.version} (${p.filePath ?? ''})`);
    }
    // What Rampart reports beyond Trivy, listed so the differences can be explained in the note.
    const norm = (type: string, name: string) =>
      type === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
    const theirs = new Set(
      peer.packages
        .filter((p) => TYPE[p.type])
        .map((p) => `${TYPE[p.type]} ${norm(TYPE[p.type]!, p.name)}@${p.version}`),
    );
    const extra = ours.packages
      .filter((q) => !theirs.has(`${q.type} ${norm(q.type, q.name)}@${q.version}`))
      .map((q) => `${q.type} ${q.name}@${q.version} (${q.location ?? ''})`);
    console.log(
      `      trivy packages compared: ${compared}, rampart packages: ${ours.packages.length}, missing from rampart: ${missing.length}, rampart only: ${extra.length}`,
    );
    for (const e of extra) console.log(`        rampart only: ${e}`);
    assert.ok(compared >= 121 + 52 + 9, `trivy found ${compared}`);
    assert.deepEqual(missing, []);
  });
});
