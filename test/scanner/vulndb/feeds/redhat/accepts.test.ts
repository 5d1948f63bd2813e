import assert from 'node:assert/strict';

import { redhatFeed } from '../../../../../src/scanner/vulndb/feeds/redhat/index.js';
import { rockyFeed } from '../../../../../src/scanner/vulndb/feeds/rocky/index.js';
import { ubuntuFeed } from '../../../../../src/scanner/vulndb/feeds/ubuntu/index.js';
import { ubuntuOvalFeed } from '../../../../../src/scanner/vulndb/feeds/ubuntu-oval/index.js';

const gz = Buffer.from([0x1f, 0x8b, 8, 0]);
const accepts = (path: string, head: Buffer | string) => ({
  redhat: redhatFeed.accepts({ path, head: Buffer.from(head) }),
  rocky: rockyFeed.accepts({ path, head: Buffer.from(head) }),
  ubuntu: ubuntuFeed.accepts({ path, head: Buffer.from(head) }),
  'ubuntu-oval': ubuntuOvalFeed.accepts({ path, head: Buffer.from(head) }),
});

describe('redhat, rocky, ubuntu and ubuntu-oval mirror routing', () => {
  it('each file has exactly one owner', () => {
    assert.deepEqual(accepts('redhat-csaf-vex/vex/cve-2025-40907-perl.json.gz', gz), {
      redhat: 2,
      rocky: 0,
      ubuntu: 0,
      'ubuntu-oval': 0,
    });
    assert.deepEqual(accepts('ubuntu-vex/cve/2016/CVE-2016-20013.json.gz', gz), {
      redhat: 0,
      rocky: 0,
      ubuntu: 2,
      'ubuntu-oval': 0,
    });
    assert.deepEqual(accepts('x/com.redhat.rhsa-RHEL9.xml.bz2', 'BZh9'), {
      redhat: 2,
      rocky: 0,
      ubuntu: 0,
      'ubuntu-oval': 0,
    });
    assert.deepEqual(accepts('x/org.rockylinux.rlsa-9.xml.bz2', 'BZh9'), {
      redhat: 0,
      rocky: 2,
      ubuntu: 0,
      'ubuntu-oval': 0,
    });
    // The USN OVAL files are the ubuntu-oval feed's, not the (OpenVEX) ubuntu feed's.
    for (const path of ['ubuntu-oval/com.ubuntu.noble.usn.oval.xml.bz2', 'oci.com.ubuntu.jammy.usn.oval.xml'])
      assert.deepEqual(accepts(path, 'BZh9'), {
        redhat: 0,
        rocky: 0,
        ubuntu: 0,
        'ubuntu-oval': 2,
      });
    assert.deepEqual(accepts('debian-oval/oval-definitions-bookworm.xml.bz2', 'BZh9'), {
      redhat: 0,
      rocky: 0,
      ubuntu: 0,
      'ubuntu-oval': 0,
    });
    assert.deepEqual(
      accepts(
        'a/rhsa-2024_0010.json',
        '{"document": {"category": "csaf_security_advisory", "csaf_version": "2.0"',
      ),
      {
        redhat: 2,
        rocky: 0,
        ubuntu: 0,
        'ubuntu-oval': 0,
      },
    );
    assert.deepEqual(
      accepts(
        'vex/cve/2023/CVE-2023-38545.json',
        '{"@context": "https://openvex.dev/ns/v0.2.0", "author": "Canonical Ltd."',
      ),
      { redhat: 0, rocky: 0, ubuntu: 2, 'ubuntu-oval': 0 },
    );
    // A CVE JSON 5 record is none of theirs.
    assert.deepEqual(accepts('cves/2021/44xxx/CVE-2021-44228.json', '{"dataType": "CVE_RECORD"'), {
      redhat: 0,
      rocky: 0,
      ubuntu: 0,
      'ubuntu-oval': 0,
    });
  });
});
