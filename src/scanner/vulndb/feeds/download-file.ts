/**
 * One conditional, retried, bounded download through the injected dispatcher (`ctx.http`).
 * Sends If-None-Match / If-Modified-Since from the previous validators; a 304 is 'unchanged'.
 * Network errors, 429 and 5xx are retried with exponential backoff; other statuses fail with
 * FEED_FETCH naming the feed and URL. The body streams to `dest` with a sha256 on the way.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { request } from 'undici';

import { RampartError, describeError, isRampartError } from '../../../runtime/errors.js';
import type { FetchContext, UrlValidators } from './contracts.js';
import { boundedStream } from './read-bz2-stream.js';

export interface Downloaded {
  path: string;
  sha256: string;
  bytes: number;
  validators: UrlValidators;
}

export interface DownloadOptions {
  attempts?: number;
  /** First backoff delay; doubles each retry. */
  retryDelayMs?: number;
}

export async function downloadFile(
  ctx: FetchContext,
  feed: string,
  url: string,
  dest: string,
  previous?: UrlValidators,
  opts: DownloadOptions = {},
): Promise<Downloaded | 'unchanged'> {
  const attempts = opts.attempts ?? 4;
  let delay = opts.retryDelayMs ?? 500;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await tryOnce(ctx, feed, url, dest, previous);
    } catch (err: unknown) {
      if (isRampartError(err) && err.code !== 'FEED_FETCH_RETRY') throw err;
      lastError = describeError(err);
      ctx.log.warn('feed download retry', { feed, url, attempt, error: lastError });
      if (attempt < attempts) await sleep(delay, undefined, { signal: ctx.signal });
      delay *= 2;
    }
  }
  throw new RampartError(
    'FEED_FETCH',
    `feed ${feed}: could not download ${url} after ${attempts} attempts (${lastError}); check the network or use "rampart vulndb import" with a mirror`,
  );
}

async function tryOnce(
  ctx: FetchContext,
  feed: string,
  url: string,
  dest: string,
  previous?: UrlValidators,
): Promise<Downloaded | 'unchanged'> {
  const headers: Record<string, string> = { 'user-agent': 'rampart-vulndb' };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  const res = await request(url, { dispatcher: ctx.http, headers, signal: ctx.signal });
  if (res.statusCode === 304) {
    await res.body.dump();
    return 'unchanged';
  }
  if (res.statusCode === 429 || res.statusCode >= 500) {
    await res.body.dump();
    throw new RampartError('FEED_FETCH_RETRY', `HTTP ${res.statusCode}`);
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new RampartError(
      'FEED_FETCH',
      `feed ${feed}: ${url} answered HTTP ${res.statusCode}; check the URL or use "rampart vulndb import" with a mirror`,
    );
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      res.body,
      boundedStream(feed, url, ctx.limits.maxDownloadBytes),
      tap,
      createWriteStream(dest),
    );
  } catch (err: unknown) {
    if (isRampartError(err)) throw err;
    throw new RampartError('FEED_FETCH_RETRY', `body: ${describeError(err)}`);
  }
  const header = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const validators: UrlValidators = {};
  if (header('etag')) validators.etag = header('etag');
  if (header('last-modified')) validators.lastModified = header('last-modified');
  return { path: dest, sha256: hash.digest('hex'), bytes, validators };
}
