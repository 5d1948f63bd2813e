/**
 * Pages through the NVD CVE API 2.0 (`startIndex` / `resultsPerPage`), one response per file.
 * NVD's public rate limit is 5 requests per 30 s without an API key (so 6 s between
 * requests) and 50 with one (`apiKey` header). 429 and 5xx answers (NVD sends 503 under load)
 * are retried with doubling delays; other statuses fail with FEED_FETCH naming the URL.
 *
 * The store replaces a feed's rows as a whole, so an update downloads every page. Before
 * that, when a previous update exists, one `lastModStartDate` query (a window of at most 120
 * days, NVD's maximum) asks whether anything changed; `totalResults: 0` means 'unchanged'.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { request } from 'undici';

import { RampartError, describeError, isRampartError } from '../../../../runtime/errors.js';
import type { Artefact, FeedState, FetchContext, FetchResult } from '../contracts.js';

export const NVD_API = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
/** NVD's page maximum for the CVE API. */
export const NVD_PAGE_SIZE = 2000;
/** NVD refuses a lastMod window longer than this. */
const MAX_WINDOW_MS = 120 * 24 * 3600 * 1000;

export interface NvdFetchOptions {
  /** NVD API key, sent as the `apiKey` header (raises the rate limit tenfold). */
  apiKey?: string;
  /** Pause between requests; default 6000 ms without a key, 600 ms with one. */
  delayMs?: number;
  /** Results per page (NVD maximum 2000). */
  pageSize?: number;
  /** Attempts per request (429 / 5xx / network error). */
  attempts?: number;
  /** First retry delay; doubles each retry. */
  retryDelayMs?: number;
  /** API base URL (a mirror of the API). */
  baseUrl?: string;
}

interface Page {
  body: Buffer;
  totalResults: number;
  count: number;
}

async function getPage(ctx: FetchContext, url: string, opts: NvdFetchOptions): Promise<Page> {
  const attempts = opts.attempts ?? 5;
  let delay = opts.retryDelayMs ?? 6000;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await tryPage(ctx, url, opts);
    } catch (err: unknown) {
      if (isRampartError(err) && err.code !== 'FEED_FETCH_RETRY') throw err;
      last = describeError(err);
      ctx.log.warn('nvd request retry', { url, attempt, error: last });
      if (attempt < attempts) await sleep(delay, undefined, { signal: ctx.signal });
      delay *= 2;
    }
  }
  throw new RampartError(
    'FEED_FETCH',
    `feed nvd: ${url} failed after ${attempts} attempts (${last}); NVD may be overloaded: retry later, set an NVD API key, or import a mirror`,
  );
}

async function tryPage(ctx: FetchContext, url: string, opts: NvdFetchOptions): Promise<Page> {
  const headers: Record<string, string> = { 'user-agent': 'rampart-vulndb', accept: 'application/json' };
  if (opts.apiKey) headers.apiKey = opts.apiKey;
  const res = await request(url, { dispatcher: ctx.http, headers, signal: ctx.signal });
  if (res.statusCode === 429 || res.statusCode >= 500) {
    await res.body.dump();
    throw new RampartError('FEED_FETCH_RETRY', `HTTP ${res.statusCode}`);
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    const hint =
      res.statusCode === 403 || res.statusCode === 404 ? ' (an invalid API key answers 404/403)' : '';
    throw new RampartError(
      'FEED_FETCH',
      `feed nvd: ${url} answered HTTP ${res.statusCode}${hint}; check the API key and URL`,
    );
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const c of res.body) {
    bytes += (c as Buffer).length;
    if (bytes > ctx.limits.maxDownloadBytes) {
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed nvd: ${url} is over ${ctx.limits.maxDownloadBytes} bytes; refusing it`,
      );
    }
    chunks.push(c as Buffer);
  }
  const body = Buffer.concat(chunks);
  let doc: { totalResults?: unknown; vulnerabilities?: unknown };
  try {
    doc = JSON.parse(body.toString('utf8')) as typeof doc;
  } catch (err: unknown) {
    // NVD sometimes answers 200 with a truncated body under load: retry it
    throw new RampartError('FEED_FETCH_RETRY', `malformed JSON (${describeError(err)})`);
  }
  if (typeof doc.totalResults !== 'number' || !Array.isArray(doc.vulnerabilities)) {
    throw new RampartError(
      'FEED_FETCH',
      `feed nvd: ${url} is not a CVE API 2.0 response (no totalResults/vulnerabilities); check the URL`,
    );
  }
  return { body, totalResults: doc.totalResults, count: doc.vulnerabilities.length };
}

/** NVD wants ISO 8601 with milliseconds and an explicit offset. */
const nvdDate = (d: Date): string => d.toISOString().replace('Z', '+00:00');

function pageUrl(opts: NvdFetchOptions, params: Record<string, string | number>): string {
  const u = new URL(opts.baseUrl ?? NVD_API);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
  return u.toString();
}

/** Whether NVD reports any CVE modified since `since` (one small request). */
export async function nvdChangedSince(
  ctx: FetchContext,
  since: Date,
  opts: NvdFetchOptions = {},
): Promise<boolean> {
  const end = ctx.now();
  if (end.getTime() - since.getTime() >= MAX_WINDOW_MS) return true;
  const url = pageUrl(opts, {
    lastModStartDate: nvdDate(since),
    lastModEndDate: nvdDate(end),
    resultsPerPage: 1,
    startIndex: 0,
  });
  return (await getPage(ctx, url, opts)).totalResults > 0;
}

/** Download every page of the CVE API (optionally limited to a lastMod window) into `workDir`. */
export async function fetchNvdPages(
  ctx: FetchContext,
  opts: NvdFetchOptions = {},
  window?: { start: Date; end: Date },
): Promise<Artefact[]> {
  const size = opts.pageSize ?? NVD_PAGE_SIZE;
  const delay = opts.delayMs ?? (opts.apiKey ? 600 : 6000);
  const artefacts: Artefact[] = [];
  let start = 0;
  let total = Infinity;
  while (start < total) {
    if (artefacts.length > 0) await sleep(delay, undefined, { signal: ctx.signal });
    const params: Record<string, string | number> = { startIndex: start, resultsPerPage: size };
    if (window)
      Object.assign(params, { lastModStartDate: nvdDate(window.start), lastModEndDate: nvdDate(window.end) });
    const page = await getPage(ctx, pageUrl(opts, params), opts);
    total = page.totalResults;
    const name = `nvd-page-${String(artefacts.length).padStart(5, '0')}.json`;
    await writeFile(join(ctx.workDir, name), page.body);
    artefacts.push({ path: join(ctx.workDir, name), name });
    if (page.count === 0) break; // NVD shrank under us: stop instead of looping
    start += page.count;
    ctx.log.debug('nvd page', { start, total });
  }
  return artefacts;
}

export async function fetchNvd(
  ctx: FetchContext,
  previous: FeedState | undefined,
  opts: NvdFetchOptions = {},
): Promise<FetchResult | 'unchanged'> {
  if (previous && !(await nvdChangedSince(ctx, new Date(previous.fetchedAt), opts))) return 'unchanged';
  const fetchedAt = ctx.now().toISOString();
  if (previous) await sleep(opts.delayMs ?? (opts.apiKey ? 600 : 6000), undefined, { signal: ctx.signal });
  const artefacts = await fetchNvdPages(ctx, opts);
  const hash = createHash('sha256');
  for (const a of artefacts) {
    // the responses carry a timestamp; hash the records only so equal data gives an equal fingerprint
    const doc = JSON.parse((await readFile(a.path)).toString('utf8')) as { vulnerabilities: unknown };
    hash.update(JSON.stringify(doc.vulnerabilities));
  }
  return { artefacts, state: { fetchedAt, fingerprint: hash.digest('hex') } };
}
