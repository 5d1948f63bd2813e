/**
 * `rampart image sbom` end to end on the three real fixture images, in every source form
 * (registry OCI and Docker v2s2 tags, docker-archive, OCI layout, rootfs), against each image's
 * own dpkg database; then 16 parallel scans sharing one cache directory.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IndexReport } from '../../../src/model/index-report.js';
import { ensureFixtureImages, sharedAvailable, type FixtureImages } from '../../helpers/fixture-images.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/local-registry.js';
import { runCli } from '../../helpers/run-cli.js';
import { ownSchemaValidator } from '../../helpers/schema-validators.js';

const NAMES = ['debian-minbase', 'debian-extras', 'debian-apps'] as const;

/** name=version of every installed package in a dpkg status file. */
function dpkgInstalled(statusText: string): Set<string> {
  const out = new Set<string>();
  for (const stanza of statusText.split(/\n\n+/)) {
    const f = (k: string) => new RegExp(`^${k}: (.*)$`, 'm').exec(stanza)?.[1];
    if (f('Status')?.endsWith(' installed') && f('Status')?.startsWith('install ok'))
      out.add(`${f('Package')}=${f('Version')}`);
  }
  return out;
}

const key = (r: IndexReport) =>
  r.packages.map((p) => `${p.type} ${p.name} ${p.version} ${p.location} ${p.source?.name ?? ''}`).sort();

describe('image sbom on real images (corpus)', function () {
  let fixtures: FixtureImages;
  let reg: LocalRegistry | undefined;
  let cacheDir: string;
  const reports = new Map<string, IndexReport>();
  const validate = ownSchemaValidator('index-report.schema.json');

  before(async function () {
    if (!sharedAvailable()) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    fixtures = await ensureFixtureImages();
    reg = await startLocalRegistry('none', fixtures.dir);
    cacheDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-cache-'));
  });
  after(async () => {
    await reg?.stop();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  const forms = (name: string): Record<string, string> => ({
    'registry-oci': `${reg!.host}/fixture/${name}:latest`,
    'registry-v2s2': `${reg!.host}/fixture/${name}:v2s2`,
    'docker-archive': fixtures.dockerArchive(name),
    'oci-layout': fixtures.ociLayout(name),
    rootfs: `rootfs:${fixtures.rootfs(name)}`,
  });

  for (const name of NAMES) {
    {
      it(`${name}: every source form gives the image's own dpkg database, and the same package set`, async () => {
        const own = dpkgInstalled(readFileSync(join(fixtures.rootfs(name), 'var/lib/dpkg/status'), 'utf8'));
        const expected = fixtures.images.find((i) => i.name === name)!.dpkgInstalled;
        assert.equal(own.size, expected);
        let first: string[] | undefined;
        for (const [form, ref] of Object.entries(forms(name))) {
          const r = await runCli(['image', 'sbom', ref, '-o', 'json', '--no-cache']);
          assert.equal(r.code, 0, `${form}: ${r.stderr}`);
          const report = JSON.parse(r.stdout) as IndexReport;
          assert.equal(validate(report), undefined, form);
          const debs = report.packages.filter((p) => p.type === 'deb');
          assert.deepEqual(new Set(debs.map((p) => `${p.name}=${p.version}`)), own, `${form}: dpkg set`);
          assert.equal(debs.length, expected, form);
          assert.equal(report.distribution?.id, 'debian', form);
          assert.equal(report.distribution?.versionId, '12', form);
          if (name !== 'debian-minbase')
            assert.ok(!debs.some((p) => p.name === 'tzdata'), `${form}: tzdata was purged`);
          else
            assert.ok(
              debs.some((p) => p.name === 'tzdata'),
              'minbase has tzdata',
            );
          if (first) assert.deepEqual(key(report), first, `${form} differs from registry-oci`);
          else first = key(report);
          reports.set(`${name} ${form}`, report);
        }
      });
    }
  }

  it('debian-apps: installed npm packages (lodash only 4.17.21) and 9 Python dists without PyYAML', () => {
    const r = reports.get('debian-apps oci-layout');
    assert.ok(r, 'previous test must have run');
    const npm = r.packages.filter((p) => p.type === 'npm' && p.evidence !== 'lockfile');
    assert.equal(npm.length, 52);
    assert.deepEqual(
      npm.filter((p) => p.name === 'lodash').map((p) => p.version),
      ['4.17.21'],
    );
    const py = r.packages.filter(
      (p) => p.type === 'pypi' && !p.location.startsWith('usr/lib/python3/dist-packages/'),
    );
    assert.equal(py.length, 9, py.map((p) => p.name).join(','));
    assert.ok(!r.packages.some((p) => /pyyaml/i.test(p.name) && p.type === 'pypi'));
    const lodash = npm.find((p) => p.name === 'lodash')!;
    assert.equal(lodash.layer?.index, 5, 'lodash 4.17.21 came with the opaque-whiteout layer');
  });

  for (const auth of ['htpasswd', 'token'] as const) {
    it(`registry with ${auth} auth: same packages with credentials, one clear error without`, async function () {
      const r2 = await startLocalRegistry(auth, fixtures.dir);
      try {
        for (const name of NAMES) {
          for (const tag of ['latest', 'v2s2']) {
            const ref = `${r2.host}/fixture/${name}:${tag}`;
            const r = await runCli([
              'image',
              'sbom',
              ref,
              '-o',
              'json',
              '--no-cache',
              '--username',
              r2.user,
              '--password',
              r2.pass,
            ]);
            assert.equal(r.code, 0, `${auth} ${ref}: ${r.stderr}`);
            assert.deepEqual(
              key(JSON.parse(r.stdout) as IndexReport),
              key(reports.get(`${name} registry-oci`)!),
              ref,
            );
          }
        }
        const denied = await runCli(
          ['image', 'sbom', `${r2.host}/fixture/debian-minbase:latest`, '--no-cache'],
          {
            env: { HOME: cacheDir, DOCKER_CONFIG: join(cacheDir, 'no-docker-config') },
          },
        );
        assert.equal(denied.code, 1);
        assert.equal(denied.stdout, '');
        const lines = denied.stderr.trim().split('\n');
        assert.equal(lines.length, 1, denied.stderr);
        assert.match(lines[0]!, /^ERROR:\t.*(auth|credential|unauthori)/i);

        // The same credentials from the environment, then from a Docker client config.
        const ref = `${r2.host}/fixture/debian-minbase:latest`;
        const want = key(reports.get('debian-minbase registry-oci')!);
        const viaEnv = await runCli(['image', 'sbom', ref, '-o', 'json', '--no-cache'], {
          env: {
            HOME: cacheDir,
            DOCKER_CONFIG: join(cacheDir, 'no-docker-config'),
            RAMPART_REGISTRY_USERNAME: r2.user,
            RAMPART_REGISTRY_PASSWORD: r2.pass,
          },
        });
        assert.equal(viaEnv.code, 0, `${auth} env credentials: ${viaEnv.stderr}`);
        assert.deepEqual(key(JSON.parse(viaEnv.stdout) as IndexReport), want);
        const dockerConfig = join(cacheDir, `docker-config-${auth}`);
        mkdirSync(dockerConfig, { recursive: true });
        const basic = Buffer.from(`${r2.user}:${r2.pass}`).toString('base64');
        writeFileSync(
          join(dockerConfig, 'config.json'),
          JSON.stringify({ auths: { [r2.host]: { auth: basic } } }),
        );
        const viaConfig = await runCli(['image', 'sbom', ref, '-o', 'json', '--no-cache'], {
          env: { HOME: cacheDir, DOCKER_CONFIG: dockerConfig },
        });
        assert.equal(viaConfig.code, 0, `${auth} docker config credentials: ${viaConfig.stderr}`);
        assert.deepEqual(key(JSON.parse(viaConfig.stdout) as IndexReport), want);
      } finally {
        await r2.stop();
      }
    });
  }

  it('16 parallel scans of different images sharing one cache directory all succeed and agree', async function () {
    const refs: string[] = [];
    for (const name of NAMES) for (const ref of Object.values(forms(name))) refs.push(ref);
    refs.push(
      `${reg!.host}/fixture/debian-apps@${fixtures.images.find((i) => i.name === 'debian-apps')!.manifestDigest}`,
    );
    assert.equal(refs.length, 16);
    const results = await Promise.all(
      refs.map((ref) => runCli(['image', 'sbom', ref, '-o', 'json', '--cache-dir', cacheDir])),
    );
    results.forEach((r, i) => {
      assert.equal(r.code, 0, `${refs[i]}: ${r.stderr}`);
      const name = NAMES.find((n) => refs[i]!.includes(n))!;
      assert.deepEqual(
        key(JSON.parse(r.stdout) as IndexReport),
        key(reports.get(`${name} registry-oci`)!),
        refs[i],
      );
    });
  });
});
