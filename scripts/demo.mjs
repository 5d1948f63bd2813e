#!/usr/bin/env node
// The main job end to end on real data, offline: build a small real image from this checkout
// (the npm packages `npm ci` installed, plus the host's own OS release and dpkg/apk database
// when it has one) as an OCI layout with three layers — the third deletes a package directory
// with a whiteout — then run `rampart image sbom` on it twice (cold, then from the layer cache)
// and print what it found.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { pack } from 'tar-stream';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, '.cache', 'demo');
const layout = join(out, 'image');
const cacheDir = join(out, 'layer-cache');

async function tarOf(entries) {
  const p = pack();
  const chunks = [];
  p.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve, reject) => { p.on('end', resolve); p.on('error', reject); });
  for (const [name, data] of entries) {
    await new Promise((resolve, reject) => p.entry({ name, mode: 0o644, size: data.length }, data, (e) => (e ? reject(e) : resolve())));
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

const sha = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function hostOsFiles() {
  const files = [];
  for (const p of ['etc/os-release', 'usr/lib/os-release', 'var/lib/dpkg/status', 'lib/apk/db/installed']) {
    const abs = `/${p}`;
    if (existsSync(abs) && statSync(abs).isFile()) files.push([p, readFileSync(abs)]);
  }
  return files;
}

function npmFiles() {
  const files = [];
  const root = join(repo, 'node_modules');
  const visit = (dir, rel, depth) => {
    if (depth > 3 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) { visit(join(dir, name), `${rel}/${name}`, depth); continue; }
      const pj = join(dir, name, 'package.json');
      if (existsSync(pj)) files.push([`app${rel}/${name}/package.json`, readFileSync(pj)]);
      visit(join(dir, name, 'node_modules'), `${rel}/${name}/node_modules`, depth + 1);
    }
  };
  visit(root, '/node_modules', 0);
  files.push(['app/package.json', readFileSync(join(repo, 'package.json'))]);
  return files;
}

async function buildImage() {
  rmSync(layout, { recursive: true, force: true });
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  const os = hostOsFiles();
  const npm = npmFiles();
  const layers = [
    await tarOf(os.length ? os : [['etc/os-release', Buffer.from('ID=unknown\n')]]),
    await tarOf(npm),
    await tarOf([['app/node_modules/.wh.semver', Buffer.alloc(0)]]),
  ];
  const put = (data) => { writeFileSync(join(layout, 'blobs', 'sha256', sha(data).slice(7)), data); return sha(data); };
  const blobs = layers.map((t) => gzipSync(t));
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', created: '2026-01-01T00:00:00Z',
    config: { WorkingDir: '/app', Labels: { 'org.opencontainers.image.title': 'rampart-demo' } },
    rootfs: { type: 'layers', diff_ids: layers.map(sha) },
    history: [
      { created_by: 'COPY host OS release and package database' },
      { created_by: 'COPY node_modules/ /app/node_modules/' },
      { created_by: 'RUN rm -rf /app/node_modules/semver' },
    ],
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(config), size: config.length },
    layers: blobs.map((b) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: put(b), size: b.length })),
  }));
  put(manifest);
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{
    mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest), size: manifest.length,
    annotations: { 'org.opencontainers.image.ref.name': 'latest' } }] }));
  return { osFiles: os.length, npmFiles: npm.length };
}

function rampart(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) { process.stderr.write(r.stderr); process.exit(r.status ?? 1); }
  return { stdout: r.stdout, ms };
}

const built = await buildImage();
console.log(`built ${layout} (3 layers: ${built.osFiles} host OS files, ${built.npmFiles} npm package.json files, 1 whiteout)`);
rmSync(cacheDir, { recursive: true, force: true });
const cold = rampart(['image', 'sbom', `oci:${layout}:latest`, '-o', 'json', '--cache-dir', cacheDir]);
const warm = rampart(['image', 'sbom', `oci:${layout}:latest`, '-o', 'json', '--cache-dir', cacheDir]);
const sbom = rampart(['image', 'sbom', `oci:${layout}:latest`, '--cache-dir', cacheDir]);
writeFileSync(join(out, 'sbom.cdx.json'), sbom.stdout);
const report = JSON.parse(cold.stdout);
const byType = {};
for (const p of report.packages) byType[p.type] = (byType[p.type] ?? 0) + 1;
console.log(`distribution: ${report.distribution?.prettyName ?? 'none detected'}`);
console.log(`packages: ${report.packages.length} (${Object.entries(byType).map(([t, n]) => `${t} ${n}`).join(', ')})`);
console.log(`semver deleted by the whiteout layer: ${report.packages.some((p) => p.location === 'app/node_modules/semver/package.json') ? 'NO (bug)' : 'yes'}`);
console.log(`cold scan ${cold.ms.toFixed(0)} ms, warm scan from the layer cache ${warm.ms.toFixed(0)} ms`);
console.log(`CycloneDX SBOM written to ${join(out, 'sbom.cdx.json')}`);
if (JSON.stringify(JSON.parse(warm.stdout).packages) !== JSON.stringify(report.packages)) {
  console.error('warm scan differs from cold scan'); process.exit(1);
}
