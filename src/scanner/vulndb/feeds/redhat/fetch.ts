/**
 * Red Hat CSAF download, for the VEX documents (one per CVE) and the advisories (RHSA/RHBA/
 * RHEA), which Red Hat publishes the same way under `vex/` and `advisories/`:
 * `archive_latest.txt` names the newest full archive (`csaf_<kind>_YYYY-MM-DD.tar.zst`),
 * `changes.csv` and `deletions.csv` (`"2024/cve-2024-0727.json","<time>"`) list documents
 * changed or deleted since. Those three small files are asked for conditionally first: when
 * all six answer 304 nothing else is downloaded. Otherwise the archive is fetched
 * conditionally too (a 304 reuses the kept copy when the feed has a cache directory), unpacked
 * from zstd to a plain tar on disk (bounded by `maxInflatedBytes`) without the documents
 * deleted after the archive date, and the documents changed after it are downloaded one by one
 * (at most `maxChangedFiles` per kind) and parsed after the archive, so the newer record wins.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Decompress } from 'fzstd';
import tar from 'tar-stream';

import { RampartError, describeError, isRampartError } from '../../../../runtime/errors.js';
import type { Artefact, FeedState, FetchContext, FetchResult, UrlValidators } from '../contracts.js';
import { downloadFile } from '../download-file.js';
import { fetchFile, fingerprintOf, pruneCache, type FetchedFile } from '../fetch-one-file.js';
import { boundedStream } from '../read-bz2-stream.js';

export const redhatCsafBase = 'https://security.access.redhat.com/data/csaf/v2/';
export const redhatVexBase = `${redhatCsafBase}vex/`;
export const redhatAdvisoriesBase = `${redhatCsafBase}advisories/`;
const maxChangedFiles = 5000;

/** The two CSAF collections `vulndb update` downloads, in parse order. */
export const redhatCsafKinds = [
  { kind: 'vex', base: redhatVexBase },
  { kind: 'advisories', base: redhatAdvisoriesBase },
] as const;

const indexFiles = ['archive_latest.txt', 'changes.csv', 'deletions.csv'] as const;

/** `csaf_vex_2024-11-24.tar.zst` → `2024-11-24`. */
export function archiveDate(name: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})\.tar\.zst$/.exec(name)?.[1];
}

/** The `"path","time"` lines of changes.csv / deletions.csv (document paths `YYYY/name.json` only). */
export function csvEntries(csv: string): { path: string; time: string }[] {
  const out: { path: string; time: string }[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const m = /^"?([^",]+\.json)"?,"?([^",]+)"?$/.exec(line.trim());
    if (m && /^\d{4}\/[\w.-]+\.json$/.test(m[1]!)) out.push({ path: m[1]!, time: m[2]! });
  }
  return out;
}

/** Paths in changes.csv changed strictly after `since` (ISO date or time). */
export function changedSince(csv: string, since: string): string[] {
  return csvEntries(csv)
    .filter((e) => e.time > since)
    .map((e) => e.path);
}

/**
 * What to do after an archive of `date`: the documents to drop from it (deleted later) and the
 * changed documents to download (changed later, and not deleted after that change).
 */
export function planAfterArchive(
  changesCsv: string,
  deletionsCsv: string,
  date: string,
): { drop: Set<string>; download: string[] } {
  const deleted = new Map<string, string>();
  for (const e of csvEntries(deletionsCsv))
    if (e.time > date && (deleted.get(e.path) ?? '') < e.time) deleted.set(e.path, e.time);
  const changed = new Map<string, string>();
  for (const e of csvEntries(changesCsv))
    if (e.time > date && (changed.get(e.path) ?? '') < e.time) changed.set(e.path, e.time);
  const download = [...changed]
    .filter(([p, t]) => (deleted.get(p) ?? '') < t)
    .map(([p]) => p)
    .sort();
  return { drop: new Set(deleted.keys()), download };
}

export async function fetchRedhatCsaf(
  feed: string,
  ctx: FetchContext,
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  const prev = (url: string) => previous?.validators?.[url];
  const validators: Record<string, UrlValidators> = {};
  // 1. The index files, conditionally: all unchanged means the feed is.
  const index = new Map<string, FetchedFile | 'unchanged'>();
  for (const { kind, base } of redhatCsafKinds)
    for (const f of indexFiles)
      index.set(
        `${base}${f}`,
        await fetchFile(ctx, feed, `${base}${f}`, `${kind}-${f}`, prev(`${base}${f}`)),
      );
  if (previous && [...index.values()].every((g) => g === 'unchanged' || !g.downloaded)) return 'unchanged';
  const indexText = async (kind: string, url: string): Promise<string> => {
    let g = index.get(url)!;
    if (g === 'unchanged')
      g = (await fetchFile(ctx, feed, url, `${kind}-${url.split('/').pop()!}`)) as FetchedFile;
    validators[url] = g.validators;
    return readFile(g.path, 'utf8');
  };

  const artefacts: Artefact[] = [];
  const changedDocs: Artefact[] = [];
  const digests: { name: string; sha256: string }[] = [];
  for (const { kind, base } of redhatCsafKinds) {
    const archiveName = (await indexText(kind, `${base}archive_latest.txt`)).trim();
    const date = archiveDate(archiveName);
    if (!date || !/^csaf_[\w-]+_\d{4}-\d{2}-\d{2}\.tar\.zst$/.test(archiveName)) {
      throw new RampartError(
        'FEED_FORMAT',
        `feed ${feed}: ${kind}/archive_latest.txt names "${archiveName.slice(0, 80)}", not a csaf_<kind>_<date>.tar.zst; try again later`,
      );
    }
    const archiveUrl = `${base}${archiveName}`;
    let got = await fetchFile(ctx, feed, archiveUrl, `${kind}.tar.zst`, prev(archiveUrl));
    if (got === 'unchanged') got = (await fetchFile(ctx, feed, archiveUrl, `${kind}.tar.zst`)) as FetchedFile;
    validators[archiveUrl] = got.validators;
    digests.push({ name: `${kind}:${archiveName}`, sha256: got.sha256 });

    const plan = planAfterArchive(
      await indexText(kind, `${base}changes.csv`),
      await indexText(kind, `${base}deletions.csv`),
      date,
    );
    const tarPath = join(ctx.workDir, `csaf-${kind}.tar`);
    if (plan.drop.size === 0) await unzstd(got.path, tarPath, feed, ctx.limits.maxInflatedBytes);
    else {
      const full = join(ctx.workDir, `csaf-${kind}-full.tar`);
      await unzstd(got.path, full, feed, ctx.limits.maxInflatedBytes);
      await dropTarEntries(full, tarPath, plan.drop, feed);
      await rm(full, { force: true });
      digests.push({ name: `${kind}:deleted`, sha256: [...plan.drop].sort().join(',') });
    }
    artefacts.push({ path: tarPath, name: `csaf-${kind}.tar` });

    for (const [i, p] of plan.download.slice(0, maxChangedFiles).entries()) {
      const dest = join(ctx.workDir, `${kind}-changed-${i}.json`);
      const one = await downloadFile(ctx, feed, `${base}${p}`, dest);
      if (one === 'unchanged') continue;
      changedDocs.push({ path: dest, name: p });
      digests.push({ name: `${kind}:${p}`, sha256: one.sha256 });
    }
  }
  pruneCache(ctx.cacheDir, Object.keys(validators));
  // Archives first, then every changed document: a newer document is read after its archive copy.
  artefacts.push(...changedDocs);
  const fingerprint = fingerprintOf(digests);
  if (previous?.fingerprint === fingerprint) return 'unchanged';
  return { artefacts, state: { fetchedAt: ctx.now().toISOString(), fingerprint, validators } };
}

/** Copy a tar without the entries named in `drop` (documents deleted after the archive). */
async function dropTarEntries(src: string, dest: string, drop: Set<string>, feed: string): Promise<void> {
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (header, stream, next) => {
    if (drop.has(header.name.replace(/^\.\//, ''))) {
      stream.on('end', () => next());
      stream.resume();
    } else stream.pipe(pack.entry(header, next));
  });
  extract.on('finish', () => pack.finalize());
  try {
    await Promise.all([pipeline(createReadStream(src), extract), pipeline(pack, createWriteStream(dest))]);
  } catch (err: unknown) {
    if (isRampartError(err)) throw err;
    throw new RampartError(
      'FEED_FORMAT',
      `feed ${feed}: ${src} is not a readable tar (${describeError(err)}); download it again`,
    );
  }
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
