import type { PolicyViolation } from '../policy/index.js';
import type { EnforcementAction, LifecycleStage, PolicySeverity } from '../policy/index.js';
import { ASCII_BORDERS } from '../scanner/report/table/ascii-borders.js';
import { renderRoxctlTable } from '../scanner/report/table/roxctl-table.js';

/** One evaluated entity (a deployment or an image) and the policies it violated. */
export interface PolicyCheckEntity {
  id: string;
  name: string;
  /** Absent for images. */
  namespace?: string;
  /** `Deployment`, `DaemonSet`… or `image`. */
  type: string;
  violations: readonly PolicyViolation[];
}

export type SeverityName = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface PolicyCheckSummary {
  CRITICAL: number;
  HIGH: number;
  LOW: number;
  MEDIUM: number;
  TOTAL: number;
}

export interface ViolatedPolicy {
  name: string;
  severity: SeverityName;
  description: string;
  violation: string[];
  remediation: string;
  failingCheck: boolean;
}

/** The JSON `roxctl deployment check -o json` / `roxctl image check -o json` print. */
export interface PolicyCheckResult {
  results: Array<{
    metadata: { id: string; additionalInfo: Record<string, string> };
    summary: PolicyCheckSummary;
    violatedPolicies: ViolatedPolicy[];
  }>;
  summary: PolicyCheckSummary;
}

export { ASCII_BORDERS };

const SEVERITY_ORDER: Record<SeverityName, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };

/** The enforcement action that makes a violated policy "break" the check at each stage. */
const BREAKING: Record<LifecycleStage, readonly EnforcementAction[]> = {
  BUILD: ['FAIL_BUILD_ENFORCEMENT'],
  DEPLOY: ['SCALE_TO_ZERO_ENFORCEMENT'],
  RUNTIME: ['KILL_POD_ENFORCEMENT', 'FAIL_KUBE_REQUEST_ENFORCEMENT'],
};

export function severityName(s: PolicySeverity | undefined): SeverityName {
  const name = (s ?? 'LOW_SEVERITY').replace(/_SEVERITY$/, '');
  return name in SEVERITY_ORDER ? (name as SeverityName) : 'LOW';
}

function emptySummary(): PolicyCheckSummary {
  return { CRITICAL: 0, HIGH: 0, LOW: 0, MEDIUM: 0, TOTAL: 0 };
}

/**
 * Build roxctl's result shape: one entry per entity, alerts for the same policy merged,
 * policies sorted by severity (highest first) then name; for deployments, entities sorted by
 * type then name. `failingCheck` follows the policy's enforcement for the stage.
 */
export function buildPolicyCheckResult(
  entities: readonly PolicyCheckEntity[],
  stage: LifecycleStage,
): PolicyCheckResult {
  const sorted = [...entities];
  if (stage !== 'BUILD') sorted.sort((a, b) => cmp(a.type, b.type) || cmp(a.name, b.name));
  const total = emptySummary();
  const results = sorted.map((entity) => {
    const byPolicy = new Map<string, ViolatedPolicy>();
    for (const v of entity.violations) {
      const key = v.policy.id ?? v.policy.name;
      const messages = v.messages.map((m) => m.message);
      if (v.processViolation?.message) messages.push(v.processViolation.message);
      const existing = byPolicy.get(key);
      if (existing) {
        for (const m of messages) if (!existing.violation.includes(m)) existing.violation.push(m);
        continue;
      }
      byPolicy.set(key, {
        name: v.policy.name,
        severity: severityName(v.policy.severity),
        description: v.policy.description ?? '',
        violation: messages,
        remediation: v.policy.remediation ?? '',
        failingCheck: (v.policy.enforcementActions ?? []).some((a) => BREAKING[stage].includes(a)),
      });
    }
    const violatedPolicies = [...byPolicy.values()].sort(
      (a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || cmp(a.name, b.name),
    );
    const summary = emptySummary();
    for (const p of violatedPolicies) {
      summary[p.severity]++;
      summary.TOTAL++;
      total[p.severity]++;
      total.TOTAL++;
    }
    const additionalInfo: Record<string, string> =
      entity.type === 'image'
        ? { name: entity.name, type: 'image' }
        : { name: entity.name, namespace: entity.namespace ?? '', type: entity.type };
    return { metadata: { id: entity.id, additionalInfo }, summary, violatedPolicies };
  });
  // Like roxctl, which builds its results from alerts, an entity without violations is not listed.
  return { results: results.filter((r) => r.violatedPolicies.length > 0), summary: total };
}

/** Policies (counted once per entity) that break the check. */
export function failingPolicies(
  result: PolicyCheckResult,
): Array<{ policy: ViolatedPolicy; entity: string }> {
  const out: Array<{ policy: ViolatedPolicy; entity: string }> = [];
  for (const r of result.results) {
    for (const p of r.violatedPolicies)
      if (p.failingCheck) out.push({ policy: p, entity: r.metadata.additionalInfo.name ?? '' });
  }
  return out;
}

/** roxctl's human output: header, totals line and the table, for stdout. */
export function renderPolicyCheckTable(result: PolicyCheckResult, stage: LifecycleStage): string {
  const isImage = stage === 'BUILD';
  const names = result.results.map((r) => r.metadata.additionalInfo.name ?? '');
  const s = result.summary;
  const lines = [
    isImage
      ? `Policy check results for image: ${names.join(' ')}`
      : `Policy check results for deployments: [${names.join(' ')}]`,
    `(TOTAL: ${s.TOTAL}, LOW: ${s.LOW}, MEDIUM: ${s.MEDIUM}, HIGH: ${s.HIGH}, CRITICAL: ${s.CRITICAL})`,
    '',
  ];
  if (s.TOTAL === 0) return lines.join('\n');
  const breaks = stage === 'BUILD' ? 'BREAKS BUILD' : stage === 'DEPLOY' ? 'BREAKS DEPLOY' : 'ENFORCED';
  const headers = isImage
    ? ['POLICY', 'SEVERITY', breaks, 'DESCRIPTION', 'VIOLATION', 'REMEDIATION']
    : ['POLICY', 'SEVERITY', breaks, 'DEPLOYMENT', 'DESCRIPTION', 'VIOLATION', 'REMEDIATION'];
  const rows = result.results.flatMap((r) =>
    r.violatedPolicies.map((p) => [
      p.name,
      p.severity,
      p.failingCheck ? 'X' : '-',
      ...(isImage ? [] : [r.metadata.additionalInfo.name || '-']),
      p.description || '-',
      p.violation.length === 0 ? '-' : p.violation.map((m) => `- ${m}`).join('\n'),
      p.remediation || '-',
    ]),
  );
  return lines.join('\n') + '\n' + renderRoxctlTable({ headers, rows });
}

/** roxctl's closing lines (for stderr): the warning count and one error per breaking policy. */
export function policyCheckClosingLines(result: PolicyCheckResult, stage: LifecycleStage): string[] {
  const lines: string[] = [];
  const violated = result.results.reduce((n, r) => n + r.violatedPolicies.length, 0);
  if (violated > 0) lines.push(`WARN:\tA total of ${violated} policies have been violated`);
  const failing = failingPolicies(result);
  if (failing.length > 0) {
    lines.push(
      `ERROR:\tfailed policies found: ${failing.length} policies violated that are failing the check`,
    );
    for (const f of failing) {
      lines.push(
        stage === 'BUILD'
          ? `ERROR:\tPolicy "${f.policy.name}" - Possible remediation: "${f.policy.remediation}"`
          : `ERROR:\tPolicy "${f.policy.name}" within Deployment "${f.entity}" - Possible remediation: "${f.policy.remediation}"`,
      );
    }
  }
  return lines;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
