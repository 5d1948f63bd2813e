// The GitHub Advisory Database records in ../shared/vulndata/ghsa (upstream path layout):
// every file imported and claimed over the generic OSV feed; fields checked against the source.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import type { Artefact } from '../../../src/scanner/vulndb/feeds/contracts.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { ghsaFeed } from '../../../src/scanner/vulndb/feeds/ghsa/index.js';
import { osvFeed } from '../../../src/scanner/vulndb/feeds/osv/index.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

describe('corpus: GHSA feed', function () {
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('imports the 8 records with GitHub severity, CWE ids and per-ecosystem rows', async () => {
    const root = `${shared}vulndata/ghsa`;
    const arts: Artefact[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.json'))
          arts.push({ path: join(d, e.name), name: relative(root, join(d, e.name)) });
      }
    };
    walk(root);
    assert.equal(arts.length, 8);
    for (const a of arts) {
      const file = { path: `ghsa/${a.name}`, head: readFileSync(a.path).subarray(0, 4096) };
      assert.equal(ghsaFeed.accepts(file), 2, a.name);
      assert.ok(osvFeed.accepts(file) < 2, a.name);
    }
    const recs: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
    for await (const r of ghsaFeed.parse(arts, ctx)) if (r.kind === 'advisory') recs.push(r);
    assert.equal(recs.length, 8);
    let rows = 0;
    for (const a of arts) {
      const src = JSON.parse(readFileSync(a.path, 'utf8')) as {
        id: string;
        aliases: string[];
        affected: { package: { ecosystem: string; name: string } }[];
        database_specific: { severity: string; cwe_ids: string[] };
      };
      const r = recs.find((x) => x.advisory.id === src.id)!;
      assert.deepEqual(r.advisory.aliases, src.aliases);
      assert.equal(r.advisory.severity[0]?.source, 'ghsa');
      assert.equal(r.advisory.severity[0]?.name, src.database_specific.severity);
      assert.deepEqual(r.advisory.cwes, src.database_specific.cwe_ids);
      assert.deepEqual(
        r.affected.map((x) => [x.ecosystem, x.name]),
        src.affected.map((x) => [x.package.ecosystem, x.package.name]),
      );
      rows += r.affected.length;
    }
    assert.equal(rows, 23);
    const log4j = recs.find((r) => r.advisory.id === 'GHSA-7rjr-3q55-vv33')!;
    assert.deepEqual(
      log4j.affected.map((a) => [a.scheme, a.fixedVersions]),
      [
        ['maven', log4j.affected[0]!.fixedVersions],
        ['maven', log4j.affected[1]!.fixedVersions],
      ],
    );
    assert.ok(log4j.affected.flatMap((a) => a.fixedVersions).includes('2.16.0'));
    const nuget = recs.find((r) => r.advisory.id === 'GHSA-5crp-9r3c-p9vr')!;
    assert.deepEqual(
      [nuget.affected[0]!.ecosystem, nuget.affected[0]!.scheme, nuget.advisory.severity[0]!.name],
      ['NuGet', 'nuget', 'LOW'],
    );
  });
});
