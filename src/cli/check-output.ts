import { Flags } from '@oclif/core';
import type { LifecycleStage, Policy } from '../policy/index.js';
import { RampartError } from '../runtime/errors.js';
import { renderRoxctlTable } from '../scanner/report/table/roxctl-table.js';
import { checkHeaders, policyCheckRows, rowCells, type CheckLocation } from './policy-check-rows.js';
import { renderCheckCsv, selectColumns } from './render-check-csv.js';
import { renderCheckJunit } from './render-check-junit.js';
import { renderCheckSarif } from './render-check-sarif.js';
import { failingPolicies, policyCheckClosingLines, type PolicyCheckResult } from './render-policy-results.js';

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
    description:
      'Merge identical cells of adjacent rows in the table (off by default, as in roxctl\u2019s check commands).',
    default: false,
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
  /** Images the workloads reference and how many of them were not scanned (deployment check). */
  unscannedImages?: { unscanned: number; total: number };
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

/** Human table with roxctl's header lines, honouring --headers, --no-header and --merge-output. */
export function renderCheckTable(
  result: PolicyCheckResult,
  stage: LifecycleStage,
  flags: Pick<CheckOutputFlagValues, 'headers' | 'no-header' | 'merge-output'>,
  notes: Pick<CheckPrintContext, 'unscannedImages'> = {},
): string {
  const isImage = stage === 'BUILD';
  const names = result.results.map((r) => r.metadata.additionalInfo.name ?? '');
  const s = result.summary;
  const lines = [
    isImage
      ? `Policy check results for image: ${names.join(' ')}`
      : `Policy check results for deployments: [${names.join(' ')}]`,
    `(TOTAL: ${s.TOTAL}, LOW: ${s.LOW}, MEDIUM: ${s.MEDIUM}, HIGH: ${s.HIGH}, CRITICAL: ${s.CRITICAL})`,
  ];
  const unscanned = notes.unscannedImages;
  if (unscanned && unscanned.unscanned > 0) lines.push(unscannedLine(unscanned));
  lines.push('');
  if (s.TOTAL === 0) return lines.join('\n');
  const cols = selectColumns(stage, flags.headers);
  const headers = checkHeaders(stage);
  const rows = policyCheckRows(result, stage).map((row) => {
    const cells = rowCells(row, stage);
    return cols.map((i) => cells[i]!);
  });
  const table = renderRoxctlTable({
    ...(flags['no-header'] ? {} : { headers: cols.map((i) => headers[i]!) }),
    rows,
    // roxctl's --merge-output merges identical adjacent cells in every column.
    ...(flags['merge-output'] ? { mergeColumns: cols.map((_, i) => i) } : {}),
  });
  return lines.join('\n') + '\n' + table;
}

/**
 * The summary line for images no scan was made of: their image criteria (CVEs, components,
 * age, user, Dockerfile) could not match, so a clean result says nothing about them.
 */
export function unscannedLine(n: { unscanned: number; total: number }): string {
  return `(UNSCANNED IMAGES: ${n.unscanned} of ${n.total}; image criteria were not evaluated for them, pass --scan-images to scan them)`;
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
          ...(ctx.unscannedImages ? { unscannedImages: ctx.unscannedImages } : {}),
        }),
      );
      break;
    default: {
      ctx.out(renderCheckTable(result, stage, flags, ctx));
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
