import type { VulnReport } from '../../../model/vuln-report.js';
import { vulnRows, type VulnRow } from '../vuln-rows.js';
import { httpUrl } from '../http-url.js';
import { vulnHelpText } from '../vuln-help-text.js';
import type { VulnRenderer } from '../vuln-renderers.js';

/** roxctl's result level per (folded) StackRox severity. */
const LEVEL: Record<VulnRow['severity'], 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  IMPORTANT: 'error',
  MODERATE: 'warning',
  LOW: 'note',
};

/** roxctl's `security-severity` (a string, as GitHub code scanning reads it). */
const SECURITY_SEVERITY: Record<VulnRow['severity'], string> = {
  CRITICAL: '9.1',
  IMPORTANT: '7.9',
  MODERATE: '4.8',
  LOW: '3.3',
};

/** `<id>_<component>_<version>`, roxctl's rule id. */
export function sarifRuleId(row: Pick<VulnRow, 'cve' | 'component' | 'version'>): string {
  return `${row.cve}_${row.component}_${row.version}`;
}

/** The image name as a URI reference: percent-encoded where URIs need it, lone surrogates replaced. */
export function imageUri(reference: string): string {
  return encodeURI(
    reference.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

/**
 * SARIF 2.1.0 as roxctl image scan prints it: driver named for our tool, one rule and one result
 * per (component, vulnerability) row (rules shared when the same id, component and version repeat
 * at another path), result level and `security-severity` from the StackRox severity, and the image
 * name as the only location. Additions: the finding's state, package path and purl as result
 * properties, and coverage-gap warnings as tool execution notifications.
 */
export function renderSarifVulns(report: VulnReport): string {
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const uri = imageUri(report.image.reference);
  const results = vulnRows(report).map((row) => {
    const id = sarifRuleId(row);
    const help = vulnHelpText(row);
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(id, index);
      rules.push({
        id,
        name: 'Vulnerabilities',
        shortDescription: { text: id },
        fullDescription: { text: row.finding.summary || id },
        ...(httpUrl(row.link) ? { helpUri: httpUrl(row.link) } : {}),
        help: { text: help },
        properties: {
          precision: 'very-high',
          tags: ['security', row.severity],
          'security-severity': SECURITY_SEVERITY[row.severity],
        },
      });
    }
    const f = row.finding;
    return {
      ruleId: id,
      ruleIndex: index,
      level: LEVEL[row.severity],
      message: { text: help },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: 1, startColumn: 1 },
          },
        },
      ],
      properties: {
        state: f.state,
        severitySource: f.severity.source,
        purl: f.package.purl,
        packageLocation: f.package.location,
        ...(f.package.layer ? { layerIndex: f.package.layer.index } : {}),
        ...(f.aliases.length ? { aliases: f.aliases } : {}),
      },
    };
  });
  const log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'rampart',
            fullName: 'Rampart command line utility',
            version: report.tool.version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.warnings.map((w) => ({
              level: 'warning',
              descriptor: { id: w.code },
              message: { text: w.message },
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

export const sarifVulnRenderer: VulnRenderer = {
  id: 'sarif',
  mediaType: 'application/sarif+json',
  standardized: true,
  carriesWarnings: true,
  render: (report) => renderSarifVulns(report),
};
