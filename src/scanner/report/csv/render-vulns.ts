import type { VulnReport } from '../../../model/vuln-report.js';
import { rowCells, VULN_HEADERS, vulnRows } from '../vuln-rows.js';
import type { VulnRenderer } from '../vuln-renderers.js';

/** RFC 4180 quoting: quote a cell with a comma, quote, or line break; double inner quotes. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * roxctl's csv: header keys with `_` for spaces (`FIXED_VERSION`, `ADVISORY_LINK`), one row per
 * (component, vulnerability), `-` for empty cells. Warnings have no place here (see README.md):
 * the command prints them on stderr and says that the csv does not carry them.
 */
export function renderVulnCsv(report: VulnReport): string {
  const lines = [VULN_HEADERS.map((h) => h.replace(/ /g, '_')).join(',')];
  for (const r of vulnRows(report)) lines.push(rowCells(r).map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

export const csvVulnRenderer: VulnRenderer = {
  id: 'csv',
  mediaType: 'text/csv',
  standardized: true,
  carriesWarnings: false,
  render: (report) => renderVulnCsv(report),
};
