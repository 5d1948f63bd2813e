/**
 * Red Hat: CSAF VEX per CVE (what `vulndb update` downloads) and CSAF advisories (RHSA) from
 * a mirror. Rows are per BINARY rpm, per product CPE, with module streams. See README.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

import { RampartError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, Feed, FeedState, FetchContext, MirrorFile, ParseContext } from '../contracts.js';
import { openOvalFile, readOvalDocument } from '../read-oval-document.js';
import { readTarEntries } from '../read-tar-entries.js';
import { fetchRedhatCsaf } from './fetch.js';
import { csafRecords, redhatEcosystem } from './parse-csaf-vex.js';
import { rpmOvalRecords } from '../parse-rpm-oval.js';

const NAME = 'redhat';
const OVAL_FILE = /com\.redhat\.rhsa-RHEL(\d+)\.xml(?:\.bz2)?$/;

function parseText(text: string, name: string, jsonl: boolean): unknown[] {
  try {
    if (!jsonl) return [JSON.parse(text)];
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
  } catch (err: unknown) {
    throw new RampartError(
      'FEED_FORMAT',
      `feed ${NAME}: ${name} is not valid JSON (${(err as Error).message}); download it again`,
    );
  }
}

function documents(data: Buffer, name: string, limit: number): unknown[] {
  let bytes = data;
  if (name.endsWith('.gz')) {
    try {
      bytes = gunzipSync(data, { maxOutputLength: limit });
    } catch (err: unknown) {
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed ${NAME}: ${name} does not inflate within ${limit} bytes (${(err as Error).message}); refusing it`,
      );
    }
  }
  return parseText(bytes.toString('utf8'), name, /\.jsonl(\.gz)?$/.test(name));
}

export const redhatFeed = {
  name: NAME,
  version: 1,
  title: 'Red Hat CSAF VEX',
  description:
    'Red Hat CSAF VEX per CVE and CSAF advisories: fixed NEVRAs per product CPE and module, will-not-fix and affected states',
  ecosystems: ['Red Hat'],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchRedhatCsaf(NAME, ctx, previous),
  accepts(file: MirrorFile) {
    if (OVAL_FILE.test(file.path)) return 2;
    if (/\.tar$/.test(file.path) && /csaf/i.test(file.path)) return 2;
    if (!/\.jsonl?(\.gz)?$/.test(file.path)) return 0;
    if (file.path.endsWith('.gz'))
      return /(?:^|\/)(?:cve-\d{4}-\d+|rhsa|rhba|rhea|stackrox-rh)[^/]*$/.test(file.path) ? 2 : 0;
    const text = file.head.toString('utf8');
    return /"category"\s*:\s*"csaf_(?:vex|security_advisory)"/.test(text) || /"csaf_version"/.test(text)
      ? 2
      : 0;
  },
  parse: parseRedhat,
} satisfies Feed;

async function* parseRedhat(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    ctx.signal?.throwIfAborted();
    const oval = OVAL_FILE.exec(a.name);
    if (oval) {
      const doc = await readOvalDocument(openOvalFile(a.path, NAME, ctx.limits.maxInflatedBytes), {
        feed: NAME,
        file: a.name,
        maxRecordBytes: ctx.limits.maxRecordBytes,
        signal: ctx.signal,
      });
      yield* rpmOvalRecords(doc, {
        feed: NAME,
        ecosystem: redhatEcosystem,
        defaultCpes: [`cpe:/o:redhat:enterprise_linux:${oval[1]}`],
      });
      continue;
    }
    if (a.name.endsWith('.tar')) {
      for await (const e of readTarEntries(a.path, NAME, ctx.limits, (n) => /\.json$/.test(n), false)) {
        ctx.signal?.throwIfAborted();
        for (const doc of documents(e.data, e.name, ctx.limits.maxRecordBytes)) yield* csafRecords(doc, NAME);
      }
      continue;
    }
    const size = (await stat(a.path)).size;
    if (size > ctx.limits.maxRecordBytes)
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed ${NAME}: ${a.name} is ${size} bytes, over the record limit; refusing it`,
      );
    for (const doc of documents(await readFile(a.path), a.name, ctx.limits.maxRecordBytes))
      yield* csafRecords(doc, NAME);
  }
}
