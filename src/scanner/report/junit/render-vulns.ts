import type { VulnReport } from '../../../model/vuln-report.js';
import { vulnRows } from '../vuln-rows.js';
import { vulnHelpText } from '../vuln-help-text.js';
import type { VulnRenderer } from '../vuln-renderers.js';

/** Characters XML 1.0 cannot carry at all, even escaped (C0 controls but tab, CR, LF; lone surrogates; U+FFFE/F). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: `&`, `<`, `>` escaped; characters XML cannot hold become U+FFFD. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value (double-quoted): also quotes, and whitespace kept as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export const JUNIT_SUITE_NAME = 'image-scan';

/**
 * JUnit XML in roxctl's printer shape (one suite; `errors="0"`; test cases with an empty
 * classname would lose the package, so the classname is the component), wrapped in
 * `<testsuites>` for CI tools that require it. roxctl image scan has no JUnit output; this
 * follows its row model: one test case per (component, vulnerability) finding, each a
 * `<failure>` whose text is the SARIF help text plus the package's path. An image without
 * findings gives an empty suite (`tests="0"`). Coverage-gap warnings go to `<system-err>`.
 */
export function renderJunitVulns(report: VulnReport, suiteName = JUNIT_SUITE_NAME): string {
  const rows = vulnRows(report);
  const n = String(rows.length);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(suiteName)}" tests="${n}" failures="${n}" errors="0">`,
    `  <testsuite name="${xmlAttr(suiteName)}" tests="${n}" failures="${n}" errors="0" skipped="0" timestamp="${xmlAttr(report.scannedAt.replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, ''))}">`,
    '    <properties>',
    `      <property name="image" value="${xmlAttr(report.image.reference)}"/>`,
    `      <property name="tool" value="${xmlAttr(`${report.tool.name} ${report.tool.version}`)}"/>`,
    `      <property name="unique-vulnerabilities" value="${report.counts.vulnerabilities}"/>`,
    `      <property name="components" value="${report.counts.components}"/>`,
    '    </properties>',
  ];
  for (const row of rows) {
    const f = row.finding;
    const message = `${row.cve} (${row.severity}) in ${row.component} ${row.version}${f.summary ? `: ${f.summary}` : ''}`;
    const detail = [
      vulnHelpText(row),
      `State:\t${f.state}`,
      `Location:\t${f.package.location}`,
      ...(f.package.layer?.createdBy ? [`Layer Instruction:\t${f.package.layer.createdBy}`] : []),
      ...(f.note ? [`Note:\t${f.note}`] : []),
    ].join('\n');
    out.push(
      `    <testcase name="${xmlAttr(row.cve)}" classname="${xmlAttr(`${row.component}@${row.version}`)}">`,
      `      <failure message="${xmlAttr(message)}" type="${row.severity}">${xmlText(detail)}</failure>`,
      '    </testcase>',
    );
  }
  if (report.warnings.length > 0) {
    const lines = report.warnings.map((w) => `WARN ${w.code}: ${w.message}`).join('\n');
    out.push(`    <system-err>${xmlText(lines)}</system-err>`);
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}

export const junitVulnRenderer: VulnRenderer = {
  id: 'junit',
  mediaType: 'application/xml',
  standardized: true,
  carriesWarnings: true,
  render: (report) => renderJunitVulns(report),
};
