import assert from 'node:assert/strict';
import { Readable } from 'node:stream';

import { readOvalDocument } from '../../../../src/scanner/vulndb/feeds/read-oval-document.js';

const opts = { feed: 'test', file: 'test.xml', maxRecordBytes: 64 * 1024 };

/** A small OVAL file written for these tests, cut into tiny chunks to exercise the splitter. */
export const smallOval = `<?xml version="1.0"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5">
  <generator><oval:timestamp>2024-01-02T03:04:05</oval:timestamp></generator>
  <definitions>
    <definition id="oval:t:def:1" version="1" class="vulnerability">
      <metadata><title>CVE-2024-0001 foo</title>
        <reference source="CVE" ref_id="CVE-2024-0001" ref_url="https://example.invalid/CVE-2024-0001"/>
        <description>a &lt;b&gt; &amp; &#65;</description></metadata>
      <criteria operator="AND">
        <criterion test_ref="oval:t:tst:1" comment="release"/>
        <criteria operator="OR"><criterion test_ref="oval:t:tst:2" comment="foo DPKG is earlier than 1.2-1"/></criteria>
      </criteria>
    </definition>
  </definitions>
  <tests>
    <textfilecontent54_test id="oval:t:tst:1" version="1" comment="release"><object object_ref="oval:t:obj:1"/></textfilecontent54_test>
    <linux:dpkginfo_test id="oval:t:tst:2" version="1" comment="foo"><linux:object object_ref="oval:t:obj:2"/><linux:state state_ref="oval:t:ste:2"/></linux:dpkginfo_test>
  </tests>
  <objects>
    <textfilecontent54_object id="oval:t:obj:1" version="1"/>
    <linux:dpkginfo_object id="oval:t:obj:2" version="1"><linux:name>foo</linux:name></linux:dpkginfo_object>
  </objects>
  <states>
    <linux:dpkginfo_state id="oval:t:ste:2" version="1"><linux:evr datatype="debian_evr_string" operation="less than">0:1.2-1</linux:evr></linux:dpkginfo_state>
  </states>
</oval_definitions>`;

function chunks(text: string, size: number): Readable {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return Readable.from(parts.map((p) => Buffer.from(p)));
}

describe('readOvalDocument', () => {
  for (const size of [7, 64, 100000]) {
    it(`reads definitions, tests, objects and states in ${size}-byte chunks`, async () => {
      const doc = await readOvalDocument(chunks(smallOval, size), opts);
      assert.equal(doc.timestamp, '2024-01-02T03:04:05');
      assert.equal(doc.definitions.length, 1);
      const def = doc.definitions[0]!;
      assert.equal(def.title, 'CVE-2024-0001 foo');
      assert.equal(def.description, 'a <b> & A');
      assert.deepEqual(def.references, [
        { source: 'CVE', refId: 'CVE-2024-0001', refUrl: 'https://example.invalid/CVE-2024-0001' },
      ]);
      assert.equal(def.criteria?.criteria[0]?.operator, 'OR');
      assert.equal(doc.tests.get('oval:t:tst:2')?.kind, 'dpkginfo_test');
      assert.deepEqual(doc.tests.get('oval:t:tst:2')?.stateRefs, ['oval:t:ste:2']);
      assert.equal(doc.objects.get('oval:t:obj:2')?.name, 'foo');
      assert.deepEqual(doc.states.get('oval:t:ste:2')?.evr, {
        operation: 'less than',
        value: '0:1.2-1',
        datatype: 'debian_evr_string',
      });
    });
  }

  it('refuses a DOCTYPE with entities (no expansion)', async () => {
    const hostile = smallOval.replace(
      '<oval_definitions',
      '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n<oval_definitions',
    );
    await assert.rejects(readOvalDocument(chunks(hostile, 5), opts), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'FEED_FORMAT');
      assert.match(e.message, /DOCTYPE or ENTITY/);
      return true;
    });
  });

  it('refuses an element larger than the record limit', async () => {
    const big = smallOval.replace('a &lt;b&gt;', 'x'.repeat(70 * 1024));
    await assert.rejects(readOvalDocument(chunks(big, 4096), opts), { code: 'FEED_TOO_LARGE' });
  });

  it('refuses a truncated file and a file that is not OVAL', async () => {
    const cut = smallOval.slice(0, smallOval.indexOf('</linux:dpkginfo_state>'));
    await assert.rejects(readOvalDocument(chunks(cut, 50), opts), { code: 'FEED_FORMAT' });
    await assert.rejects(readOvalDocument(chunks('{"not":"xml"}', 50), opts), { code: 'FEED_FORMAT' });
  });

  it('refuses an element without an id', async () => {
    const noId = smallOval.replace('<linux:dpkginfo_object id="oval:t:obj:2"', '<linux:dpkginfo_object');
    await assert.rejects(readOvalDocument(chunks(noId, 50), opts), /without an id/);
  });
});
