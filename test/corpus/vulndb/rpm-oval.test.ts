import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { silentLogger } from '../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { redhatFeed } from '../../../src/scanner/vulndb/feeds/redhat/index.js';
import { rockyFeed } from '../../../src/scanner/vulndb/feeds/rocky/index.js';
import type { FeedRecord } from '../../../src/scanner/vulndb/model.js';

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ctx = { log: silentLogger, limits: defaultFeedLimits };

async function collect(it: AsyncIterable<FeedRecord>) {
  const out: Extract<FeedRecord, { kind: 'advisory' }>[] = [];
  for await (const r of it) if (r.kind === 'advisory') out.push(r);
  return out;
}

describe('corpus: RHEL 9 and Rocky 9 OVAL', function () {
  this.timeout(120000);
  before(function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('RHEL 9 OVAL: every RHSA definition, rows per CPE, module streams, GPG checks ignored', async () => {
    const name = 'com.redhat.rhsa-RHEL9.xml.bz2';
    assert.equal(redhatFeed.accepts({ path: name, head: Buffer.from('BZh9') }), 2);
    const recs = await collect(
      redhatFeed.parse([{ path: `${shared}vulndata/redhat-oval/${name}`, name }], ctx),
    );
    assert.equal(recs.length, 222);
    assert.equal(recs.flatMap((r) => r.affected).length, 5508);
    // RHSA-2022:1729 java-17-openjdk: "java-17-openjdk is earlier than 1:17.0.3.0.7-1.el9_0", 3 CPEs.
    const java = recs.find((r) => r.advisory.id === 'RHSA-2022:1729')!;
    assert.equal(java.advisory.severity[0]?.name, 'Important');
    const rows = java.affected.filter((a) => a.name === 'java-17-openjdk');
    assert.deepEqual(rows.map((a) => a.cpe).sort(), [
      'cpe:/a:redhat:enterprise_linux:9',
      'cpe:/a:redhat:enterprise_linux:9::appstream',
      'cpe:/a:redhat:enterprise_linux:9::crb',
    ]);
    assert.ok(rows.every((a) => a.fixedVersions[0] === '1:17.0.3.0.7-1.el9_0' && a.state === 'fixed'));
    assert.ok(java.advisory.aliases.includes('CVE-2022-21449'));
    const modular = recs.flatMap((r) => r.affected).filter((a) => a.module === 'nodejs:18');
    assert.ok(modular.length > 0);
    assert.ok(modular.some((a) => a.name === 'nodejs'));
  });

  it('Rocky 9 OVAL: every RLSA definition as Rocky Linux:9 rows', async () => {
    const name = 'org.rockylinux.rlsa-9.xml.bz2';
    assert.equal(rockyFeed.accepts({ path: name, head: Buffer.from('BZh9') }), 2);
    const recs = await collect(
      rockyFeed.parse([{ path: `${shared}vulndata/rocky-oval/${name}`, name }], ctx),
    );
    assert.equal(recs.length, 175);
    const rows = recs.flatMap((r) => r.affected);
    assert.equal(rows.length, 2609);
    assert.ok(rows.every((a) => a.ecosystem === 'Rocky Linux:9' && a.cpe === 'cpe:/o:rocky:rocky:9'));
    const svn = recs.find((r) => r.advisory.id === 'RLSA-2022:4591')!;
    assert.ok(svn.advisory.aliases.includes('CVE-2022-24070'));
    assert.ok(svn.affected.some((a) => a.name === 'subversion'));
  });
});
