import type { LifecycleStage } from '../policy/index.js';
import { RampartError } from '../runtime/errors.js';
import { checkHeaders, rowCells, type PolicyCheckRow } from './policy-check-rows.js';

export interface CheckColumnOptions {
  /** Column subset and order by header name (`--headers`); default: all. */
  headers?: readonly string[];
  noHeader?: boolean;
  /** CSV only: print the header line as a `#` comment. */
  headersAsComments?: boolean;
}

/** Pick the columns named by `--headers` (case-insensitive), refusing unknown names. */
export function selectColumns(stage: LifecycleStage, wanted: readonly string[] | undefined): number[] {
  const all = checkHeaders(stage);
  if (!wanted || wanted.length === 0) return all.map((_, i) => i);
  return wanted.map((w) => {
    const i = all.indexOf(w.trim().toUpperCase());
    if (i < 0) {
      throw new RampartError(
        'CHECK_UNKNOWN_HEADER',
        `unknown column "${w}" in --headers; choose from ${all.join(', ')}`,
      );
    }
    return i;
  });
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** roxctl's CSV: header line, one line per row, cells with commas, quotes or newlines quoted. */
export function renderCheckCsv(
  rows: readonly PolicyCheckRow[],
  stage: LifecycleStage,
  opts: CheckColumnOptions = {},
): string {
  const cols = selectColumns(stage, opts.headers);
  const headers = checkHeaders(stage);
  const lines: string[] = [];
  if (!opts.noHeader) {
    const head = cols.map((i) => csvCell(headers[i]!)).join(',');
    lines.push(opts.headersAsComments ? `# ${head}` : head);
  }
  for (const row of rows) {
    const cells = rowCells(row, stage);
    lines.push(cols.map((i) => csvCell(cells[i]!)).join(','));
  }
  return lines.map((l) => l + '\n').join('');
}
