/**
 * Red Hat CSAF VEX download: `archive_latest.txt` names the newest full archive
 * (`csaf_vex_YYYY-MM-DD.tar.zst`); it is downloaded and unpacked from zstd to a plain tar on
 * disk (bounded by `maxInflatedBytes`). `changes.csv` (`"2024/cve-2024-0727.json","<time>"`)
 * then lists documents changed after the archive was built; those are downloaded one by one
 * (at most `maxChangedFiles`) and parsed after the archive, so the newer record wins.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Decompress } from 'fzstd';

import { RampartError } from '../../../../runtime/errors.js';
import type { Artefact, FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';
import { boundedStream } from '../read-bz2-stream.js';

export const redhatVexBase = 'https://security.access.redhat.com/data/csaf/v2/vex/';
const maxChangedFiles = 5000;

/** `csaf_vex_2024-11-24.tar.zst` → `2024-11-24`. */
export function archiveDate(name: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})\.tar\.zst$/.exec(name)?.[1];
}

/** Paths in changes.csv changed strictly after `since` (ISO date or time). */
export function changedSince(csv: string, since: string): string[] {
  const out: string[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const m = /^"?([^",]+\.json)"?,"?([^",]+)"?$/.exec(line.trim());
    if (m && m[2]! > since && /^\d{4}\/[\w.-]+\.json$/.test(m[1]!)) out.push(m[1]!);
  }
  return out;
}

export async function fetchRedhatVex(
  feed: string,
  ctx: FetchContext,
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  const latestPath = join(ctx.workDir, 'archive_latest.txt');
  const latest = await downloadFile(ctx, feed, `${redhatVexBase}archive_latest.txt`, latestPath);
  if (latest === 'unchanged') return 'unchanged';
  const archiveName = (await readFile(latestPath, 'utf8')).trim();
  const date = archiveDate(archiveName);
  if (!date || archiveName.includes('/')) {
    throw new RampartError(
      'FEED_FORMAT',
      `feed ${feed}: archive_latest.txt names "${archiveName.slice(0, 80)}", not a csaf_vex_<date>.tar.zst; try again later`,
    );
  }
  const zst = join(ctx.workDir, 'vex.tar.zst');
  const got = await downloadFile(ctx, feed, `${redhatVexBase}${archiveName}`, zst);
  if (got === 'unchanged') return 'unchanged';
  const tarPath = join(ctx.workDir, 'vex.tar');
  await unzstd(zst, tarPath, feed, ctx.limits.maxInflatedBytes);
  const artefacts: Artefact[] = [{ path: tarPath, name: 'csaf-vex.tar' }];
  const digests = [`archive:${got.sha256}`];

  const changesPath = join(ctx.workDir, 'changes.csv');
  const changes = await downloadFile(ctx, feed, `${redhatVexBase}changes.csv`, changesPath);
  if (changes !== 'unchanged') {
    const paths = changedSince(await readFile(changesPath, 'utf8'), date).slice(0, maxChangedFiles);
    for (const [i, p] of paths.entries()) {
      const dest = join(ctx.workDir, `changed-${i}.json`);
      const one = await downloadFile(ctx, feed, `${redhatVexBase}${p}`, dest);
      if (one === 'unchanged') continue;
      artefacts.push({ path: dest, name: p });
      digests.push(`${p}:${one.sha256}`);
    }
  }
  const fingerprint = createHash('sha256').update(digests.join('\n')).digest('hex');
  if (previous?.fingerprint === fingerprint) return 'unchanged';
  return { artefacts, state: { fetchedAt: ctx.now().toISOString(), fingerprint } };
}

/** Stream-decompress a zstd file to `dest`, bounded to `max` bytes. */
export async function unzstd(src: string, dest: string, feed: string, max: number): Promise<void> {
  // The decoder's callback runs only inside transform/flush, after `out` exists.
  const decoder = new Decompress((data) => out.push(Buffer.from(data)));
  const bad = (what: string, err: unknown) =>
    new RampartError(
      'FEED_FORMAT',
      `feed ${feed}: ${src} is ${what} zstd (${(err as Error).message}); download it again`,
    );
  const out: Transform = new Transform({
    transform(chunk: Buffer, _e, done) {
      try {
        decoder.push(chunk);
        done();
      } catch (err: unknown) {
        done(bad('not valid', err));
      }
    },
    flush(done) {
      try {
        decoder.push(new Uint8Array(0), true);
        done();
      } catch (err: unknown) {
        done(bad('truncated', err));
      }
    },
  });
  await pipeline(createReadStream(src), out, boundedStream(feed, src, max), createWriteStream(dest));
}
