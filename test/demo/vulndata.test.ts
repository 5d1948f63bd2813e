/**
 * The feed files `npm run demo` builds its database from (demo/vulndata, real upstream data, see
 * its PROVENANCE.md) must keep importing and matching: every file is claimed by a feed, each
 * feed yields rows, the GitHub advisories flag exactly the npm versions their own ranges cover,
 * and the Debian bookworm OVAL gives known bookworm findings with their fixed versions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import semver from 'semver';

import { inRanges, type OsvEvent } from '../../demo/osv-ranges.mjs';
import type { VulnReport } from '../../src/model/vuln-report.js';
import { silentLogger } from '../../src/runtime/log.js';
import { matchReport } from '../../src/scanner/matcher/match-report.js';
import { withFeedLimits } from '../../src/scanner/vulndb/feeds/feed-limits.js';
import { runVulndbImport, type ImportOutcome } from '../../src/scanner/vulndb/run-vulndb-import.js';
import { selectFeeds } from '../../src/scanner/vulndb/select-feeds.js';
import { openStore, type VulnStore } from '../../src/scanner/vulndb/store.js';
import { bookworm, indexOf, pkgOf } from '../helpers/vuln-store-builder.js';

const vulndata = fileURLToPath(new URL('../../demo/vulndata', import.meta.url));

interface CarriedAdvisory {
  id: string;
  aliases?: string[];
  affected: { package: { ecosystem: string; name: string }; ranges?: { events: OsvEvent[] }[] }[];
}

function carriedAdvisories(): CarriedAdvisory[] {
  const out: CarriedAdvisory[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.json'))
        out.push(JSON.parse(readFileSync(join(dir, e.name), 'utf8')) as CarriedAdvisory);
    }
  };
  walk(join(vulndata, 'ghsa'));
  return out;
}

/** Versions around each range boundary: introduced, fixed, and the patch release just before fixed. */
function probeVersions(ranges: { events: OsvEvent[] }[]): string[] {
  const out = new Set<string>();
  for (const r of ranges)
    for (const ev of r.events) {
      if (ev.introduced && ev.introduced !== '0') out.add(ev.introduced);
      if (ev.fixed) {
        out.add(ev.fixed);
        const v = semver.parse(ev.fixed);
        if (v && v.patch > 0) out.add(`${v.major}.${v.minor}.${v.patch - 1}`);
      }
    }
  return [...out];
}

describe('demo/vulndata: the carried feed files import and match', function () {
  this.timeout(300_000);
  let outcome: ImportOutcome;
  let store: VulnStore;

  before(async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'rampart-demo-vulndata-')), 'rampart.db');
    outcome = await runVulndbImport({
      path: vulndata,
      dbPath,
      feeds: selectFeeds(undefined),
      ctx: { log: silentLogger, limits: withFeedLimits(undefined) },
      lockWaitMs: 0,
    });
    store = openStore(dbPath);
  });
  after(() => store?.close());

  it('every data file belongs to a feed, and the debian and ghsa feeds each yield rows', () => {
    assert.equal(outcome.kind, 'mirror');
    if (outcome.kind !== 'mirror') return;
    assert.deepEqual(outcome.skipped, ['PROVENANCE.md']);
    const feeds = new Map(outcome.summary.feeds.map((f) => [f.name, f]));
    assert.deepEqual([...feeds.keys()].sort(), ['debian', 'ghsa']);
    for (const f of feeds.values()) {
      assert.equal(f.status, 'updated', `${f.name}: ${f.status}`);
      assert.ok((f.counts?.advisories ?? 0) > 0, `${f.name} imported no advisories`);
      assert.ok((f.counts?.affected ?? 0) > 0, `${f.name} imported no affected packages`);
    }
    assert.equal(feeds.get('ghsa')!.counts?.advisories, carriedAdvisories().length);
  });

  it('each npm advisory flags exactly the versions its own ranges cover, with its fixed versions', () => {
    let positives = 0;
    let negatives = 0;
    for (const adv of carriedAdvisories()) {
      const ids = new Set([adv.id, ...(adv.aliases ?? [])]);
      const byName = new Map<string, { events: OsvEvent[] }[]>();
      for (const a of adv.affected.filter((x) => x.package.ecosystem === 'npm'))
        byName.set(a.package.name, [...(byName.get(a.package.name) ?? []), ...(a.ranges ?? [])]);
      let hitThisAdvisory = false;
      for (const [name, ranges] of byName) {
        for (const version of probeVersions(ranges)) {
          const r: VulnReport = matchReport(indexOf([pkgOf({ name, version, type: 'npm' })]), store, {});
          const f = r.findings.find((x) => ids.has(x.id) || x.aliases.some((a) => ids.has(a)));
          const expected = inRanges(version, ranges);
          assert.equal(Boolean(f), expected, `${name} ${version} vs ${adv.id}: expected ${expected}`);
          if (f) {
            positives++;
            hitThisAdvisory = true;
            const fixes = ranges.flatMap((x) => x.events.flatMap((e) => (e.fixed ? [e.fixed] : [])));
            assert.ok(
              f.fixedIn.length > 0 && f.fixedIn.every((v) => fixes.includes(v)),
              `${name} ${version}: fixedIn ${f.fixedIn.join(',')} not among ${fixes.join(',')}`,
            );
          } else negatives++;
        }
      }
      assert.ok(hitThisAdvisory, `${adv.id}: no probe version was flagged`);
    }
    assert.ok(positives > 0 && negatives > 0, `positives ${positives}, negatives ${negatives}`);
  });

  it('the bookworm OVAL gives CVE-2023-2650 for openssl 3.0.8-1 (fixed in 3.0.9-1), not for 3.0.9-1', () => {
    const libssl = (v: string) =>
      pkgOf({ name: 'libssl3', version: v, type: 'deb', source: { name: 'openssl', version: v } });
    const before = matchReport(indexOf([libssl('3.0.8-1')], bookworm), store, {});
    const f = before.findings.find((x) => x.id === 'CVE-2023-2650');
    assert.ok(f, 'CVE-2023-2650 flagged on libssl3 3.0.8-1');
    assert.equal(f.state, 'affected');
    assert.deepEqual(f.fixedIn, ['3.0.9-1']);
    assert.deepEqual(before.warnings, []);
    const after = matchReport(indexOf([libssl('3.0.9-1')], bookworm), store, {});
    assert.equal(
      after.findings.some((x) => x.id === 'CVE-2023-2650'),
      false,
    );
  });

  it('an open bookworm CVE is reported unfixed: apt 2.6.1 and CVE-2011-3374', () => {
    const r = matchReport(
      indexOf([pkgOf({ name: 'apt', version: '2.6.1', type: 'deb' })], bookworm),
      store,
      {},
    );
    const f = r.findings.find((x) => x.id === 'CVE-2011-3374');
    assert.ok(f, 'CVE-2011-3374 flagged on apt 2.6.1');
    assert.equal(f.state, 'unfixed');
    assert.deepEqual(f.fixedIn, []);
  });
});
