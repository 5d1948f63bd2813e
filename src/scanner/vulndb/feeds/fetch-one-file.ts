/**
 * The conditional fetch every feed builds on. `fetchFile` is one URL: a conditional GET with the
 * previous validators, and, when the feed has a cache directory, a kept copy of the last body
 * that a 304 reuses. `fetchFileSet` is a feed published as several files that are parsed
 * together: 'unchanged' when every URL is unchanged, otherwise every file is on disk (the
 * changed ones downloaded, the unchanged ones from the cache or downloaded again).
 * `fetchOneFile` is the one-URL case of `fetchFileSet`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Artefact, FeedState, FetchContext, FetchResult, UrlValidators } from './contracts.js';
import { downloadFile } from './download-file.js';

export interface FetchedFile {
  path: string;
  sha256: string;
  /** Validators of the body, with its sha256. */
  validators: UrlValidators;
  /** True when the body was downloaded now; false when a 304 reused the kept copy. */
  downloaded: boolean;
}

export interface FileSource {
  url: string;
  /** Artefact name handed to `parse` (e.g. `v3.19/main.json`). */
  name: string;
}

const safeName = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(-80);

/** Where the kept copy of `url` lives in `cacheDir`. */
export function cachePath(cacheDir: string, url: string): string {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
  return join(cacheDir, `${key}-${safeName(url.split('/').pop() ?? 'file')}`);
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * One conditional download. With `previous` validators the request carries If-None-Match /
 * If-Modified-Since; a 304 returns the kept copy when `ctx.cacheDir` has one whose sha256 is
 * the one recorded with the validators, else 'unchanged' (the caller has no body then).
 * Without a cache the body is written to `ctx.workDir` as `name`.
 */
export async function fetchFile(
  ctx: FetchContext,
  feed: string,
  url: string,
  name: string,
  previous?: UrlValidators,
): Promise<FetchedFile | 'unchanged'> {
  let dest = join(ctx.workDir, safeName(name));
  let kept: string | undefined;
  if (ctx.cacheDir) {
    mkdirSync(ctx.cacheDir, { recursive: true });
    kept = cachePath(ctx.cacheDir, url);
    dest = `${kept}.part-${process.pid}`;
  }
  let got: Awaited<ReturnType<typeof downloadFile>>;
  try {
    got = await downloadFile(ctx, feed, url, dest, previous);
  } catch (err: unknown) {
    rmSync(dest, { force: true });
    throw err;
  }
  if (got === 'unchanged') {
    if (kept && previous?.sha256 && existsSync(kept) && (await sha256Of(kept)) === previous.sha256)
      return { path: kept, sha256: previous.sha256, validators: previous, downloaded: false };
    return 'unchanged';
  }
  let path = got.path;
  if (kept) {
    renameSync(got.path, kept);
    path = kept;
  }
  return {
    path,
    sha256: got.sha256,
    validators: { ...got.validators, sha256: got.sha256 },
    downloaded: true,
  };
}

/** sha256 over `name:sha256` lines in name order: changes iff some file's content changes. */
export function fingerprintOf(files: readonly { name: string; sha256: string }[]): string {
  const lines = files.map((f) => `${f.name}:${f.sha256}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * A feed published as several files parsed together. Every URL is asked conditionally; when
 * all are unchanged the feed is 'unchanged' (nothing downloaded). Otherwise the unchanged ones
 * come from the cache or are downloaded again without validators, since the feed is replaced
 * as a whole. A server that ignores validators is caught by the fingerprint.
 */
export async function fetchFileSet(
  ctx: FetchContext,
  feed: string,
  sources: readonly FileSource[],
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  const got: (FetchedFile | 'unchanged')[] = [];
  for (const [i, s] of sources.entries())
    got.push(await fetchFile(ctx, feed, s.url, `${i}-${s.name}`, previous?.validators?.[s.url]));
  if (got.every((g) => g === 'unchanged' || !g.downloaded)) return 'unchanged';
  const artefacts: Artefact[] = [];
  const validators: Record<string, UrlValidators> = {};
  const files: { name: string; sha256: string }[] = [];
  for (const [i, s] of sources.entries()) {
    let g = got[i]!;
    if (g === 'unchanged') g = (await fetchFile(ctx, feed, s.url, `${i}-${s.name}`)) as FetchedFile;
    artefacts.push({ path: g.path, name: s.name });
    validators[s.url] = g.validators;
    files.push({ name: s.name, sha256: g.sha256 });
  }
  pruneCache(ctx.cacheDir, Object.keys(validators));
  const fingerprint = fingerprintOf(files);
  if (previous?.fingerprint === fingerprint) return 'unchanged';
  return { artefacts, state: { fetchedAt: ctx.now().toISOString(), fingerprint, validators } };
}

/** The fetch of a feed published as one file at one URL. */
export function fetchOneFile(
  ctx: FetchContext,
  feed: string,
  url: string,
  name: string,
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  return fetchFileSet(ctx, feed, [{ url, name }], previous);
}

/**
 * Remove from `cacheDir` everything but the kept copies of `keep`: files of URLs a feed no
 * longer fetches (a replaced archive, a dropped release) and partial files of a killed update.
 */
export function pruneCache(cacheDir: string | undefined, keep: readonly string[]): void {
  if (!cacheDir || !existsSync(cacheDir)) return;
  const wanted = new Set(keep.map((u) => cachePath(cacheDir, u)));
  for (const e of readdirSync(cacheDir)) {
    const p = join(cacheDir, e);
    if (!wanted.has(p)) rmSync(p, { force: true });
  }
}
