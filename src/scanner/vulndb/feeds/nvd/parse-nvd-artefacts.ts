/**
 * Streams `NvdRecord`s out of NVD files: CVE API 2.0 responses (`{vulnerabilities: [{cve}]}`,
 * one page per file, as `fetch` stores them or as a mirror keeps them), and the retired 1.1
 * JSON data feed (`{CVE_Items: [...]}`, usually `.json.gz`). One document is decoded at a time;
 * a page may hold many records, so the document bound is `maxRecordBytes × 8` and, for a page
 * bigger than one record's bound, every record is also checked against `maxRecordBytes`.
 */
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

import { RampartError, describeError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { convertNvd11Item, convertNvdCve, nvdFormatError, type NvdSource } from './convert-nvd-cve.js';

/** How many records' worth of bytes one page document may hold. */
export const NVD_DOCUMENT_FACTOR = 8;

function tooLarge(feed: string, where: string, bytes: number, limit: number): RampartError {
  return new RampartError(
    'FEED_TOO_LARGE',
    `feed ${feed}: ${where} has ${bytes} bytes, over the limit of ${limit}; refusing it (a corrupt or hostile file; raise the feed limit only if the upstream file is genuine)`,
  );
}

/** Read and decode one artefact (gzip by magic bytes), bounded. */
export async function readNvdDocument(a: Artefact, ctx: ParseContext, feed: string): Promise<unknown> {
  const limit = ctx.limits.maxRecordBytes * NVD_DOCUMENT_FACTOR;
  const size = (await stat(a.path)).size;
  if (size > limit) throw tooLarge(feed, a.name, size, limit);
  let data = await readFile(a.path);
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: limit });
    } catch (err: unknown) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw tooLarge(feed, `${a.name} (inflated)`, limit + 1, limit);
      throw new RampartError(
        'FEED_FORMAT',
        `feed ${feed}: ${a.name} is not readable gzip (${describeError(err)}); download it again`,
      );
    }
  }
  try {
    return JSON.parse(data.toString('utf8'));
  } catch (err: unknown) {
    throw new RampartError(
      'FEED_FORMAT',
      `feed ${feed}: ${a.name}: malformed JSON (${describeError(err)}); the upstream file is corrupt`,
    );
  }
}

function checkRecordSize(src: NvdSource, ctx: ParseContext, rec: unknown, big: boolean): void {
  if (!big) return;
  const bytes = Buffer.byteLength(JSON.stringify(rec) ?? '');
  if (bytes > ctx.limits.maxRecordBytes)
    throw tooLarge(src.feed, src.where, bytes, ctx.limits.maxRecordBytes);
}

/** Every NVD record of the artefacts, in artefact then document order. */
export async function* parseNvdArtefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
  feed = 'nvd',
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    ctx.signal?.throwIfAborted();
    const doc = await readNvdDocument(a, ctx, feed);
    // a small plain file cannot hold an oversized record; gzip input may inflate past it
    const big = (await stat(a.path)).size > ctx.limits.maxRecordBytes || a.name.endsWith('.gz');
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw nvdFormatError({ feed, where: a.name }, 'the document is not a JSON object');
    }
    const d = doc as Record<string, unknown>;
    if (Array.isArray(d.vulnerabilities)) {
      let i = 0;
      for (const v of d.vulnerabilities) {
        const src = { feed, where: `${a.name} vulnerabilities[${i++}]` };
        const cve = typeof v === 'object' && v !== null ? (v as Record<string, unknown>).cve : undefined;
        checkRecordSize(src, ctx, cve, big);
        yield { kind: 'nvd', record: convertNvdCve(cve, src) };
      }
    } else if (Array.isArray(d.CVE_Items)) {
      let i = 0;
      for (const item of d.CVE_Items) {
        const src = { feed, where: `${a.name} CVE_Items[${i++}]` };
        checkRecordSize(src, ctx, item, big);
        yield { kind: 'nvd', record: convertNvd11Item(item, src) };
      }
    } else {
      throw nvdFormatError(
        { feed, where: a.name },
        'neither `vulnerabilities` (API 2.0) nor `CVE_Items` (1.1 feed)',
      );
    }
  }
}
