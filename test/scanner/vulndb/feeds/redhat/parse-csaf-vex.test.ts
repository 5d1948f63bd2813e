import assert from 'node:assert/strict';

import { csafRecords } from '../../../../../src/scanner/vulndb/feeds/redhat/parse-csaf-vex.js';

const platform = (id: string, cpe: string) => ({
  category: 'product_name',
  name: id,
  product: { name: id, product_id: id, product_identification_helper: { cpe } },
});
const rel = (platformId: string, comp: string) => ({
  category: 'default_component_of',
  full_product_name: { name: comp, product_id: `${platformId}:${comp}` },
  product_reference: comp,
  relates_to_product_reference: platformId,
});

/** A CSAF VEX document shaped like Red Hat's, written for this test. */
function vexDoc() {
  const fixedA = 'AppStream-8.10.0.Z.MAIN.EUS:nodejs-1:18.20.1-1.module+el8.10.0+1+abc.x86_64::nodejs:18';
  const fixedB = 'AppStream-8.10.0.Z.MAIN.EUS:nodejs-1:18.20.1-1.module+el8.10.0+1+abc.aarch64::nodejs:18';
  const src = 'AppStream-8.10.0.Z.MAIN.EUS:nodejs-1:18.20.1-1.module+el8.10.0+1+abc.src::nodejs:18';
  const wnf = 'red_hat_enterprise_linux_7:nodejs';
  const deferred = 'red_hat_enterprise_linux_9:nodejs';
  const na = 'red_hat_enterprise_linux_6:nodejs';
  return {
    document: {
      category: 'csaf_vex',
      aggregate_severity: { text: 'Important' },
      title: 'nodejs: a bug',
      tracking: { id: 'CVE-2024-9999', current_release_date: '2024-05-01T00:00:00+00:00' },
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: 'Red Hat',
          branches: [
            platform('AppStream-8.10.0.Z.MAIN.EUS', 'cpe:/a:redhat:enterprise_linux:8::appstream'),
            platform('red_hat_enterprise_linux_7', 'cpe:/o:redhat:enterprise_linux:7'),
            platform('red_hat_enterprise_linux_9', 'cpe:/o:redhat:enterprise_linux:9'),
            platform('red_hat_enterprise_linux_6', 'cpe:/o:redhat:enterprise_linux:6'),
          ],
        },
      ],
      relationships: [fixedA, fixedB, src, wnf, deferred, na].map((id) => {
        const i = id.indexOf(':');
        return rel(id.slice(0, i), id.slice(i + 1));
      }),
    },
    vulnerabilities: [
      {
        cve: 'CVE-2024-9999',
        cwe: { id: 'CWE-400' },
        release_date: '2024-04-01T00:00:00+00:00',
        notes: [{ category: 'description', text: 'details here' }],
        product_status: {
          fixed: [fixedA, fixedB, src],
          known_affected: [wnf, deferred],
          known_not_affected: [na],
        },
        remediations: [
          {
            category: 'vendor_fix',
            product_ids: [fixedA, fixedB, src],
            url: 'https://access.redhat.com/errata/RHSA-2024:1234',
          },
          { category: 'no_fix_planned', details: 'Will not fix', product_ids: [wnf] },
          { category: 'none_available', details: 'Fix deferred', product_ids: [deferred] },
          { category: 'workaround', details: 'none', product_ids: [fixedA, wnf] },
        ],
        threats: [{ category: 'impact', details: 'Moderate', product_ids: [fixedA, fixedB, wnf, deferred] }],
        scores: [
          {
            cvss_v3: {
              version: '3.1',
              vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
              baseScore: 7.5,
            },
            products: [fixedA],
          },
        ],
      },
    ],
  };
}

describe('redhat CSAF VEX records', () => {
  it('maps product status, CPE, module, fixed EVR, remediation and impact per row', () => {
    const recs = [...csafRecords(vexDoc(), 'redhat')];
    assert.equal(recs.length, 1);
    const r = recs[0]!;
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.id, 'CVE-2024-9999@Red Hat');
    assert.deepEqual(r.advisory.aliases, ['CVE-2024-9999']);
    assert.deepEqual(r.advisory.cwes, ['CWE-400']);
    assert.equal(r.advisory.details, 'details here');
    assert.equal(r.advisory.modified, '2024-05-01T00:00:00+00:00');
    assert.deepEqual(r.advisory.severity, [{ source: 'vendor', name: 'Important', cvss: [] }]);
    const byState = Object.fromEntries(r.affected.map((a) => [a.state, a]));
    assert.deepEqual(Object.keys(byState).sort(), ['fixed', 'not_affected', 'unfixed', 'will_not_fix']);
    // Two arches of one fixed NEVRA are one row; the .src product gives none.
    assert.equal(r.affected.filter((a) => a.state === 'fixed').length, 1);
    const fixed = byState.fixed!;
    assert.equal(fixed.ecosystem, 'Red Hat');
    assert.equal(fixed.name, 'nodejs');
    assert.equal(fixed.scheme, 'rpm');
    assert.deepEqual(fixed.fixedVersions, ['1:18.20.1-1.module+el8.10.0+1+abc']);
    assert.equal(fixed.cpe, 'cpe:/a:redhat:enterprise_linux:8::appstream');
    assert.equal(fixed.module, 'nodejs:18');
    assert.equal(fixed.severity?.name, 'Moderate');
    assert.equal(fixed.severity?.cvss[0]?.score, 7.5);
    assert.deepEqual(fixed.extra, {
      product: 'AppStream-8.10.0.Z.MAIN.EUS',
      arches: ['x86_64', 'aarch64'],
      advisory: 'RHSA-2024:1234',
    });
    assert.equal(byState.will_not_fix?.cpe, 'cpe:/o:redhat:enterprise_linux:7');
    assert.equal(byState.will_not_fix?.extra?.reason, 'Will not fix');
    assert.equal(byState.unfixed?.cpe, 'cpe:/o:redhat:enterprise_linux:9');
    assert.equal(byState.unfixed?.extra?.reason, 'Fix deferred');
    assert.deepEqual(byState.not_affected?.fixedVersions, []);
  });

  it('an RHSA advisory is keyed by advisory and CVE, with the RHSA id as an alias', () => {
    const doc = vexDoc();
    doc.document.category = 'csaf_security_advisory';
    doc.document.tracking.id = 'RHSA-2024:1234';
    const [r] = [...csafRecords(doc, 'redhat')];
    assert.ok(r?.kind === 'advisory');
    assert.equal(r.advisory.id, 'RHSA-2024:1234@CVE-2024-9999');
    assert.deepEqual(r.advisory.aliases, ['CVE-2024-9999', 'RHSA-2024:1234']);
  });

  it('tolerates missing or mistyped parts without throwing', () => {
    assert.deepEqual([...csafRecords(null, 'redhat')], []);
    assert.deepEqual([...csafRecords({ vulnerabilities: 'x' }, 'redhat')], []);
    const recs = [
      ...csafRecords(
        { vulnerabilities: [{ cve: 'CVE-1', product_status: { fixed: [1, 'nocolon', 'p:bad ref'] } }] },
        'redhat',
      ),
    ];
    assert.equal(recs.length, 1);
    assert.ok(recs[0]?.kind === 'advisory');
    assert.deepEqual(recs[0].affected, []);
  });
});
