/**
 * FIRST EPSS scores CSV (`epss_scores-YYYY-MM-DD.csv[.gz]`): an optional comment line
 * `#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000`, a header `cve,epss,percentile`,
 * then one row per CVE. Read line by line (the gz file inflates to ~10 MB; never held whole).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { RampartError, describeError, isRampartError } from '../../../../runtime/errors.js';
import type { EpssRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';

function epssError(where: string, what: string): RampartError {
  return new RampartError('FEED_FORMAT', `feed epss: ${where}: ${what}; the upstream file is malformed`);
}

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** Parses lines one at a time; `end()` checks a header was seen. */
export class EpssLineParser {
  private columns: { cve: number; epss: number; percentile: number } | undefined;
  private date: string | undefined;
  private line = 0;
  modelVersion: string | undefined;

  constructor(private readonly name: string) {}

  /** One line of the file; a record for data rows, undefined for comment/header/blank lines. */
  push(raw: string): EpssRecord | undefined {
    this.line++;
    const text = raw.replace(/\r$/, '').replace(/^\uFEFF/, '');
    if (text.trim() === '') return undefined;
    const where = `${this.name} line ${this.line}`;
    if (text.startsWith('#')) {
      for (const part of text.slice(1).split(',')) {
        const [k, v] = part.split(':', 2).map((s) => s.trim());
        if (k === 'score_date' && v) this.date = v.slice(0, 10);
        if (k === 'model_version' && v) this.modelVersion = v;
      }
      return undefined;
    }
    const cells = text.split(',').map((s) => s.trim());
    if (!this.columns) {
      const idx = (n: string) => cells.indexOf(n);
      if (idx('cve') < 0 || idx('epss') < 0 || idx('percentile') < 0) {
        throw epssError(where, 'the header is not `cve,epss,percentile`');
      }
      this.columns = { cve: idx('cve'), epss: idx('epss'), percentile: idx('percentile') };
      return undefined;
    }
    const cve = cells[this.columns.cve] ?? '';
    if (!CVE.test(cve)) throw epssError(where, `${JSON.stringify(cve)} is not a CVE id`);
    const num = (s: string | undefined, what: string) => {
      const n = s !== undefined && /^\d*\.?\d+(e-?\d+)?$/i.test(s) ? Number(s) : NaN;
      if (!(n >= 0 && n <= 1))
        throw epssError(`${where} (${cve})`, `${what} ${JSON.stringify(s)} is not a number in [0, 1]`);
      return n;
    };
    return {
      cve,
      epss: num(cells[this.columns.epss], 'epss'),
      percentile: num(cells[this.columns.percentile], 'percentile'),
      ...(this.date ? { date: this.date } : {}),
    };
  }

  end(): void {
    if (!this.columns) throw epssError(this.name, 'no `cve,epss,percentile` header');
  }
}

/** The records of one EPSS CSV file (gzip by magic bytes), streamed line by line. */
export async function* readEpssFile(a: Artefact, ctx: ParseContext): AsyncGenerator<EpssRecord> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const s = createReadStream(a.path, { start: 0, end: 1 });
    const parts: Buffer[] = [];
    s.on('data', (c) => parts.push(c as Buffer));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  let inflated = 0;
  const limit = ctx.limits.maxInflatedBytes;
  const bound = new Transform({
    transform(chunk: Buffer, _e, done) {
      inflated += chunk.length;
      if (inflated > limit) {
        done(
          new RampartError(
            'FEED_TOO_LARGE',
            `feed epss: ${a.name} inflates past ${limit} bytes; refusing it`,
          ),
        );
      } else done(null, chunk);
    },
  });
  const source = createReadStream(a.path);
  const input = gz ? source.pipe(createGunzip()) : source;
  const fail = (err: unknown) => bound.destroy(err as Error);
  source.on('error', fail);
  input.on('error', fail);
  input.pipe(bound);
  const parser = new EpssLineParser(a.name);
  try {
    for await (const line of createInterface({ input: bound, crlfDelay: Infinity })) {
      if (line.length > ctx.limits.maxRecordBytes) {
        throw new RampartError(
          'FEED_TOO_LARGE',
          `feed epss: ${a.name} has a line over ${ctx.limits.maxRecordBytes} bytes; refusing it`,
        );
      }
      const r = parser.push(line);
      if (r) yield r;
    }
  } catch (err: unknown) {
    if (isRampartError(err)) throw err;
    throw new RampartError(
      'FEED_FORMAT',
      `feed epss: ${a.name} is not readable (${describeError(err)}); download it again`,
    );
  } finally {
    source.destroy();
  }
  parser.end();
}
