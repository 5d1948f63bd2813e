#!/usr/bin/env node
// The main job end to end on real data, offline: build a small real image from this checkout
// (the npm packages `npm ci` installed, plus the host's own OS release and dpkg/apk database
// when it has one) as an OCI layout with three layers — the third deletes a package directory
// with a whiteout — build a vulnerability database with `rampart vulndb import` from the real
// feed files in demo/vulndata (see its PROVENANCE.md), run `rampart image sbom` cold and warm,
// then `rampart image scan` (table on stdout, json to check it) and print a summary.
//
// Exits non-zero when a check fails: the carried advisories must hit exactly the npm packages
// their ranges cover (computed here from the feed files, not from the scanner), and on a
// Debian 12 (bookworm) host the OS packages must give findings. On any other host the OS
// packages are a coverage gap: the scanner must say so (a MATCH_* warning) and the demo says so too.
// RAMPART_DEMO_HOST_ROOT (default /) is where the OS release and package database are read from.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { pack } from 'tar-stream';

import { inRanges } from '../demo/osv-ranges.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, '.cache', 'demo');
const layout = join(out, 'image');
const cacheDir = join(out, 'layer-cache');
const vulndata = join(repo, 'demo', 'vulndata');
const dbPath = join(out, 'vulndb.sqlite');
const hostRoot = process.env.RAMPART_DEMO_HOST_ROOT || '/';

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
    const abs = join(hostRoot, p);
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
  return { stdout: r.stdout, stderr: r.stderr, ms };
}

const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

/** KEY=value lines of an os-release file. */
function osRelease(text) {
  const kv = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) kv[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  return kv;
}

/** Every carried GHSA/OSV record: { id, aliases, affected: [{ name, ranges }] } for npm. */
function carriedNpmAdvisories() {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.json')) files.push(join(dir, e.name));
    }
  };
  walk(join(vulndata, 'ghsa'));
  return files.map((f) => {
    const a = JSON.parse(readFileSync(f, 'utf8'));
    return {
      id: a.id,
      aliases: a.aliases ?? [],
      affected: a.affected.filter((x) => x.package.ecosystem === 'npm').map((x) => ({ name: x.package.name, ranges: x.ranges ?? [] })),
    };
  });
}

const dirSize = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);

// 1. The image.
const built = await buildImage();
console.log(`built ${relative(repo, layout)} (3 layers: ${built.osFiles} host OS files, ${built.npmFiles} npm package.json files, 1 whiteout)`);
const hostRelease = osRelease(existsSync(join(hostRoot, 'etc/os-release')) ? readFileSync(join(hostRoot, 'etc/os-release'), 'utf8') : existsSync(join(hostRoot, 'usr/lib/os-release')) ? readFileSync(join(hostRoot, 'usr/lib/os-release'), 'utf8') : '');
const hostDpkg = existsSync(join(hostRoot, 'var/lib/dpkg/status'));
const bookworm = hostRelease.ID === 'debian' && hostRelease.VERSION_CODENAME === 'bookworm' && hostDpkg;
if (!bookworm) {
  console.error(`WARNING: the host is ${hostRelease.PRETTY_NAME ?? 'unidentified (no os-release)'}${hostDpkg ? '' : ' with no dpkg database'}, not Debian 12 (bookworm): the carried Debian OVAL covers bookworm only, so the image's OS packages are a coverage gap and only its npm packages are matched`);
}

// 2. The vulnerability database, offline, from the feed files this repository carries.
rmSync(dbPath, { force: true });
for (const s of ['-wal', '-shm', '.lock']) rmSync(dbPath + s, { force: true });
const imported = rampart(['vulndb', 'import', vulndata, '--db', dbPath, '-q']);
const feedRows = imported.stdout.trim().split('\n').map((l) => l.split('\t'));
console.log(`vulnerability DB built offline from demo/vulndata (${(dirSize(vulndata) / 1e6).toFixed(1)} MB of real feed files) in ${(imported.ms / 1000).toFixed(1)} s: ${feedRows.map((r) => `${r[0]} ${r[2]}`).join(', ')}`);
for (const r of feedRows) check(r[1] === 'updated' && !/advisories 0$/.test(r[2]), `feed ${r[0]} imported nothing (${r.slice(1).join(' ')})`);

// 3. The SBOM, cold (fresh layer cache) and warm.
rmSync(cacheDir, { recursive: true, force: true });
const cold = rampart(['image', 'sbom', `oci:${layout}:latest`, '-o', 'json', '--cache-dir', cacheDir]);
const warm = rampart(['image', 'sbom', `oci:${layout}:latest`, '-o', 'json', '--cache-dir', cacheDir]);
const sbom = rampart(['image', 'sbom', `oci:${layout}:latest`, '--cache-dir', cacheDir]);
writeFileSync(join(out, 'sbom.cdx.json'), sbom.stdout);
const index = JSON.parse(cold.stdout);
const byType = {};
for (const p of index.packages) byType[p.type] = (byType[p.type] ?? 0) + 1;
console.log(`distribution: ${index.distribution?.prettyName ?? 'none detected'}`);
console.log(`packages: ${index.packages.length} (${Object.entries(byType).map(([t, n]) => `${t} ${n}`).join(', ')})`);
const semverGone = !index.packages.some((p) => p.location === 'app/node_modules/semver/package.json');
console.log(`semver deleted by the whiteout layer: ${semverGone ? 'yes' : 'NO (bug)'}`);
check(semverGone, 'the whiteout layer did not delete app/node_modules/semver');
console.log(`sbom cold ${cold.ms.toFixed(0)} ms, warm from the layer cache ${warm.ms.toFixed(0)} ms; CycloneDX SBOM written to ${relative(repo, join(out, 'sbom.cdx.json'))}`);
check(JSON.stringify(JSON.parse(warm.stdout).packages) === JSON.stringify(index.packages), 'warm sbom differs from cold sbom');

// 4. The scan: json without the layer cache (cold) and with it (warm), then the table.
const scanArgs = ['image', 'scan', `oci:${layout}:latest`, '--db', dbPath];
const scanCold = rampart([...scanArgs, '-o', 'json', '--no-cache']);
const scanWarm = rampart([...scanArgs, '-o', 'json', '--cache-dir', cacheDir]);
const table = rampart([...scanArgs, '--cache-dir', cacheDir]);
console.log('');
process.stdout.write(table.stdout);
writeFileSync(join(out, 'scan.txt'), table.stdout);
process.stderr.write(table.stderr);
console.log('');
const scan = JSON.parse(scanWarm.stdout);
const vulns = scan.result.vulnerabilities;
const summary = scan.result.summary;
check(scanCold.stdout === scanWarm.stdout, 'scan with the layer cache differs from the scan without it');
const tableTotal = /TOTAL-VULNERABILITIES: (\d+)/.exec(table.stdout)?.[1];
check(Number(tableTotal) === summary['TOTAL-VULNERABILITIES'], `table counts ${tableTotal} vulnerabilities, json ${summary['TOTAL-VULNERABILITIES']}`);
const codes = (scan.warnings ?? []).map((w) => w.code ?? w);

// 5. npm: what the carried advisories' own ranges say must be found, and must not.
const npmPkgs = new Map();
for (const p of index.packages) if (p.type === 'npm') npmPkgs.set(`${p.name}@${p.version}`, p);
const found = (name, version, adv) => vulns.some((v) => v.componentName === name && v.componentVersion === version && (v.cveId === adv.id || adv.aliases.includes(v.cveId)));
const expected = [];
let cleanChecked = 0;
for (const adv of carriedNpmAdvisories()) {
  for (const p of npmPkgs.values()) {
    const hits = adv.affected.filter((a) => a.name === p.name);
    if (hits.length === 0) continue;
    const affected = hits.some((a) => inRanges(p.version, a.ranges));
    if (affected) expected.push({ p, adv });
    else cleanChecked++;
    check(found(p.name, p.version, adv) === affected, `${p.name} ${p.version}: ${adv.id} ${affected ? 'expected but not found' : 'found although the advisory does not cover this version'}`);
  }
}
check(expected.length > 0, 'none of the npm advisories in demo/vulndata/ghsa covers a package in node_modules any more: add current ones (see demo/vulndata/PROVENANCE.md)');

// 6. Debian: findings on a bookworm host, a named coverage gap elsewhere.
const debVulns = vulns.filter((v) => !npmPkgs.has(`${v.componentName}@${v.componentVersion}`));
if (bookworm) {
  check(debVulns.length > 0, 'no findings for the Debian bookworm packages of the image');
  check(!codes.some((c) => String(c).startsWith('MATCH_')), `coverage warnings on a bookworm host: ${codes.join(', ')}`);
  if (index.packages.some((p) => p.type === 'deb' && p.name === 'apt'))
    check(vulns.some((v) => v.componentName === 'apt' && v.cveId === 'CVE-2011-3374'), 'apt: CVE-2011-3374 (open in bookworm) not found');
} else if (index.packages.some((p) => p.kind === 'os')) {
  check(codes.some((c) => String(c).startsWith('MATCH_DISTRO')), `the image's OS packages were not matched but the scan gave no MATCH_DISTRO_* warning (warnings: ${codes.join(', ') || 'none'})`);
}

// 7. Summary.
const sev = ['CRITICAL', 'IMPORTANT', 'MODERATE', 'LOW'].map((s) => `${s} ${summary[s] ?? 0}`).join(', ');
console.log('summary');
console.log(`  vulnerability DB: ${(imported.ms / 1000).toFixed(1)} s to build offline from demo/vulndata`);
console.log(`  image scan: ${summary['TOTAL-VULNERABILITIES']} vulnerabilities in ${summary['TOTAL-COMPONENTS']} components (${sev}); ${scanCold.ms.toFixed(0)} ms without the layer cache, ${scanWarm.ms.toFixed(0)} ms with it; table in ${relative(repo, join(out, 'scan.txt'))}`);
for (const { p, adv } of expected) {
  const v = vulns.find((x) => x.componentName === p.name && x.componentVersion === p.version && (x.cveId === adv.id || adv.aliases.includes(x.cveId)));
  console.log(`  npm ${p.name} ${p.version}: ${v?.cveId ?? adv.id} ${v?.cveSeverity ?? '?'}, fixed in ${v?.componentFixedVersion ?? '?'}`);
}
console.log(`  npm: ${expected.length} findings the carried advisories' ranges predict, all found; ${cleanChecked} package versions outside their ranges, none flagged`);
if (bookworm) {
  const unfixed = debVulns.filter((v) => !v.componentFixedVersion).length;
  const noSeverity = new Set(debVulns.filter((v) => v.severitySource === 'none').map((v) => v.cveId)).size;
  const apt = debVulns.find((v) => v.componentName === 'apt');
  console.log(`  debian: ${new Set(debVulns.map((v) => v.cveId)).size} CVEs in ${new Set(debVulns.map((v) => v.componentName)).size} OS packages, ${debVulns.length} package/CVE pairs, ${unfixed} of them with no fix in the OVAL snapshot (2023-07-14)${apt ? `, e.g. apt ${apt.componentVersion}: ${apt.cveId}` : ''}`);
  console.log(`  ${noSeverity} Debian CVEs carry no severity (OVAL has none and no NVD feed is carried): counted as LOW, as roxctl does`);
} else {
  console.log(`  debian: not matched (host is not Debian bookworm); scanner warnings: ${codes.join(', ') || 'none'}`);
}
if (failures.length > 0) {
  for (const f of failures) console.error(`ERROR: demo check failed: ${f}`);
  process.exit(1);
}
console.log('  all demo checks passed');
