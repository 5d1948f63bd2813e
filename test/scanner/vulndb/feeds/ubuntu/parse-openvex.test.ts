import assert from 'node:assert/strict';

import { openVexRecords } from '../../../../../src/scanner/vulndb/feeds/ubuntu/parse-openvex.js';
import { ubuntuDistro } from '../../../../../src/scanner/vulndb/feeds/ubuntu-releases.js';

const vuln = { '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2023-1', name: 'CVE-2023-1', description: 'd' };
const p = (id: string) => ({ '@id': id });

describe('ubuntu OpenVEX records', () => {
  it('maps codenames and Pro/ESM channels', () => {
    assert.deepEqual(ubuntuDistro('jammy'), { ecosystem: 'Ubuntu:22.04' });
    assert.deepEqual(ubuntuDistro('esm-infra-legacy/trusty'), {
      ecosystem: 'Ubuntu:14.04',
      pocket: 'pro',
      channel: 'esm-infra-legacy',
    });
    assert.equal(ubuntuDistro('fips-updates/focal')?.pocket, 'pro-fips');
    assert.equal(ubuntuDistro('sid'), undefined);
  });

  it('source products become rows per status; binaries, unknown distros and bad purls are ignored', () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      timestamp: '2026-01-01T00:00:00Z',
      statements: [
        {
          vulnerability: vuln,
          status: 'fixed',
          products: [
            p('pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=source&distro=jammy'),
            p('pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=amd64&distro=jammy'),
            p('pkg:deb/ubuntu/libcurl4@7.81.0-1ubuntu1.24?arch=amd64&distro=jammy'),
          ],
        },
        {
          vulnerability: vuln,
          status: 'affected',
          action_statement: 'no longer supported',
          products: [p('pkg:deb/ubuntu/curl@7.47.0-1ubuntu2.19?arch=source&distro=esm-infra/xenial')],
        },
        {
          vulnerability: vuln,
          status: 'not_affected',
          justification: 'vulnerable_code_not_present',
          products: [
            p('pkg:deb/ubuntu/curl@1:7.35.0?arch=source&distro=trusty'),
            p('not a purl'),
            p('pkg:deb/ubuntu/x@1?arch=source&distro=warty'),
          ],
        },
        {
          vulnerability: vuln,
          status: 'bogus',
          products: [p('pkg:deb/ubuntu/y@1?arch=source&distro=jammy')],
        },
      ],
    };
    const recs = [...openVexRecords(doc, 'ubuntu')];
    assert.equal(recs.length, 1);
    const r = recs[0]!;
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.id, 'CVE-2023-1@Ubuntu');
    assert.deepEqual(r.advisory.aliases, ['CVE-2023-1']);
    assert.deepEqual(
      r.affected.map((a) => [a.ecosystem, a.pocket, a.name, a.state, a.fixedVersions, a.extra]),
      [
        ['Ubuntu:22.04', undefined, 'curl', 'fixed', ['7.81.0-1ubuntu1.24'], undefined],
        [
          'Ubuntu:16.04',
          'pro',
          'curl',
          'unfixed',
          [],
          { channel: 'esm-infra', version: '7.47.0-1ubuntu2.19', action: 'no longer supported' },
        ],
        [
          'Ubuntu:14.04',
          undefined,
          'curl',
          'not_affected',
          [],
          { version: '1:7.35.0', justification: 'vulnerable_code_not_present' },
        ],
      ],
    );
  });

  it('returns nothing for non-objects and missing statements', () => {
    assert.deepEqual([...openVexRecords(null, 'ubuntu')], []);
    assert.deepEqual([...openVexRecords({ statements: 'x' }, 'ubuntu')], []);
  });
});
