import type { PolicyCheckRow } from './policy-check-rows.js';

function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;')
    .replace(/\t/g, '&#x9;');
}

/**
 * roxctl's JUnit report: one suite, one test case per violated policy row; breaking policies
 * fail with their `- violation` lines, the others are skipped.
 */
export function renderCheckJunit(rows: readonly PolicyCheckRow[], suiteName: string): string {
  const failures = rows.filter((r) => r.breaks).length;
  const out = [
    `<testsuite name="${xmlEscape(suiteName)}" tests="${rows.length}" failures="${failures}" skipped="${rows.length - failures}" errors="0">`,
  ];
  for (const r of rows) {
    out.push(`  <testcase name="${xmlEscape(r.policy)}" classname="">`);
    if (r.breaks) {
      const text = r.violations.map((m) => `- ${m}`).join('\n');
      out.push(`    <failure>${xmlEscape(text)}</failure>`);
    } else {
      out.push('    <skipped></skipped>');
    }
    out.push('  </testcase>');
  }
  out.push('</testsuite>');
  return out.join('\n');
}
