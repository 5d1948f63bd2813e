import assert from 'node:assert/strict';
import { Readable } from 'node:stream';

import { readOvalDocument } from '../../../../../src/scanner/vulndb/feeds/read-oval-document.js';
import { rpmOvalRecords } from '../../../../../src/scanner/vulndb/feeds/parse-rpm-oval.js';

/** A Red Hat–style RHSA definition written for this test: a module, a GPG check, two CPEs. */
const xml = `<?xml version="1.0"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:red-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux">
<definitions>
<definition class="patch" id="oval:t:def:1" version="1"><metadata><title>RHSA-2024:0001: nodejs:18 security update (Important)</title>
<reference ref_id="RHSA-2024:0001" ref_url="https://access.redhat.com/errata/RHSA-2024:0001" source="RHSA"/>
<reference ref_id="CVE-2024-1" ref_url="https://access.redhat.com/security/cve/CVE-2024-1" source="CVE"/>
<advisory from="secalert@redhat.com"><severity>Important</severity><issued date="2024-01-02"/>
<cve cvss3="7.5/CVSS:3.1/AV:N" impact="important">CVE-2024-1</cve>
<affected_cpe_list><cpe>cpe:/a:redhat:enterprise_linux:9</cpe><cpe>cpe:/a:redhat:enterprise_linux:9::appstream</cpe></affected_cpe_list></advisory></metadata>
<criteria operator="OR"><criterion comment="Red Hat Enterprise Linux must be installed" test_ref="oval:t:tst:9"/>
<criteria operator="AND"><criterion comment="Module nodejs:18 is enabled" test_ref="oval:t:tst:8"/>
<criteria operator="OR"><criteria operator="AND">
<criterion comment="nodejs is earlier than 1:18.19.0-1.module+el9" test_ref="oval:t:tst:1"/>
<criterion comment="nodejs is signed with Red Hat redhatrelease2 key" test_ref="oval:t:tst:2"/>
</criteria></criteria></criteria></criteria></definition>
</definitions>
<tests>
<red-def:rpminfo_test id="oval:t:tst:1" version="1" comment="nodejs is earlier than"><red-def:object object_ref="oval:t:obj:1"/><red-def:state state_ref="oval:t:ste:1"/></red-def:rpminfo_test>
<red-def:rpminfo_test id="oval:t:tst:2" version="1" comment="signed"><red-def:object object_ref="oval:t:obj:1"/><red-def:state state_ref="oval:t:ste:2"/></red-def:rpminfo_test>
<red-def:rpminfo_test id="oval:t:tst:9" version="1" comment="rhel"><red-def:object object_ref="oval:t:obj:9"/><red-def:state state_ref="oval:t:ste:2"/></red-def:rpminfo_test>
</tests>
<objects>
<red-def:rpminfo_object id="oval:t:obj:1" version="1"><red-def:name>nodejs</red-def:name></red-def:rpminfo_object>
<red-def:rpminfo_object id="oval:t:obj:9" version="1"><red-def:name>redhat-release</red-def:name></red-def:rpminfo_object>
</objects>
<states>
<red-def:rpminfo_state id="oval:t:ste:1" version="1"><red-def:arch datatype="string" operation="pattern match">aarch64|x86_64</red-def:arch><red-def:evr datatype="evr_string" operation="less than">1:18.19.0-1.module+el9</red-def:evr></red-def:rpminfo_state>
<red-def:rpminfo_state id="oval:t:ste:2" version="1"><red-def:signature_keyid operation="equals">199e2f91fd431d51</red-def:signature_keyid></red-def:rpminfo_state>
</states>
</oval_definitions>`;

describe('rpm OVAL records', () => {
  it('one row per CPE with the module from the enclosing AND; GPG and release checks give none', async () => {
    const doc = await readOvalDocument(Readable.from([xml]), {
      feed: 'redhat',
      file: 't.xml',
      maxRecordBytes: 1 << 20,
    });
    const recs = [
      ...rpmOvalRecords(doc, { feed: 'redhat', ecosystem: 'Red Hat', defaultCpes: ['cpe:/o:x'] }),
    ];
    assert.equal(recs.length, 1);
    const r = recs[0]!;
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.id, 'RHSA-2024:0001');
    assert.deepEqual(r.advisory.aliases, ['CVE-2024-1']);
    assert.equal(r.advisory.published, '2024-01-02');
    assert.deepEqual(
      r.affected.map((a) => [a.name, a.fixedVersions[0], a.module, a.cpe, a.extra?.arch]),
      [
        [
          'nodejs',
          '1:18.19.0-1.module+el9',
          'nodejs:18',
          'cpe:/a:redhat:enterprise_linux:9',
          'aarch64|x86_64',
        ],
        [
          'nodejs',
          '1:18.19.0-1.module+el9',
          'nodejs:18',
          'cpe:/a:redhat:enterprise_linux:9::appstream',
          'aarch64|x86_64',
        ],
      ],
    );
  });

  it('a definition without a CPE list takes the default CPE; vulnerability-class definitions are skipped', async () => {
    const noCpe = xml.replace(/<affected_cpe_list>.*<\/affected_cpe_list>/, '');
    const doc = await readOvalDocument(Readable.from([noCpe]), {
      feed: 'rocky',
      file: 't.xml',
      maxRecordBytes: 1 << 20,
    });
    const [r] = [
      ...rpmOvalRecords(doc, {
        feed: 'rocky',
        ecosystem: 'Rocky Linux:9',
        defaultCpes: ['cpe:/o:rocky:rocky:9'],
      }),
    ];
    assert.ok(r?.kind === 'advisory');
    assert.deepEqual(
      r.affected.map((a) => a.cpe),
      ['cpe:/o:rocky:rocky:9'],
    );
    const vuln = await readOvalDocument(
      Readable.from([xml.replace('class="patch"', 'class="vulnerability"')]),
      {
        feed: 'redhat',
        file: 't.xml',
        maxRecordBytes: 1 << 20,
      },
    );
    assert.equal(
      [...rpmOvalRecords(vuln, { feed: 'redhat', ecosystem: 'Red Hat', defaultCpes: [] })].length,
      0,
    );
  });
});
