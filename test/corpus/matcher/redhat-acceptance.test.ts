/**
 * claircore's Red Hat acceptance expectation, replayed through Rampart: the VEX document is
 * imported into a real DB, each CSV row becomes an IndexReport with the package and release its
 * product id names, and the real matcher must agree with the row's status.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Distribution } from '../../../src/model/distribution.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { redhatFeed } from '../../../src/scanner/vulndb/feeds/redhat/index.js';
import { openStore, type VulnStore } from '../../../src/scanner/vulndb/store.js';
import { updateDb } from '../../../src/scanner/vulndb/update-db.js';
import { tempDir, testState } from '../../helpers/osv-feed-builder.js';
import { indexOf, pkgOf } from '../../helpers/vuln-store-builder.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const vexDir = `${shared}vulndata/redhat-csaf-vex/vex`;
const NOW = new Date('2026-11-24T00:00:00Z');

interface Expectation {
  cve: string;
  productId: string;
  status: string;
  /** `AppStream-8.10.0.Z.MAIN.EUS` */
  platform: string;
  name: string;
  epoch?: number;
  version: string;
  release: string;
  arch: string;
  module?: string;
}

/**
 * One CSV row: `CVE,<platform>:<name>-[epoch:]<version>-<release>.<arch>[::<module>],<status>`
 * (claircore's acceptance format; `#` lines are comments).
 */
function parseExpectations(csv: string): Expectation[] {
  const out: Expectation[] = [];
  for (const line of csv.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [cve, productId, status] = line.split(',');
    assert.ok(cve && productId && status, `unreadable expectation line: ${line}`);
    const colon = productId.indexOf(':');
    const platform = productId.slice(0, colon);
    const [nevra, module] = productId.slice(colon + 1).split('::');
    const m = /^(.+)-(?:(\d+):)?([^-:]+)-([^-]+)\.([^.]+)$/.exec(nevra!);
    assert.ok(m, `unreadable NEVRA in ${productId}`);
    out.push({
      cve,
      productId,
      status,
      platform,
      name: m[1]!,
      ...(m[2] ? { epoch: Number(m[2]) } : {}),
      version: m[3]!,
      release: m[4]!,
      arch: m[5]!,
      ...(module ? { module } : {}),
    });
  }
  return out;
}

/** The RHEL release a platform product is for: `AppStream-8.10.0.Z.MAIN.EUS` → rhel 8.10 (ubi8). */
function distributionOf(platform: string): Distribution {
  const m = /-(\d+)\.(\d+)/.exec(platform);
  assert.ok(m, `no release in platform ${platform}`);
  const versionId = `${m[1]}.${m[2]}`;
  return {
    id: 'rhel',
    versionId,
    prettyName: `Red Hat Enterprise Linux ${versionId}`,
    cpe: `cpe:/o:redhat:enterprise_linux:${m[1]}::baseos`,
    location: 'etc/os-release',
  };
}

/** The same release with its leading number one lower: a build older than the product's. */
function olderRelease(release: string): string {
  const m = /^(\d+)(.*)$/.exec(release);
  assert.ok(m && Number(m[1]) > 0, `cannot make a release older than ${release}`);
  return `${Number(m[1]) - 1}${m[2]}`;
}

function rpmOf(e: Expectation, release: string) {
  const vr = `${e.version}-${release}`;
  return pkgOf({
    name: e.name,
    version: e.epoch ? `${e.epoch}:${vr}` : vr,
    type: 'rpm',
    location: 'var/lib/rpm/rpmdb.sqlite',
    arch: e.arch,
    ...(e.epoch !== undefined ? { epoch: e.epoch } : {}),
    ...(e.module ? { module: e.module } : {}),
  });
}

describe('corpus: claircore Red Hat acceptance (CVE-2025-40907, ubi8/perl-526)', function () {
  this.timeout(120000);
  let store: VulnStore;
  let expectations: Expectation[];
  before(async function () {
    if (!existsSync(vexDir)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    expectations = parseExpectations(readFileSync(`${vexDir}/cve-2025-40907-perl.expected.csv`, 'utf8'));
    const db = join(tempDir('rampart-redhat-acceptance-'), 'rampart.db');
    await updateDb({
      dbPath: db,
      jobs: [
        {
          feed: redhatFeed,
          artefacts: [
            { path: `${vexDir}/cve-2025-40907-perl.json.gz`, name: 'vex/cve-2025-40907-perl.json.gz' },
          ],
          state: testState(),
        },
      ],
      ctx: { log: silentLogger, limits: defaultFeedLimits },
    });
    store = openStore(db);
  });
  after(() => store?.close());

  it('reads the expectation file', () => {
    assert.ok(expectations.length > 0);
    assert.ok(expectations.every((e) => ['affected', 'not_affected', 'unaffected'].includes(e.status)));
  });

  it('holds every expectation row with the real matcher', () => {
    for (const e of expectations) {
      const d = distributionOf(e.platform);
      const fixedEvr = `${e.epoch ?? 0}:${e.version}-${e.release}`;
      const below = matchReport(indexOf([rpmOf(e, olderRelease(e.release))], d), store, { now: NOW });
      const atFix = matchReport(indexOf([rpmOf(e, e.release)], d), store, { now: NOW });
      assert.deepEqual(atFix.warnings, [], e.productId);
      assert.equal(
        atFix.findings.filter((f) => f.id === e.cve).length,
        0,
        `${e.productId}: the product's own build is reported`,
      );
      const hits = below.findings.filter((f) => f.id === e.cve);
      if (e.status !== 'affected') {
        assert.equal(hits.length, 0, `${e.productId} is ${e.status} but was reported`);
        continue;
      }
      assert.equal(hits.length, 1, `${e.productId}: one finding for ${e.cve}`);
      const f = hits[0]!;
      assert.equal(f.state, 'affected');
      assert.equal(f.package.name, e.name);
      assert.equal(f.package.ecosystem, 'Red Hat');
      assert.ok(f.fixedIn.includes(fixedEvr), `${fixedEvr} in fixedIn ${JSON.stringify(f.fixedIn)}`);
      // Red Hat lists the 8.10 build under several module contexts; no other stream's build
      // (8.2 AUS, 8.4/8.6 EUS…) is offered as this image's fix.
      const sameBuild = fixedEvr.replace(/\+[0-9a-f]{8}$/, '');
      assert.ok(
        f.fixedIn.every((v) => v.startsWith(`${sameBuild}+`)),
        `fixedIn ${JSON.stringify(f.fixedIn)} are all ${sameBuild}+<context>`,
      );
      assert.deepEqual(f.severity, { name: 'IMPORTANT', source: 'vendor', vendorName: 'Important' });
      // The statement is about the module stream: the same NEVRA without it is not matched.
      const unmoduled = { ...rpmOf(e, olderRelease(e.release)), module: undefined };
      assert.equal(
        matchReport(indexOf([unmoduled], d), store, { now: NOW }).findings.filter((x) => x.id === e.cve)
          .length,
        0,
      );
    }
  });
});
