import { ASCII_BORDERS } from './ascii-borders.js';

/**
 * roxctl's tables as its printer draws them (olekukonko/tablewriter with row lines, centred
 * cells, no reflow): every column is as wide as its widest line; a line longer than
 * {@link MAX_CELL_WIDTH} is wrapped at word boundaries (a longer single word keeps its width);
 * the lines of a multi-line cell stay separate paragraphs with a blank line between them; a
 * separator follows every row. With merging, a cell equal to the one above it in a merged
 * column is left blank and the separator above it is left open.
 */
export interface RoxctlTableOptions {
  /** Header cells; none prints no header row. */
  headers?: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
  /** Indexes of the columns whose identical adjacent cells are merged. */
  mergeColumns?: readonly number[];
}

/** Widest a cell's lines get before they are wrapped (tablewriter's MAX_ROW_WIDTH). */
export const MAX_CELL_WIDTH = 30;

const H = ASCII_BORDERS.mid;
const CROSS = ASCII_BORDERS['mid-mid'];
const V = ASCII_BORDERS.middle;

/** Display width: code points (the table text is ASCII in practice). */
function width(s: string): number {
  return [...s].length;
}

interface Cell {
  lines: string[];
  width: number;
}

/** Split a cell into its lines: paragraphs wrapped to the cell's limit, a blank line between them. */
export function layoutCell(text: string): Cell {
  const paragraphs = text.split('\n');
  const limit = Math.min(MAX_CELL_WIDTH, Math.max(0, ...paragraphs.map(width)));
  let cellWidth = limit;
  const lines: string[] = [];
  paragraphs.forEach((p, i) => {
    if (i > 0) lines.push('');
    for (const line of wrapParagraph(p, limit)) {
      cellWidth = Math.max(cellWidth, width(line));
      lines.push(line);
    }
  });
  return { lines, width: cellWidth };
}

/**
 * Break a paragraph into lines of at most `limit` columns (more when one word is longer),
 * choosing the breaks that minimise the sum of squared slack over all lines but the last —
 * the minimum-raggedness rule roxctl's table library uses, not greedy filling.
 */
export function wrapParagraph(paragraph: string, limit: number): string[] {
  const words = paragraph.replace(/\n/g, ' ').split(' ');
  const lim = Math.max(limit, ...words.map(width));
  const n = words.length;
  const w = words.map(width);
  // lengthOf(i, j): words i..j joined by single spaces.
  const prefix = [0];
  for (let i = 0; i < n; i++) prefix.push(prefix[i]! + w[i]!);
  const lengthOf = (i: number, j: number) => prefix[j + 1]! - prefix[i]! + (j - i);
  const cost = new Array<number>(n).fill(Number.MAX_SAFE_INTEGER);
  const next = new Array<number>(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (lengthOf(i, n - 1) <= lim) {
      cost[i] = 0;
      next[i] = n;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const slack = lim - lengthOf(i, j - 1);
      let c = slack * slack + cost[j]!;
      if (slack < 0) c += 100_000;
      if (c < cost[i]!) {
        cost[i] = c;
        next[i] = j;
      }
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = next[i]!) lines.push(words.slice(i, next[i]).join(' '));
  return lines;
}

/** Centre `s` in `w` columns; an odd gap puts the extra space on the right. */
function centre(s: string, w: number): string {
  const gap = w - width(s);
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

/** Render the table, each line ending in a newline. */
export function renderRoxctlTable(opts: RoxctlTableOptions): string {
  const header = opts.headers?.map((h) => layoutCell(h.replace(/_/g, ' ').trim().toUpperCase()));
  const body = opts.rows.map((r) => r.map((c) => layoutCell(c)));
  const columns = Math.max(header?.length ?? 0, ...body.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns; c++)
    widths.push(Math.max(0, ...[header ?? [], ...body].map((r) => r[c]?.width ?? 0)));
  const merge = new Set(opts.mergeColumns ?? []);

  const separator = (open: readonly boolean[] = []) =>
    CROSS + widths.map((w, c) => (open[c] ? ' ' : H).repeat(w + 2) + CROSS).join('') + '\n';
  const printRow = (cells: ReadonlyArray<Cell | undefined>, blank: readonly boolean[] = []) => {
    const height = Math.max(1, ...cells.map((c) => c?.lines.length ?? 0));
    let out = '';
    for (let l = 0; l < height; l++) {
      out += V;
      for (let c = 0; c < columns; c++) {
        const text = blank[c] ? '' : (cells[c]?.lines[l] ?? '');
        out += ' ' + centre(text, widths[c]!).padEnd(widths[c]!) + ' ' + V;
      }
      out += '\n';
    }
    return out;
  };

  let out = separator();
  if (header) out += printRow(header) + separator();
  const joined = (cell: Cell | undefined) => (cell ? cell.lines.join(' ').trimEnd() : '');
  body.forEach((row, i) => {
    if (i > 0) {
      const above = body[i - 1]!;
      const same = Array.from(
        { length: columns },
        (_, c) => merge.has(c) && joined(row[c]) !== '' && joined(row[c]) === joined(above[c]),
      );
      out += separator(same) + printRow(row, same);
    } else out += printRow(row);
  });
  if (body.length > 0) out += separator();
  return out;
}
