import type { CheckLocation, PolicyCheckRow } from './policy-check-rows.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
};

export interface CheckSarifOptions {
  toolVersion: string;
  /** Artifact for rows without a location of their own: the image name or the first file. */
  defaultUri: string;
  /** Where each entity (by result id) was read from; deployments only. */
  locations?: ReadonlyMap<string, CheckLocation>;
  /** Images the workloads reference and how many were not scanned (deployment check). */
  unscannedImages?: { unscanned: number; total: number };
}

function helpText(r: PolicyCheckRow): string {
  return [
    `Policy: ${r.policy}`,
    `Severity: ${r.severity}`,
    ...(r.deployment !== undefined ? [`Deployment: ${r.deployment}`] : []),
    `Description: ${r.description || '-'}`,
    `Violations:`,
    ...r.violations.map((m) => `- ${m}`),
    `Remediation: ${r.remediation || '-'}`,
  ].join('\n');
}

/**
 * SARIF 2.1.0 in roxctl's layout (driver `roxctl`-like metadata under our name, one rule per
 * policy, one result per violated-policy row, levels by severity), except that each result
 * points at the file, line and column of the offending object instead of line 1, column 1.
 * Standard input is named `stdin` and the result carries the YAML document index. Unscanned
 * images of a deployment check are counted in the run's property bag.
 */
export function renderCheckSarif(rows: readonly PolicyCheckRow[], opts: CheckSarifOptions): string {
  const ruleIndex = new Map<string, number>();
  const rules: unknown[] = [];
  const results = rows.map((r) => {
    let index = ruleIndex.get(r.policy);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(r.policy, index);
      rules.push({
        id: r.policy,
        name: 'PolicyViolations',
        shortDescription: { text: r.policy },
        fullDescription: { text: r.description || r.policy },
        help: { text: helpText(r) },
        properties: { precision: 'very-high', tags: ['policy-violation', r.severity] },
      });
    }
    const loc = opts.locations?.get(r.entityId);
    const uri = loc ? (loc.file === '-' ? 'stdin' : loc.file) : opts.defaultUri;
    const subject = r.deployment !== undefined ? ` in deployment "${r.deployment}"` : '';
    return {
      ruleId: r.policy,
      ruleIndex: index,
      level: LEVEL[r.severity] ?? 'none',
      message: {
        text: `Policy "${r.policy}" violated${subject}:\n${r.violations.map((m) => `- ${m}`).join('\n')}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: loc?.line ?? 1, startColumn: loc?.column ?? 1 },
          },
        },
      ],
      ...(loc
        ? { properties: { documentIndex: loc.documentIndex, breaks: r.breaks } }
        : { properties: { breaks: r.breaks } }),
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
            version: opts.toolVersion,
            rules,
          },
        },
        results,
        ...(opts.unscannedImages && opts.unscannedImages.unscanned > 0
          ? { properties: { unscannedImages: opts.unscannedImages } }
          : {}),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
