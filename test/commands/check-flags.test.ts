/**
 * The gates' roxctl flags on the built CLI: retry defaults in help, --retries, --retry-delay
 * and --force against a loopback fake registry (deployment check --scan-images), the
 * --namespace warning, and image check's --send-notifications no-op.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import DeploymentCheck from '../../src/commands/deployment/check.js';
import ImageCheck from '../../src/commands/image/check.js';
import ImageScan from '../../src/commands/image/scan.js';
import type { FeedRecord } from '../../src/scanner/vulndb/model.js';
import { fakeImage, fakeLayer } from '../helpers/fake-image.js';
import { FakeRegistry } from '../helpers/fake-registry.js';
import { writeRootfs } from '../helpers/image-writers.js';
import { runCli } from '../helpers/run-cli.js';
import { buildTar } from '../helpers/tar-builder.js';
import { buildStore, debianOpensslAdvisory } from '../helpers/vuln-store-builder.js';

const OS_RELEASE =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';
const DPKG_STATUS =
  'Package: libssl3\nStatus: install ok installed\nPriority: optional\nSection: libs\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nDescription: Secure Sockets Layer toolkit\n\n';

const advisory: FeedRecord = debianOpensslAdvisory();

const cvePolicy = {
  id: 'test-cve',
  name: 'OpenSSL CVE-2024-0001',
  description: 'Flags workloads whose image has CVE-2024-0001.',
  remediation: 'Upgrade openssl.',
  disabled: false,
  categories: ['Vulnerability Management'],
  lifecycleStages: ['BUILD', 'DEPLOY'],
  eventSource: 'NOT_APPLICABLE',
  severity: 'HIGH_SEVERITY',
  enforcementActions: [],
  policyVersion: '1.1',
  policySections: [
    { sectionName: '', policyGroups: [{ fieldName: 'CVE', values: [{ value: 'CVE-2024-0001' }] }] },
  ],
};

describe('check commands: roxctl flags (built CLI)', function () {
  this.timeout(120_000);

  describe('retry defaults as roxctl (3 retries, 3 seconds)', () => {
    for (const [name, cmd] of [
      ['deployment check', DeploymentCheck],
      ['image check', ImageCheck],
      ['image scan', ImageScan],
    ] as const) {
      it(`${name}: -r/--retries and -d/--retry-delay default to 3`, async () => {
        const flags = cmd.flags as Record<string, { char?: string; default?: unknown }>;
        assert.equal(flags.retries?.default, 3);
        assert.equal(flags.retries?.char, 'r');
        assert.equal(flags['retry-delay']?.default, 3);
        assert.equal(flags['retry-delay']?.char, 'd');
        const help = await runCli([...name.split(' '), '--help']);
        assert.equal(help.code, 0, help.stderr);
        const text = help.stdout.replace(/\s+/g, ' ');
        assert.match(text, /-r, --retries=<value> \[default: 3\]/);
        assert.match(text, /-d, --retry-delay=<value> \[default: 3\]/);
      });
    }

    it('deployment and image check: --merge-output is off unless asked for', () => {
      for (const cmd of [DeploymentCheck, ImageCheck]) {
        const flags = cmd.flags as Record<string, { default?: unknown; allowNo?: boolean }>;
        assert.equal(flags['merge-output']?.default, false);
        assert.equal(flags['merge-output']?.allowNo, true);
      }
    });
  });

  describe('deployment check --scan-images against a loopback registry', () => {
    let reg: FakeRegistry;
    let dir: string;
    let db: string;
    let policyFile: string;
    let manifest: string;
    let layerPath: string;
    const manifestPath = '/v2/team/app/manifests/v1';

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'rampart-check-flags-'));
      reg = await FakeRegistry.start();
      const layer = fakeLayer(
        await buildTar([
          { name: 'etc/', type: 'directory' },
          { name: 'etc/os-release', data: OS_RELEASE },
          { name: 'var/', type: 'directory' },
          { name: 'var/lib/', type: 'directory' },
          { name: 'var/lib/dpkg/', type: 'directory' },
          { name: 'var/lib/dpkg/status', data: DPKG_STATUS },
        ]),
      );
      reg.pushImage('team/app', 'v1', fakeImage([layer]));
      layerPath = `/v2/team/app/blobs/${layer.digest}`;
      const store = buildStore({ debian: [advisory] }, dir);
      db = store.path;
      store.close();
      policyFile = join(dir, 'policy.json');
      writeFileSync(policyFile, JSON.stringify(cvePolicy));
      manifest = join(dir, 'app.yaml');
      writeFileSync(
        manifest,
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: web, namespace: shop}',
          'spec:',
          '  selector: {matchLabels: {app: web}}',
          '  template:',
          '    metadata: {labels: {app: web}}',
          '    spec:',
          '      containers:',
          `        - {name: app, image: "${reg.host}/team/app:v1"}`,
          '',
        ].join('\n'),
      );
    });
    after(async () => {
      await reg.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const check = (cacheDir: string, ...extra: string[]) =>
      runCli([
        'deployment',
        'check',
        '-f',
        manifest,
        '--scan-images',
        '--db',
        db,
        '--cache-dir',
        join(dir, cacheDir),
        '--policy',
        policyFile,
        '-o',
        'json',
        ...extra,
      ]);
    const violated = (stdout: string) =>
      (
        JSON.parse(stdout) as { results: Array<{ violatedPolicies: Array<{ name: string }> }> }
      ).results.flatMap((r) => r.violatedPolicies.map((p) => p.name));
    const retryWaits = (stderr: string) =>
      [...stderr.matchAll(/registry request retry (\{.*\})/g)].map(
        (m) => JSON.parse(m[1]!) as { attempt: number; waitMs: number; status?: number },
      );

    it('--retries: transient 503s within the budget are retried and the image is scanned', async () => {
      const before = reg.requestsTo('/manifests/v1').length;
      const unavailable = { kind: 'status', status: 503 } as const;
      reg.fault(manifestPath, unavailable, unavailable);
      const r = await check('cache-retries', '--retries', '2', '--retry-delay', '0');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(violated(r.stdout), ['OpenSSL CVE-2024-0001']);
      assert.ok(reg.requestsTo('/manifests/v1').length - before >= 3);
    });

    it('--retries: more failures than retries is one ERROR line and exit 1', async () => {
      const before = reg.requestsTo('/manifests/v1').length;
      const unavailable = { kind: 'status', status: 503 } as const;
      reg.fault(manifestPath, unavailable, unavailable);
      const r = await check('cache-giveup', '--retries', '1', '--retry-delay', '0');
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^ERROR:\t.*HTTP 503/m);
      assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('ERROR:')).length, 1, r.stderr);
      assert.equal(reg.requestsTo('/manifests/v1').length - before, 2);
    });

    it('--retry-delay sets the base of the waits between retries', async () => {
      const unavailable = { kind: 'status', status: 503 } as const;
      reg.fault(manifestPath, unavailable, unavailable);
      const none = await check('cache-delay0', '--retries', '3', '--retry-delay', '0', '--debug');
      assert.equal(none.code, 0, none.stderr);
      const zero = retryWaits(none.stderr);
      assert.equal(zero.length, 2);
      assert.deepEqual(
        zero.map((w) => w.waitMs),
        [0, 0],
      );
      reg.fault(manifestPath, unavailable);
      const one = await check('cache-delay1', '--retries', '3', '--retry-delay', '1', '--debug');
      assert.equal(one.code, 0, one.stderr);
      const waits = retryWaits(one.stderr);
      assert.equal(waits.length, 1);
      // Attempt 1 waits a random part of the 1 s base (full jitter), never more.
      assert.ok(waits[0]!.waitMs >= 0 && waits[0]!.waitMs < 1000, JSON.stringify(waits));
    });

    it('--force refreshes cached layer results: the layer is downloaded again', async () => {
      const fetched = () => reg.requestsTo(layerPath).filter((q) => q.method === 'GET').length;
      const start = fetched();
      const first = await check('cache-force');
      assert.equal(first.code, 0, first.stderr);
      assert.equal(fetched() - start, 1);
      const cached = await check('cache-force');
      assert.equal(cached.code, 0, cached.stderr);
      assert.equal(fetched() - start, 1, 'a second run reads the layer results from the cache');
      const forced = await check('cache-force', '--force');
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(fetched() - start, 2, '--force downloads the layer again');
      assert.deepEqual(violated(forced.stdout), ['OpenSSL CVE-2024-0001']);
    });

    it('-n/--namespace without --cluster warns as roxctl does and changes nothing else', async () => {
      const plain = await check('cache-force');
      const withNs = await check('cache-force', '-n', 'payments');
      assert.equal(withNs.code, 0, withNs.stderr);
      assert.match(
        withNs.stderr,
        /^WARN:\tCluster is empty\. Namespace will only have an effect if '--cluster' is defined\.$/m,
      );
      assert.doesNotMatch(plain.stderr, /Cluster is empty/);
      assert.equal(withNs.stdout, plain.stdout);
      const withCluster = await check('cache-force', '--cluster', 'prod', '--namespace', 'payments');
      assert.equal(withCluster.code, 0, withCluster.stderr);
      assert.doesNotMatch(withCluster.stderr, /Cluster is empty/);
    });
  });

  describe('image check --send-notifications', () => {
    let dir: string;
    let db: string;
    let rootfs: string;

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'rampart-check-notify-'));
      rootfs = join(dir, 'rootfs');
      writeRootfs(rootfs, { 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': DPKG_STATUS });
      const store = buildStore({ debian: [advisory] }, dir);
      db = store.path;
      store.close();
      writeFileSync(join(dir, 'policy.json'), JSON.stringify(cvePolicy));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('is accepted, changes nothing and says on stderr that it is a no-op', async () => {
      const args = ['image', 'check', '-i', `rootfs:${rootfs}`, '--db', db, '--no-cache'];
      args.push('--policy', join(dir, 'policy.json'), '-o', 'json');
      const plain = await runCli(args);
      const notify = await runCli([...args, '--send-notifications']);
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(notify.code, plain.code);
      assert.equal(notify.stdout, plain.stdout);
      assert.match(JSON.parse(notify.stdout).results[0].violatedPolicies[0].name, /CVE-2024-0001/);
      assert.match(notify.stderr, /^INFO:\t--send-notifications has no effect: .*without Central$/m);
      assert.doesNotMatch(plain.stderr, /send-notifications/);
    });
  });
});
