import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { silentLogger } from '../../../../../src/runtime/log.js';
import { defaultFeedLimits } from '../../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { readOvalInto } from '../../../../../src/scanner/vulndb/feeds/read-oval-document.js';
import { ubuntuOvalFeed } from '../../../../../src/scanner/vulndb/feeds/ubuntu-oval/index.js';
import { UbuntuOvalCollector } from '../../../../../src/scanner/vulndb/feeds/ubuntu-oval/parse-ubuntu-oval.js';
import type { FeedRecord } from '../../../../../src/scanner/vulndb/model.js';
import { tempDir } from '../../../../helpers/osv-feed-builder.js';

type AdvisoryRecord = Extract<FeedRecord, { kind: 'advisory' }>;

const PRO = 'Available with Ubuntu Pro: https://ubuntu.com/pro';

/**
 * A small USN OVAL document shaped like Canonical's: an inventory definition, a USN whose
 * binaries come from a constant_variable (one check plain, one Pro-only marked on the object
 * and state as noble does), a USN marked Pro on the criterion only (as jammy does) and a kernel
 * notice checked through uname/variable tests.
 */
const usnOval = `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5" xmlns:linux="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux" xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent" xmlns:unix="http://oval.mitre.org/XMLSchema/oval-definitions-5#unix">
  <generator><oval:product_name>Canonical USN OVAL Generator</oval:product_name><oval:timestamp>2024-12-24T07:42:06</oval:timestamp></generator>
  <definitions>
    <definition class="inventory" id="oval:com.ubuntu.noble:def:100" version="1">
      <metadata><title>Check that Ubuntu 24.04 LTS (noble) is installed.</title><description/></metadata>
      <criteria><criterion test_ref="oval:com.ubuntu.noble:tst:1"/></criteria>
    </definition>
    <definition id="oval:com.ubuntu.noble:def:70001000000" version="1" class="patch">
      <metadata>
        <title>USN-7000-1 -- Foo vulnerabilities</title>
        <affected family="unix"/>
        <reference source="USN" ref_id="USN-7000-1" ref_url="https://ubuntu.com/security/notices/USN-7000-1"/>
        <reference source="CVE" ref_id="CVE-2024-1111" ref_url="https://ubuntu.com/security/CVE-2024-1111"/>
        <description>Foo mishandled input &amp; crashed.</description>
        <advisory from="security@ubuntu.com">
          <severity>Medium</severity>
          <issued date="2024-06-01"/>
          <cve href="https://ubuntu.com/security/CVE-2024-1111" priority="medium" usns="7000-1">CVE-2024-1111</cve>
          <cve href="https://ubuntu.com/security/CVE-2024-2222" priority="low" usns="7000-1">CVE-2024-2222</cve>
        </advisory>
      </metadata>
      <criteria>
        <extend_definition definition_ref="oval:com.ubuntu.noble:def:100" comment="Ubuntu 24.04 LTS (noble) is installed." applicability_check="true"/>
        <criteria operator="OR">
          <criterion test_ref="oval:com.ubuntu.noble:tst:10"/>
          <criterion test_ref="oval:com.ubuntu.noble:tst:11"/>
        </criteria>
      </criteria>
    </definition>
    <definition id="oval:com.ubuntu.noble:def:70011000000" version="1" class="patch">
      <metadata>
        <title>USN-7001-1 -- Bar vulnerability</title>
        <reference source="USN" ref_id="USN-7001-1" ref_url="https://ubuntu.com/security/notices/USN-7001-1"/>
        <reference source="CVE" ref_id="CVE-2024-3333" ref_url="https://ubuntu.com/security/CVE-2024-3333"/>
        <description>Bar.</description>
        <advisory><severity>High</severity><issued date="2024-06-02"/></advisory>
      </metadata>
      <criteria operator="OR">
        <criterion test_ref="oval:com.ubuntu.noble:tst:12" comment="${PRO}"/>
      </criteria>
    </definition>
    <definition id="oval:com.ubuntu.noble:def:70021000000" version="1" class="patch">
      <metadata>
        <title>USN-7002-1 -- Linux kernel vulnerabilities</title>
        <reference source="USN" ref_id="USN-7002-1" ref_url="https://ubuntu.com/security/notices/USN-7002-1"/>
        <reference source="CVE" ref_id="CVE-2024-4444" ref_url="https://ubuntu.com/security/CVE-2024-4444"/>
        <description>Kernel.</description>
      </metadata>
      <criteria operator="AND">
        <criterion test_ref="oval:com.ubuntu.noble:tst:20"/>
        <criterion test_ref="oval:com.ubuntu.noble:tst:21"/>
      </criteria>
    </definition>
  </definitions>
  <tests>
    <ind:family_test id="oval:com.ubuntu.noble:tst:1" version="1" check="at least one"><ind:object object_ref="oval:com.ubuntu.noble:obj:1"/></ind:family_test>
    <linux:dpkginfo_test id="oval:com.ubuntu.noble:tst:10" version="1" check="at least one">
      <linux:object object_ref="oval:com.ubuntu.noble:obj:10"/>
      <linux:state state_ref="oval:com.ubuntu.noble:ste:10"/>
    </linux:dpkginfo_test>
    <linux:dpkginfo_test id="oval:com.ubuntu.noble:tst:11" version="1" check="at least one">
      <linux:object object_ref="oval:com.ubuntu.noble:obj:11"/>
      <linux:state state_ref="oval:com.ubuntu.noble:ste:11"/>
    </linux:dpkginfo_test>
    <linux:dpkginfo_test id="oval:com.ubuntu.noble:tst:12" version="1" check="at least one">
      <linux:object object_ref="oval:com.ubuntu.noble:obj:12"/>
      <linux:state state_ref="oval:com.ubuntu.noble:ste:12"/>
    </linux:dpkginfo_test>
    <unix:uname_test id="oval:com.ubuntu.noble:tst:20" version="1" check="at least one"><unix:object object_ref="oval:com.ubuntu.noble:obj:20"/><unix:state state_ref="oval:com.ubuntu.noble:ste:20"/></unix:uname_test>
    <ind:variable_test id="oval:com.ubuntu.noble:tst:21" version="1" check="all"><ind:object object_ref="oval:com.ubuntu.noble:obj:21"/><ind:state state_ref="oval:com.ubuntu.noble:ste:21"/></ind:variable_test>
  </tests>
  <objects>
    <ind:family_object id="oval:com.ubuntu.noble:obj:1" version="1"/>
    <linux:dpkginfo_object id="oval:com.ubuntu.noble:obj:10" version="1" comment="Long Term Release">
      <linux:name var_ref="oval:com.ubuntu.noble:var:10" var_check="at least one"/>
    </linux:dpkginfo_object>
    <linux:dpkginfo_object id="oval:com.ubuntu.noble:obj:11" version="1" comment="${PRO}">
      <linux:name var_ref="oval:com.ubuntu.noble:var:11" var_check="at least one"/>
    </linux:dpkginfo_object>
    <linux:dpkginfo_object id="oval:com.ubuntu.noble:obj:12" version="1">
      <linux:name>bar</linux:name>
    </linux:dpkginfo_object>
    <unix:uname_object id="oval:com.ubuntu.noble:obj:20" version="1"/>
    <ind:variable_object id="oval:com.ubuntu.noble:obj:21" version="1"><ind:var_ref>oval:com.ubuntu.noble:var:20</ind:var_ref></ind:variable_object>
  </objects>
  <states>
    <linux:dpkginfo_state id="oval:com.ubuntu.noble:ste:10" version="1" comment="Long Term Release">
      <linux:evr datatype="debian_evr_string" operation="less than">0:1.2-3ubuntu0.1</linux:evr>
    </linux:dpkginfo_state>
    <linux:dpkginfo_state id="oval:com.ubuntu.noble:ste:11" version="1" comment="${PRO}">
      <linux:evr datatype="debian_evr_string" operation="less than">2:0.9-1ubuntu0.1~esm1</linux:evr>
    </linux:dpkginfo_state>
    <linux:dpkginfo_state id="oval:com.ubuntu.noble:ste:12" version="1">
      <linux:evr datatype="debian_evr_string" operation="less than">0:5.0-1ubuntu0.2</linux:evr>
    </linux:dpkginfo_state>
    <unix:uname_state id="oval:com.ubuntu.noble:ste:20" version="1"><unix:os_release operation="pattern match">6.8.0-\\d+(-generic)</unix:os_release></unix:uname_state>
    <ind:variable_state id="oval:com.ubuntu.noble:ste:21" version="1"><ind:value operation="less than" datatype="debian_evr_string">0:6.8.0-40</ind:value></ind:variable_state>
  </states>
  <variables>
    <constant_variable id="oval:com.ubuntu.noble:var:10" version="1" datatype="string" comment="Long Term Release">
      <value>libfoo1</value>
      <value>foo-utils</value>
      <value>libfoo1</value>
    </constant_variable>
    <constant_variable id="oval:com.ubuntu.noble:var:11" version="1" datatype="string" comment="${PRO}">
      <value>libbaz2</value>
    </constant_variable>
  </variables>
</oval_definitions>
`;

async function collect(xml: string, ecosystem = 'Ubuntu:24.04'): Promise<AdvisoryRecord[]> {
  const c = new UbuntuOvalCollector(ecosystem, 'ubuntu-oval');
  await readOvalInto(
    Readable.from([Buffer.from(xml)]),
    { feed: 'ubuntu-oval', file: 'com.ubuntu.noble.usn.oval.xml', maxRecordBytes: 1 << 20 },
    c,
  );
  return [...c.records()].filter((r): r is AdvisoryRecord => r.kind === 'advisory');
}

const row = (name: string, fixed: string, pocket?: string) => ({
  ecosystem: 'Ubuntu:24.04',
  name,
  scheme: 'dpkg',
  ranges: [],
  versions: [],
  state: 'fixed',
  fixedVersions: [fixed],
  extra: { binary: true },
  ...(pocket ? { pocket } : {}),
});

const rowsOf = (recs: AdvisoryRecord[], id: string) => recs.find((r) => r.advisory.id === id)!.affected;

describe('ubuntu USN OVAL records', () => {
  it('one notice per USN and release aliasing its CVEs, and one record per CVE carrying the rows', async () => {
    const recs = await collect(usnOval);
    assert.deepEqual(
      recs.map((r) => [r.advisory.id, r.affected.length]),
      [
        ['USN-7000-1@Ubuntu:24.04', 0],
        ['CVE-2024-1111@USN-7000-1@Ubuntu:24.04', 3],
        ['CVE-2024-2222@USN-7000-1@Ubuntu:24.04', 3],
        ['USN-7001-1@Ubuntu:24.04', 0],
        ['CVE-2024-3333@USN-7001-1@Ubuntu:24.04', 1],
        ['USN-7002-1@Ubuntu:24.04', 0],
      ],
    );
    const usn = recs[0]!.advisory;
    // CVE-2024-2222 is only in the advisory block, not a reference: still an alias.
    assert.deepEqual(usn.aliases, ['USN-7000-1', 'CVE-2024-1111', 'CVE-2024-2222']);
    assert.equal(usn.summary, 'USN-7000-1 -- Foo vulnerabilities');
    assert.equal(usn.details, 'Foo mishandled input & crashed.');
    assert.equal(usn.published, '2024-06-01');
    assert.deepEqual(usn.severity, [{ source: 'vendor', name: 'Medium', cvss: [] }]);
    assert.deepEqual(usn.references[0], {
      type: 'ADVISORY',
      url: 'https://ubuntu.com/security/notices/USN-7000-1',
    });
    assert.equal(usn.extra?.ovalId, 'oval:com.ubuntu.noble:def:70001000000');
    const cve = recs[1]!.advisory;
    assert.deepEqual(cve.aliases, ['CVE-2024-1111']);
    assert.deepEqual(cve.related, ['USN-7000-1']);
    assert.equal(cve.summary, 'USN-7000-1 -- Foo vulnerabilities');
    assert.deepEqual(cve.severity, [{ source: 'vendor', name: 'medium', cvss: [] }]);
    assert.deepEqual(
      cve.references.map((r) => r.url),
      ['https://ubuntu.com/security/notices/USN-7000-1', 'https://ubuntu.com/security/CVE-2024-1111'],
    );
    assert.deepEqual(recs[2]!.advisory.severity, [{ source: 'vendor', name: 'low', cvss: [] }]);
  });

  it("keeps the CVE's CVSS vector and score as the vendor severity", async () => {
    const recs = await collect(
      usnOval.replace(
        'priority="medium" usns="7000-1"',
        'priority="medium" cvss_score="7.5" cvss_vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" usns="7000-1"',
      ),
    );
    assert.deepEqual(recs[1]!.advisory.severity, [
      {
        source: 'vendor',
        name: 'medium',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5 }],
      },
    ]);
  });

  it('binary packages of the constant_variable become rows; Pro-only fixes get pocket pro', async () => {
    const recs = await collect(usnOval);
    assert.deepEqual(rowsOf(recs, 'CVE-2024-1111@USN-7000-1@Ubuntu:24.04'), [
      row('libfoo1', '1.2-3ubuntu0.1'),
      row('foo-utils', '1.2-3ubuntu0.1'),
      // A non-zero epoch is kept; the object and state say "Available with Ubuntu Pro".
      row('libbaz2', '2:0.9-1ubuntu0.1~esm1', 'pro'),
    ]);
    assert.deepEqual(
      rowsOf(recs, 'CVE-2024-2222@USN-7000-1@Ubuntu:24.04'),
      rowsOf(recs, 'CVE-2024-1111@USN-7000-1@Ubuntu:24.04'),
    );
  });

  it('a notice without CVEs keeps its rows itself', async () => {
    const recs = await collect(
      usnOval
        .replace(
          '<reference source="CVE" ref_id="CVE-2024-3333" ref_url="https://ubuntu.com/security/CVE-2024-3333"/>',
          '',
        )
        .replace('USN-7001-1 -- Bar vulnerability', 'USN-7001-2 -- Bar regression')
        .replace('ref_id="USN-7001-1"', 'ref_id="USN-7001-2"'),
    );
    assert.deepEqual(rowsOf(recs, 'USN-7001-2@Ubuntu:24.04'), [row('bar', '5.0-1ubuntu0.2', 'pro')]);
    assert.deepEqual(recs.find((r) => r.advisory.id === 'USN-7001-2@Ubuntu:24.04')!.advisory.aliases, [
      'USN-7001-2',
    ]);
  });

  it('a Pro comment on the criterion alone marks the row (jammy style); a literal name works too', async () => {
    const id = 'CVE-2024-3333@USN-7001-1@Ubuntu:24.04';
    assert.deepEqual(rowsOf(await collect(usnOval), id), [row('bar', '5.0-1ubuntu0.2', 'pro')]);
    const plain = await collect(
      usnOval.replace(
        `test_ref="oval:com.ubuntu.noble:tst:12" comment="${PRO}"`,
        'test_ref="oval:com.ubuntu.noble:tst:12"',
      ),
    );
    assert.deepEqual(rowsOf(plain, id), [row('bar', '5.0-1ubuntu0.2')]);
  });

  it('the Pro comment on the object alone, or on the state alone, is enough', async () => {
    const objOnly = usnOval.replace(
      `id="oval:com.ubuntu.noble:ste:11" version="1" comment="${PRO}"`,
      'id="oval:com.ubuntu.noble:ste:11" version="1"',
    );
    const stateOnly = usnOval.replace(
      `id="oval:com.ubuntu.noble:obj:11" version="1" comment="${PRO}"`,
      'id="oval:com.ubuntu.noble:obj:11" version="1"',
    );
    const neither = objOnly.replace(
      `id="oval:com.ubuntu.noble:obj:11" version="1" comment="${PRO}"`,
      'id="oval:com.ubuntu.noble:obj:11" version="1"',
    );
    const id = 'CVE-2024-1111@USN-7000-1@Ubuntu:24.04';
    assert.equal(rowsOf(await collect(objOnly), id)[2]!.pocket, 'pro');
    assert.equal(rowsOf(await collect(stateOnly), id)[2]!.pocket, 'pro');
    assert.equal(rowsOf(await collect(neither), id)[2]!.pocket, undefined);
  });

  it('a kernel notice (uname and variable tests) keeps its advisory with no rows', async () => {
    const recs = await collect(usnOval);
    const kernel = recs.find((r) => r.advisory.id === 'USN-7002-1@Ubuntu:24.04')!;
    assert.deepEqual(kernel.affected, []);
    assert.deepEqual(kernel.advisory.aliases, ['USN-7002-1', 'CVE-2024-4444']);
    assert.ok(!recs.some((r) => r.advisory.id.startsWith('CVE-2024-4444@')));
  });

  it('a test whose state is missing gives no row', async () => {
    const recs = await collect(
      usnOval.replace('<linux:state state_ref="oval:com.ubuntu.noble:ste:12"/>', ''),
    );
    assert.deepEqual(rowsOf(recs, 'USN-7001-1@Ubuntu:24.04'), []);
    assert.ok(!recs.some((r) => r.advisory.id.startsWith('CVE-2024-3333@')));
  });

  it('the feed claims USN OVAL files by name and takes the release from the codename', async () => {
    const head = Buffer.from('BZh91AY&SY');
    assert.equal(ubuntuOvalFeed.accepts({ path: 'ubuntu-oval/com.ubuntu.noble.usn.oval.xml.bz2', head }), 2);
    assert.equal(ubuntuOvalFeed.accepts({ path: 'oci.com.ubuntu.jammy.usn.oval.xml', head }), 2);
    assert.equal(ubuntuOvalFeed.accepts({ path: 'com.ubuntu.jammy.cve.oval.xml.bz2', head }), 0);
    const dir = tempDir();
    const file = join(dir, 'com.ubuntu.jammy.usn.oval.xml');
    writeFileSync(file, usnOval.replaceAll('com.ubuntu.noble', 'com.ubuntu.jammy'));
    const recs: AdvisoryRecord[] = [];
    for await (const r of ubuntuOvalFeed.parse([{ path: file, name: 'com.ubuntu.jammy.usn.oval.xml' }], {
      log: silentLogger,
      limits: defaultFeedLimits,
    }))
      if (r.kind === 'advisory') recs.push(r);
    assert.equal(recs[1]!.advisory.id, 'CVE-2024-1111@USN-7000-1@Ubuntu:22.04');
    assert.ok(recs.every((r) => r.advisory.feed === 'ubuntu-oval'));
    assert.ok(recs[0]!.affected.every((a) => a.ecosystem === 'Ubuntu:22.04'));
  });

  it('a file named for another release than its definitions is refused', async () => {
    const dir = tempDir();
    const file = join(dir, 'com.ubuntu.jammy.usn.oval.xml');
    writeFileSync(file, usnOval);
    const name = 'com.ubuntu.jammy.usn.oval.xml';
    const run = async () => {
      for await (const _ of ubuntuOvalFeed.parse([{ path: file, name }], {
        log: silentLogger,
        limits: defaultFeedLimits,
      }));
    };
    // The document is noble's (ids oval:com.ubuntu.noble:…) under a jammy name.
    await assert.rejects(run, (err: Error) => /named for jammy .* is for noble/.test(err.message));
  });

  it('a file of an unknown release is skipped with a warning', async () => {
    const dir = tempDir();
    const file = join(dir, 'com.ubuntu.zesty.usn.oval.xml');
    writeFileSync(file, usnOval);
    const warned: string[] = [];
    const log = { ...silentLogger, warn: (msg: string) => void warned.push(msg) };
    const recs: FeedRecord[] = [];
    for await (const r of ubuntuOvalFeed.parse([{ path: file, name: 'com.ubuntu.zesty.usn.oval.xml' }], {
      log,
      limits: defaultFeedLimits,
    }))
      recs.push(r);
    assert.deepEqual(recs, []);
    assert.deepEqual(warned, ['ubuntu oval unknown release']);
  });

  it('a truncated file is refused as FEED_FORMAT naming the feed', async () => {
    await assert.rejects(
      collect(usnOval.slice(0, usnOval.indexOf('</linux:dpkginfo_test>') + 5)),
      (err: Error) => /feed ubuntu-oval:/.test(err.message) && /truncated/.test(err.message),
    );
  });
});
