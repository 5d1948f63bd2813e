import assert from 'node:assert/strict';

import { matchReport } from '../../../src/scanner/matcher/match-report.js';
import { ownSchemaValidator } from '../../helpers/schema-validators.js';
import {
  advisoryOf,
  affectedOf,
  bookworm,
  buildStore,
  indexOf,
  pkgOf,
} from '../../helpers/vuln-store-builder.js';

describe('schemas/vuln-report.schema.json', () => {
  it('accepts a real VulnReport with every optional part, and rejects a broken one', () => {
    const store = buildStore({
      osv: [
        {
          kind: 'advisory',
          advisory: advisoryOf('GHSA-aaaa-bbbb-cccc', 'osv', {
            aliases: ['CVE-2024-9'],
            summary: 's',
            severity: [{ source: 'vendor', cvss: [{ version: '4.0', vector: 'CVSS:4.0/AV:N', score: 8.1 }] }],
          }),
          affected: [
            affectedOf('npm', 'left-pad', {
              ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }],
            }),
          ],
        },
        {
          kind: 'advisory',
          advisory: advisoryOf('GHSA-zzzz-bbbb-cccc', 'osv'),
          affected: [
            affectedOf('npm', 'odd', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }),
          ],
        },
      ],
      enrich: [
        {
          kind: 'kev',
          record: { cve: 'CVE-2024-9', dateAdded: '2024-01-01', knownRansomwareCampaignUse: 'Known' },
        },
        { kind: 'epss', record: { cve: 'CVE-2024-9', epss: 0.1, percentile: 0.5 } },
      ],
    });
    const report = matchReport(
      indexOf(
        [
          pkgOf({ name: 'left-pad', version: '1.0.0', type: 'npm' }),
          pkgOf({ name: 'odd', version: '%%', type: 'npm' }),
          pkgOf({ name: 'x', version: '1', type: 'gem' }),
        ],
        bookworm,
      ),
      store,
      { now: new Date('2026-11-24T00:00:00Z') },
    );
    store.close();
    const validate = ownSchemaValidator('vuln-report.schema.json');
    assert.ok(report.findings.some((f) => f.kev && f.epss && f.cvss.v4));
    assert.ok(report.findings.some((f) => f.state === 'unknown'));
    assert.ok(report.warnings.length >= 2);
    assert.equal(validate(report), undefined);
    const broken = structuredClone(report);
    (broken.findings[0]!.severity as { name: string }).name = 'HIGH';
    assert.match(validate(broken) ?? '', /severity/);
  });
});
