import { Flags } from '@oclif/core';
import Table from 'cli-table3';

import type { LifecycleStage, Policy } from '../policy/index.js';
import { RampartError } from '../runtime/errors.js';
import { checkHeaders, policyCheckRows, rowCells, type CheckLocation } from './policy-check-rows.js';
import { renderCheckCsv, selectColumns } from './render-check-csv.js';
import { renderCheckJunit } from './render-check-junit.js';
import { renderCheckSarif } from './render-check-sarif.js';
import {
  ASCII_BORDERS,
  failingPolicies,
  policyCheckClosingLines,
  type PolicyCheckResult,
} from './render-policy-results.js';

/** Output flags shared by `deployment check` and `image check` (roxctl's printer flags). */
export const checkOutputFlags = {
  output: Flags.string({
    char: 'o',
    description: 'Output format.',
    options: ['table', 'csv', 'json', 'junit', 'sarif'],
    default: 'table',
  }),
  headers: Flags.string({
    description: 'Columns to print (table, csv), comma-separated, e.g. POLICY,SEVERITY.',
    multiple: true,
    delimiter: ',',
  }),
  'no-header': Flags.boolean({ description: 'Leave out the header row (table, csv).' }),
  'headers-as-comments': Flags.boolean({
    description: 'Print the CSV header as a "#" comment line.',
    exclusive: ['no-header'],
  }),
  'merge-output': Flags.boolean({
    description: 'Accepted for roxctl compatibility; policy-check tables have no merged cells.',
    default: true,
    allowNo: true,
  }),
  'compact-output': Flags.boolean({ description: 'Print JSON on one line.' }),
  'junit-suite-name': Flags.string({ description: 'JUnit test suite name.' }),
  'exit-code': Flags.integer({
    description: 'Exit status when a violated policy breaks the check (errors always exit 1).',
    default: 1,
    min: 0,
    max: 255,
  }),
};

export interface CheckOutputFlagValues {
  output: string;
  headers?: string[];
  'no-header'?: boolean;
  'headers-as-comments'?: boolean;
  'merge-output': boolean;
  'compact-output'?: boolean;
  'junit-suite-name'?: string;
  'exit-code': number;
}

export interface CheckPrintContext {
  stage: LifecycleStage;
  toolVersion: string;
  /** SARIF artifact for rows without a location: the image name, or the first file. */
  defaultUri: string;
  /** Deployment locations by result id. */
  locations?: ReadonlyMap<string, CheckLocation>;
  out: (text: string) => void;
  err: (line: string) => void;
}

/** Keep the policies of the named categories (case-insensitive), refusing names no policy has. */
export function filterByCategories(
  policies: readonly Policy[],
  categories: readonly string[] | undefined,
): Policy[] {
  if (!categories || categories.length === 0) return [...policies];
  const wanted = new Set(categories.map((c) => c.trim().toLowerCase()));
  const known = new Set(policies.flatMap((p) => (p.categories ?? []).map((c) => c.toLowerCase())));
  const unknown = [...wanted].filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new RampartError(
      'CHECK_UNKNOWN_CATEGORY',
      `allowed categories ${JSON.stringify(unknown)} did not match any policy categories; run "rampart policy list" to see them`,
    );
  }
  return policies.filter((p) => (p.categories ?? []).some((c) => wanted.has(c.toLowerCase())));
}

/** Human table with roxctl's header lines, honouring --headers and --no-header. */
export function renderCheckTable(
  result: PolicyCheckResult,
  stage: LifecycleStage,
  flags: Pick<CheckOutputFlagValues, 'headers' | 'no-header'>,
): string {
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
  const cols = selectColumns(stage, flags.headers);
  // Deployment names are never cut: that column grows to the longest name (cells are padded by 2).
  const longest = Math.max(0, ...names.map((n) => n.length));
  const widths = isImage ? [24, 10, 14, 30, 40, 30] : [24, 10, 15, Math.max(12, longest + 2), 30, 40, 30];
  const headers = checkHeaders(stage);
  const table = new Table({
    ...(flags['no-header'] ? {} : { head: cols.map((i) => headers[i]!) }),
    colWidths: cols.map((i) => widths[i]!),
    // Cells are wrapped here: cli-table3's own wrapping drops the blank line between messages.
    wordWrap: false,
    colAligns: cols.map(() => 'center' as const),
    style: { head: [], border: [] },
    chars: ASCII_BORDERS,
  });
  const violation = headers.indexOf('VIOLATION');
  for (const row of policyCheckRows(result, stage)) {
    // In the table, violation messages are separated by a blank line, as roxctl prints them.
    const cells = rowCells(row, stage).map((c, i) => (i === violation ? c.replace(/\n/g, '\n\n') : c));
    table.push(cols.map((i) => wrapCell(cells[i]!, widths[i]! - 2)));
  }
  return lines.join('\n') + '\n' + table.toString() + '\n';
}

/** Greedy word wrap of each line to `width` characters; a longer word is split. Blank lines stay. */
export function wrapCell(text: string, width: number): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let current = '';
    for (let word of line.split(' ').filter((w) => w !== '')) {
      while (word.length > width) {
        if (current) out.push(current);
        current = '';
        out.push(word.slice(0, width));
        word = word.slice(width);
      }
      if (current === '') current = word;
      else if (current.length + 1 + word.length <= width) current += ' ' + word;
      else {
        out.push(current);
        current = word;
      }
    }
    out.push(current);
  }
  return out.join('\n');
}

/**
 * Print a check result in the chosen format and return the exit status: 0 without breaking
 * policies, `--exit-code` (default 1) with them. Human mode adds roxctl's WARN/ERROR lines;
 * every format ends with the "failed policies found" error when the check fails.
 */
export function printCheckResult(
  result: PolicyCheckResult,
  flags: CheckOutputFlagValues,
  ctx: CheckPrintContext,
): number {
  const { stage } = ctx;
  const rows = policyCheckRows(result, stage);
  switch (flags.output) {
    case 'json':
      ctx.out(JSON.stringify(withLocations(result, ctx.locations), null, flags['compact-output'] ? 0 : 2));
      break;
    case 'csv':
      ctx.out(
        renderCheckCsv(rows, stage, {
          ...(flags.headers ? { headers: flags.headers } : {}),
          noHeader: Boolean(flags['no-header']),
          headersAsComments: Boolean(flags['headers-as-comments']),
        }),
      );
      break;
    case 'junit':
      ctx.out(
        renderCheckJunit(
          rows,
          flags['junit-suite-name'] ?? (stage === 'BUILD' ? 'image-check' : 'deployment-check'),
        ),
      );
      break;
    case 'sarif':
      ctx.out(
        renderCheckSarif(rows, {
          toolVersion: ctx.toolVersion,
          defaultUri: ctx.defaultUri,
          ...(ctx.locations ? { locations: ctx.locations } : {}),
        }),
      );
      break;
    default: {
      ctx.out(renderCheckTable(result, stage, flags));
      for (const line of policyCheckClosingLines(result, stage)) ctx.err(line);
    }
  }
  const failing = failingPolicies(result).length;
  if (failing === 0) return 0;
  const prefix = stage === 'DEPLOY' ? 'breaking policies found: ' : '';
  ctx.err(`ERROR:\t${prefix}failed policies found: ${failing} policies violated that are failing the check`);
  return flags['exit-code'];
}

/** roxctl's JSON plus, for deployments, where each was read: file, line, column, document. */
function withLocations(
  result: PolicyCheckResult,
  locations: ReadonlyMap<string, CheckLocation> | undefined,
): PolicyCheckResult {
  if (!locations) return result;
  return {
    ...result,
    results: result.results.map((r) => {
      const loc = locations.get(r.metadata.id);
      if (!loc) return r;
      return {
        ...r,
        metadata: {
          ...r.metadata,
          additionalInfo: {
            ...r.metadata.additionalInfo,
            file: loc.file,
            line: String(loc.line),
            column: String(loc.column),
            documentIndex: String(loc.documentIndex),
          },
        },
      };
    }),
  };
}
