import Table from 'cli-table3';

import type { Policy } from '../policy/index.js';
import { ASCII_BORDERS, severityName } from './render-policy-results.js';

/** One row of `rampart policy list`. */
export interface PolicyListRow {
  id: string;
  name: string;
  severity: string;
  lifecycleStages: string[];
  categories: string[];
  enforcementActions: string[];
  disabled: boolean;
  file: string;
}

export function policyListRows(entries: ReadonlyArray<{ file: string; policy: Policy }>): PolicyListRow[] {
  return entries.map(({ file, policy }) => ({
    id: policy.id ?? '',
    name: policy.name,
    severity: severityName(policy.severity),
    lifecycleStages: [...policy.lifecycleStages],
    categories: [...(policy.categories ?? [])],
    enforcementActions: [...(policy.enforcementActions ?? [])],
    disabled: policy.disabled === true,
    file,
  }));
}

export function renderPolicyListTable(rows: readonly PolicyListRow[]): string {
  const table = new Table({
    head: ['NAME', 'SEVERITY', 'STAGES', 'CATEGORIES', 'ENFORCEMENT', 'STATE'],
    style: { head: [], border: [] },
    chars: ASCII_BORDERS,
    wordWrap: true,
    colWidths: [48, 10, 16, 30, 28, 10],
  });
  for (const r of rows) {
    table.push([
      r.name,
      r.severity,
      r.lifecycleStages.join(', '),
      r.categories.join(', '),
      r.enforcementActions.map((a) => a.replace(/_ENFORCEMENT$/, '')).join(', ') || '-',
      r.disabled ? 'disabled' : 'enabled',
    ]);
  }
  return `${table.toString()}\n${rows.length} policies\n`;
}
