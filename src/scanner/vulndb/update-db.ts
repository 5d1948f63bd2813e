/**
 * One update of the DB: fetch (or take local files for) some feeds, write a complete new DB
 * file beside the live one, fsync it and `rename()` it over the live path. Readers keep the old
 * file until then and never see a half-written DB. Any failure — a download, a truncated zip,
 * malformed JSON, a limit, a kill -9 — leaves the live DB untouched; the temporary file is
 * removed at once or, after a kill, by the next update.
 *
 * Feeds not in this update keep their rows: the new file starts as a copy of the live DB and
 * only the updated feeds' rows are replaced (each feed in its own transaction).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

import type { Dispatcher } from 'undici';

import { RampartError } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/log.js';
import type { Artefact, Feed, FeedLimits, FeedState } from './feeds/contracts.js';
import { openStore } from './store.js';
import { openWriter, type FeedWriteCounts } from './store-writer.js';
import { acquireLock, fsyncPath, removeStaleTempFiles } from './update-lock.js';

export type FeedJob = { feed: Feed; fetch: true } | { feed: Feed; artefacts: Artefact[]; state: FeedState };

export interface UpdateContext {
  log: Logger;
  limits: FeedLimits;
  signal?: AbortSignal;
  /** Required when a job fetches. */
  http?: Dispatcher;
  now?: () => Date;
  /** Kept downloads between updates, one subdirectory per feed (a 304 then reuses the copy). */
  cacheDir?: string;
}

export type UpdateProgress =
  | { feed: string; phase: 'fetch' | 'unchanged' | 'parse' }
  | { feed: string; phase: 'records'; records: number }
  | { feed: string; phase: 'done'; counts: FeedWriteCounts; seconds: number };

export interface UpdateOptions {
  dbPath: string;
  jobs: FeedJob[];
  ctx: UpdateContext;
  /** How long to wait for another updater's lock (default 0: fail at once). */
  lockWaitMs?: number;
  onProgress?: (p: UpdateProgress) => void;
}

export interface UpdateSummary {
  dbPath: string;
  /** False when every fetched feed was unchanged (the live DB was not rewritten). */
  swapped: boolean;
  feeds: { name: string; status: 'updated' | 'unchanged'; counts?: FeedWriteCounts; seconds?: number }[];
  removedTempFiles: string[];
}

function previousStates(dbPath: string): Map<string, FeedState> {
  const out = new Map<string, FeedState>();
  if (!existsSync(dbPath)) return out;
  try {
    const store = openStore(dbPath);
    for (const f of store.status().feeds) out.set(f.name, f.state);
    store.close();
  } catch {
    // an unreadable or old DB: fetch everything unconditionally
  }
  return out;
}

export async function updateDb(opts: UpdateOptions): Promise<UpdateSummary> {
  const { dbPath, ctx } = opts;
  const now = ctx.now ?? (() => new Date());
  const progress = opts.onProgress ?? (() => {});
  mkdirSync(dirname(dbPath), { recursive: true });
  const lock = await acquireLock(dbPath, opts.lockWaitMs ?? 0);
  const workRoot = mkdtempSync(join(tmpdir(), 'rampart-vulndb-'));
  const summary: UpdateSummary = { dbPath, swapped: false, feeds: [], removedTempFiles: [] };
  const tmp = `${dbPath}.new-${process.pid}`;
  try {
    summary.removedTempFiles = removeStaleTempFiles(dbPath);
    const previous = previousStates(dbPath);
    // 1. Everything is downloaded before the new file is started: a failed fetch costs nothing.
    const ready: { feed: Feed; artefacts: Artefact[]; state: FeedState }[] = [];
    for (const job of opts.jobs) {
      if (!('fetch' in job)) {
        ready.push(job);
        continue;
      }
      if (!ctx.http) throw new RampartError('VULNDB_NO_HTTP', 'internal: a fetch job needs ctx.http');
      progress({ feed: job.feed.name, phase: 'fetch' });
      const workDir = mkdtempSync(join(workRoot, `${job.feed.name}-`));
      const got = await job.feed.fetch(
        {
          log: ctx.log,
          limits: ctx.limits,
          signal: ctx.signal,
          http: ctx.http,
          workDir,
          now,
          cacheDir: ctx.cacheDir ? join(ctx.cacheDir, job.feed.name) : undefined,
        },
        previous.get(job.feed.name),
      );
      if (got === 'unchanged') {
        progress({ feed: job.feed.name, phase: 'unchanged' });
        summary.feeds.push({ name: job.feed.name, status: 'unchanged' });
      } else ready.push({ feed: job.feed, ...got });
    }
    if (ready.length === 0) return summary;
    // 2. Build the new file: a copy of the live DB with the updated feeds' rows replaced.
    if (existsSync(dbPath)) copyFileSync(dbPath, tmp);
    const writer = openWriter(tmp);
    try {
      for (const job of ready) {
        const started = Date.now();
        progress({ feed: job.feed.name, phase: 'parse' });
        writer.beginFeed(job.feed.name);
        let n = 0;
        for await (const rec of job.feed.parse(job.artefacts, {
          log: ctx.log,
          limits: ctx.limits,
          signal: ctx.signal,
        })) {
          writer.add(rec);
          if (++n % 5000 === 0) progress({ feed: job.feed.name, phase: 'records', records: n });
        }
        const counts = writer.endFeed(job.feed.version, job.state, now().toISOString());
        const seconds = (Date.now() - started) / 1000;
        progress({ feed: job.feed.name, phase: 'done', counts, seconds });
        summary.feeds.push({ name: job.feed.name, status: 'updated', counts, seconds });
      }
      writer.setMeta('built_at', now().toISOString());
    } catch (err: unknown) {
      writer.abortFeed();
      throw err;
    } finally {
      writer.close();
    }
    // 3. Durable, then visible.
    fsyncPath(tmp);
    renameSync(tmp, dbPath);
    fsyncPath(dirname(dbPath));
    summary.swapped = true;
    return summary;
  } finally {
    rmSync(tmp, { force: true });
    rmSync(workRoot, { recursive: true, force: true });
    lock.release();
  }
}
