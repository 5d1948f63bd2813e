import type { LifecycleStage } from '../policy/index.js';
import type { PolicyCheckResult, SeverityName } from './render-policy-results.js';

/** Where an entity was read from, for formats that can point at it (SARIF, JSON). */
export interface CheckLocation {
  /** The file as given (`-` for standard input). */
  file: string;
  line: number;
  column: number;
  /** 0-based YAML document index (the only useful position for standard input). */
  documentIndex: number;
}

/** One row of roxctl's policy-check tables: one violated policy of one entity. */
export interface PolicyCheckRow {
  policy: string;
  severity: SeverityName;
  breaks: boolean;
  /** Deployment name (deployment check only). */
  deployment?: string;
  description: string;
  violations: string[];
  remediation: string;
  /** The entity's id in the result, to look up its location. */
  entityId: string;
}

/** The column headers roxctl prints for the stage. */
export function checkHeaders(stage: LifecycleStage): string[] {
  return stage === 'BUILD'
    ? ['POLICY', 'SEVERITY', 'BREAKS BUILD', 'DESCRIPTION', 'VIOLATION', 'REMEDIATION']
    : ['POLICY', 'SEVERITY', 'BREAKS DEPLOY', 'DEPLOYMENT', 'DESCRIPTION', 'VIOLATION', 'REMEDIATION'];
}

/** Flatten the result into rows, in the result's order (entities, then policies by severity). */
export function policyCheckRows(result: PolicyCheckResult, stage: LifecycleStage): PolicyCheckRow[] {
  return result.results.flatMap((r) =>
    r.violatedPolicies.map((p) => ({
      policy: p.name,
      severity: p.severity,
      breaks: p.failingCheck,
      ...(stage === 'BUILD' ? {} : { deployment: r.metadata.additionalInfo.name ?? '' }),
      description: p.description,
      violations: p.violation,
      remediation: p.remediation,
      entityId: r.metadata.id,
    })),
  );
}

/** The text cells of a row under the stage's headers; empty values render as `-`, as roxctl does. */
export function rowCells(row: PolicyCheckRow, stage: LifecycleStage): string[] {
  const dash = (s: string): string => (s === '' ? '-' : s);
  return [
    row.policy,
    row.severity,
    row.breaks ? 'X' : '-',
    ...(stage === 'BUILD' ? [] : [dash(row.deployment ?? '')]),
    dash(row.description),
    row.violations.length === 0 ? '-' : row.violations.map((m) => `- ${m}`).join('\n'),
    dash(row.remediation),
  ];
}
