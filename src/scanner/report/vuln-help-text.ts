import type { VulnRow } from './vuln-rows.js';

/**
 * roxctl image scan's help text for one (component, vulnerability) row, as its SARIF printer
 * writes it: one `Key:<TAB>value` line per field, empty values kept. SARIF and JUnit share it.
 */
export function vulnHelpText(row: VulnRow): string {
  const fields: [string, string][] = [
    ['Vulnerability', row.cve],
    ['Link', row.link ?? ''],
    ['Severity', row.severity],
    ['CVSS', row.cvss !== undefined ? String(row.cvss) : ''],
    ['Component', row.component],
    ['Version', row.version],
    ['Fixed Version', row.fixedVersion ?? ''],
    ['Advisory', row.advisory ?? ''],
    ['Advisory Link', row.advisoryLink ?? ''],
  ];
  return fields.map(([k, v]) => `${k}:\t${v}`).join('\n');
}
