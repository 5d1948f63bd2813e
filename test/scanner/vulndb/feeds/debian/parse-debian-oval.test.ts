import assert from 'node:assert/strict';
import { Readable } from 'node:stream';

import {
  DebianOvalCollector,
  debianOvalRecords,
} from '../../../../../src/scanner/vulndb/feeds/debian/parse-debian-oval.js';
import {
  readOvalDocument,
  readOvalInto,
} from '../../../../../src/scanner/vulndb/feeds/read-oval-document.js';
import { smallOval } from '../read-oval-document.test.js';

async function records(xml: string) {
  const doc = await readOvalDocument(Readable.from([Buffer.from(xml)]), {
    feed: 'debian',
    file: 'oval-definitions-bookworm.xml',
    maxRecordBytes: 1 << 20,
  });
  return [...debianOvalRecords(doc, 'Debian:12', 'debian')];
}

describe('debian OVAL records', () => {
  it('one advisory per CVE with the source package and the fixed version (epoch 0 dropped)', async () => {
    const recs = await records(smallOval);
    assert.equal(recs.length, 1);
    const r = recs[0]!;
    assert.equal(r.kind, 'advisory');
    if (r.kind !== 'advisory') return;
    assert.equal(r.advisory.id, 'CVE-2024-0001@Debian:12');
    assert.deepEqual(r.advisory.aliases, ['CVE-2024-0001']);
    assert.deepEqual(r.affected, [
      {
        ecosystem: 'Debian:12',
        name: 'foo',
        scheme: 'dpkg',
        ranges: [],
        versions: [],
        state: 'fixed',
        fixedVersions: ['1.2-1'],
      },
    ]);
  });

  it('a 0:0 state is <unfixed>: affected with no fix', async () => {
    const recs = await records(smallOval.replace('>0:1.2-1<', '>0:0<'));
    const r = recs[0]!;
    assert.ok(r.kind === 'advisory');
    assert.equal(r.affected[0]?.state, 'unfixed');
    assert.deepEqual(r.affected[0]?.fixedVersions, []);
  });

  it('a DSA patch definition is keyed by DSA id per release with CVE aliases', async () => {
    const recs = await records(
      smallOval
        .replace('class="vulnerability"', 'class="patch"')
        .replace('CVE-2024-0001 foo', 'DSA-5000-1 foo'),
    );
    const r = recs[0]!;
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.id, 'DSA-5000-1@Debian:12');
    assert.deepEqual(r.advisory.aliases, ['DSA-5000-1', 'CVE-2024-0001']);
  });

  it('a test whose state is missing gives no row', async () => {
    const recs = await records(smallOval.replace('<linux:state state_ref="oval:t:ste:2"/>', ''));
    assert.ok(recs[0]?.kind === 'advisory');
    assert.deepEqual(recs[0].affected, []);
  });

  it('the streaming collector gives the same records and is drained by records()', async () => {
    const c = new DebianOvalCollector('Debian:12', 'debian');
    await readOvalInto(
      Readable.from([Buffer.from(smallOval)]),
      { feed: 'debian', file: 'oval-definitions-bookworm.xml', maxRecordBytes: 1 << 20 },
      c,
    );
    const first = [...c.records()];
    assert.deepEqual(first, await records(smallOval));
    assert.equal(first.length, 1);
    assert.deepEqual([...c.records()], [], 'a drained collector yields nothing');
  });
});
