import Table from 'cli-table3';

import type { VulnReport } from '../../../model/vuln-report.js';
import type { VulnRenderer } from '../vuln-renderers.js';
import { ASCII_BORDERS } from './ascii-borders.js';
import { imageName, rowCells, VULN_HEADERS, vulnRows, vulnSummary } from '../vuln-rows.js';

/**
 * roxctl's table: the image line, the summary line, a blank line, then an ASCII table centred
 * with the component and version cells merged over a package's rows; coverage warnings follow
 * as `WARNING` lines so they are part of the output, not only of stderr.
 */
export function renderVulnTable(report: VulnReport): string {
  const s = vulnSummary(report);
  const lines = [
    `Scan results for image: ${imageName(report)}`,
    `(TOTAL-COMPONENTS: ${s['TOTAL-COMPONENTS']}, TOTAL-VULNERABILITIES: ${s['TOTAL-VULNERABILITIES']}, LOW: ${s.LOW}, MODERATE: ${s.MODERATE}, IMPORTANT: ${s.IMPORTANT}, CRITICAL: ${s.CRITICAL})`,
    '',
  ];
  const table = new Table({
    head: [...VULN_HEADERS],
    colAligns: VULN_HEADERS.map(() => 'center' as const),
    style: { head: [], border: [], compact: false },
    chars: ASCII_BORDERS,
  });
  const rows = vulnRows(report);
  for (let i = 0; i < rows.length;) {
    const key = (k: number) => `${rows[k]!.finding.package.purl}\0${rows[k]!.finding.package.location}`;
    let j = i + 1;
    while (j < rows.length && key(j) === key(i)) j++;
    for (let k = i; k < j; k++) {
      const cells = rowCells(rows[k]!);
      if (k === i) {
        const span = j - i;
        table.push([
          { content: cells[0]!, rowSpan: span, vAlign: 'top' },
          { content: cells[1]!, rowSpan: span, vAlign: 'top' },
          ...cells.slice(2),
        ]);
      } else table.push(cells.slice(2));
    }
    i = j;
  }
  const out = lines.join('\n') + '\n' + table.toString() + '\n';
  const warnings = report.warnings.map((w) => `WARNING: [${w.code}] ${w.message}`);
  return warnings.length > 0 ? out + warnings.join('\n') + '\n' : out;
}

export const tableVulnRenderer: VulnRenderer = {
  id: 'table',
  mediaType: 'text/plain',
  standardized: false,
  carriesWarnings: true,
  render: (report) => renderVulnTable(report),
};
