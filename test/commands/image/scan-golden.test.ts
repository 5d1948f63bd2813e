/**
 * Golden files for `image scan -o table|csv|json`, modelled on roxctl's image scan testdata
 * (testComponents: five components, eleven CVE ids, some shared between components). The
 * findings are given out of order and go through the matcher's own sorting and counting, so the
 * goldens pin roxctl's column order, row order, unique-id counting and summary lines. The
 * projection checks compare with roxctl's expectations directly, independent of the goldens.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

import type { Finding, FindingPackage, SeverityName, VulnReport } from '../../../src/model/vuln-report.js';
import { countFindings, sortFindings } from '../../../src/scanner/matcher/summarize-findings.js';
import { vulnRenderers } from '../../../src/scanner/report/vuln-renderers.js';
import { sampleVulnReport, SAMPLE_OPTIONS } from '../../helpers/vuln-report-sample.js';

const GOLDEN = new URL('./scan-golden/', import.meta.url);
const LINK = '<some-link-to-nvd>';

/** [component, version, CVE, severity, fixed version] in a scrambled order. */
const ROWS: [string, string, string, SeverityName, string][] = [
  ['systemd', '1.3-debu49', 'CVE-789-MED', 'MODERATE', '1.3'],
  ['openssl', '1.1.1k', 'CVE-123-LOW', 'LOW', '1.1'],
  ['curl', '7.0-rc1', 'CVE-456-IMP', 'IMPORTANT', '1.2'],
  ['apt', '1.0', 'CVE-789-LOW', 'LOW', '1.3'],
  ['bash', '4.2', 'CVE-789-CRIT', 'CRITICAL', '1.3'],
  ['openssl', '1.1.1k', 'CVE-456-MED', 'MODERATE', '1.2'],
  ['systemd', '1.3-debu49', 'CVE-123-MED', 'MODERATE', '1.1'],
  ['apt', '1.0', 'CVE-123-LOW', 'LOW', '1.1'],
  ['openssl', '1.1.1k', 'CVE-789-CRIT', 'CRITICAL', '1.3'],
  ['curl', '7.0-rc1', 'CVE-789-IMP', 'IMPORTANT', '1.3'],
  ['bash', '4.2', 'CVE-456-CRIT', 'CRITICAL', '1.2'],
  ['openssl', '1.1.1k', 'CVE-123-MED', 'MODERATE', '1.1'],
  ['apt', '1.0', 'CVE-789-CRIT', 'CRITICAL', '1.3'],
  ['systemd', '1.3-debu49', 'CVE-456-MED', 'MODERATE', '1.2'],
  ['curl', '7.0-rc1', 'CVE-123-IMP', 'IMPORTANT', '1.1'],
  ['openssl', '1.1.1k', 'CVE-123-IMP', 'IMPORTANT', '1.1'],
  ['bash', '4.2', 'CVE-123-CRIT', 'CRITICAL', '1.1'],
];

/** roxctl's testComponents.csv (its default columns), the order and content to reproduce. */
const ROXCTL_CSV = `COMPONENT,VERSION,CVE,SEVERITY,LINK,FIXED_VERSION
apt,1.0,CVE-789-CRIT,CRITICAL,${LINK},1.3
apt,1.0,CVE-123-LOW,LOW,${LINK},1.1
apt,1.0,CVE-789-LOW,LOW,${LINK},1.3
bash,4.2,CVE-123-CRIT,CRITICAL,${LINK},1.1
bash,4.2,CVE-456-CRIT,CRITICAL,${LINK},1.2
bash,4.2,CVE-789-CRIT,CRITICAL,${LINK},1.3
openssl,1.1.1k,CVE-789-CRIT,CRITICAL,${LINK},1.3
openssl,1.1.1k,CVE-123-IMP,IMPORTANT,${LINK},1.1
openssl,1.1.1k,CVE-123-MED,MODERATE,${LINK},1.1
openssl,1.1.1k,CVE-456-MED,MODERATE,${LINK},1.2
openssl,1.1.1k,CVE-123-LOW,LOW,${LINK},1.1
curl,7.0-rc1,CVE-123-IMP,IMPORTANT,${LINK},1.1
curl,7.0-rc1,CVE-456-IMP,IMPORTANT,${LINK},1.2
curl,7.0-rc1,CVE-789-IMP,IMPORTANT,${LINK},1.3
systemd,1.3-debu49,CVE-123-MED,MODERATE,${LINK},1.1
systemd,1.3-debu49,CVE-456-MED,MODERATE,${LINK},1.2
systemd,1.3-debu49,CVE-789-MED,MODERATE,${LINK},1.3
`;
const ROXCTL_SUMMARY =
  '(TOTAL-COMPONENTS: 5, TOTAL-VULNERABILITIES: 11, LOW: 2, MODERATE: 3, IMPORTANT: 3, CRITICAL: 3)';

function pkg(name: string, version: string): FindingPackage {
  return {
    name,
    version,
    type: 'deb',
    kind: 'os',
    purl: `pkg:deb/debian/${name}@${version}?distro=debian-12`,
    location: 'var/lib/dpkg/status',
    ecosystem: 'Debian:12',
  };
}

function report(): VulnReport {
  const findings: Finding[] = ROWS.map(([name, version, id, severity, fix]) => ({
    id,
    package: pkg(name, version),
    aliases: [],
    advisories: [id],
    state: 'affected',
    fixedIn: [fix],
    severity: { name: severity, source: 'vendor' },
    cvss: { all: [] },
    links: [LINK],
  }));
  const sorted = sortFindings(findings);
  return sampleVulnReport({
    image: { ...sampleVulnReport().image, reference: 'nginx:test' },
    findings: sorted,
    counts: countFindings(sorted),
    warnings: [],
  });
}

function render(id: string): string {
  return vulnRenderers.find((r) => r.id === id)!.render(report(), SAMPLE_OPTIONS);
}

function golden(name: string, got: string): void {
  const url = new URL(name, GOLDEN);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(url, got);
  assert.equal(got, readFileSync(url, 'utf8'), `golden ${name} (UPDATE_GOLDEN=1 rewrites it)`);
}

/** Naive CSV split: the fixture has no quoted cells. */
const csvRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('image scan goldens (roxctl testComponents)', () => {
  it('csv: roxctl header keys and rows; projected on roxctl columns it is roxctl’s file', () => {
    const out = render('csv');
    golden('test-components.csv', out);
    const [head, ...rows] = csvRows(out);
    assert.deepEqual(head, [
      'COMPONENT',
      'VERSION',
      'CVE',
      'SEVERITY',
      'CVSS',
      'LINK',
      'FIXED_VERSION',
      'ADVISORY',
      'ADVISORY_LINK',
    ]);
    const [rHead, ...rRows] = csvRows(ROXCTL_CSV);
    const cols = rHead!.map((h) => head!.indexOf(h));
    assert.ok(cols.every((c) => c >= 0));
    assert.deepEqual(
      rows.map((r) => cols.map((c) => r[c])),
      rRows,
    );
    // Columns roxctl's fixture leaves empty are `-`.
    assert.ok(rows.every((r) => r[4] === '-' && r[7] === '-' && r[8] === '-'));
  });

  it('json: roxctl’s summary (unique ids) and rows in roxctl’s order with its keys', () => {
    const out = render('json');
    golden('test-components.json', out);
    const doc = JSON.parse(out) as {
      result: { summary: Record<string, number>; vulnerabilities: Record<string, unknown>[] };
      warnings: unknown[];
    };
    assert.deepEqual(doc.result.summary, {
      CRITICAL: 3,
      IMPORTANT: 3,
      LOW: 2,
      MODERATE: 3,
      'TOTAL-COMPONENTS': 5,
      'TOTAL-VULNERABILITIES': 11,
    });
    assert.deepEqual(Object.keys(doc.result.summary), [
      'CRITICAL',
      'IMPORTANT',
      'LOW',
      'MODERATE',
      'TOTAL-COMPONENTS',
      'TOTAL-VULNERABILITIES',
    ]);
    const [, ...rRows] = csvRows(ROXCTL_CSV);
    assert.deepEqual(
      doc.result.vulnerabilities.map((v) => [
        v.componentName,
        v.componentVersion,
        v.cveId,
        v.cveSeverity,
        v.cveInfo,
        v.componentFixedVersion,
      ]),
      rRows,
    );
    assert.deepEqual(doc.warnings, []);
  });

  it('table: image line, roxctl’s summary line, merged component cells in roxctl’s order', () => {
    const out = render('table');
    golden('test-components.table', out);
    const lines = out.split('\n');
    assert.equal(lines[0], 'Scan results for image: nginx:test');
    assert.equal(lines[1], ROXCTL_SUMMARY);
    assert.equal(lines[2], '');
    // Data rows: `| cell | cell | … |` (inner `+---` lines separate rows under a merged
    // component cell); a continuation row has blank component and version cells.
    const cells = lines
      .filter((l) => l.startsWith('|') && !l.includes('+-'))
      .map((l) =>
        l
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim()),
      );
    assert.deepEqual(cells[0], [
      'COMPONENT',
      'VERSION',
      'CVE',
      'SEVERITY',
      'CVSS',
      'LINK',
      'FIXED VERSION',
      'ADVISORY',
      'ADVISORY LINK',
    ]);
    let component = '';
    const rows = cells.slice(1).map((c) => {
      if (c[0]) component = c[0];
      return [component, c[2], c[3]];
    });
    const [, ...rRows] = csvRows(ROXCTL_CSV);
    assert.deepEqual(
      rows,
      rRows.map((r) => [r[0], r[2], r[3]]),
    );
    assert.equal(cells.slice(1).filter((c) => c[0] !== '').length, 5, 'one component cell per component');
  });
});
