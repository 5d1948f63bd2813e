/**
 * The contract every feed implements (claircore's Fetcher + Parser). A feed is a folder
 * `feeds/<name>/` whose `index.ts` exports one `<name>Feed` declaration, listed on one line in
 * `feeds/registry.ts`.
 *
 * - `fetch` downloads the upstream files into `ctx.workDir` through `ctx.http` (an undici
 *   Dispatcher; never the global fetch agent), sending the validators of `previous` so an
 *   unchanged upstream costs one 304. It returns files on disk, never big buffers.
 * - `accepts` says whether a file of a local mirror is this feed's (for `vulndb import DIR`).
 * - `parse` reads artefacts and yields records one by one; it must stream (a 300 MB zip or
 *   OVAL file is never held whole in memory) and must be pure: no network, no DB, no console.
 *   Malformed input throws `RampartError('FEED_FORMAT', …)` naming feed, file and record; a
 *   limit hit throws `FEED_TOO_LARGE`. The store discards the whole update on any throw.
 */
import type { Dispatcher } from 'undici';

import type { Logger } from '../../../runtime/log.js';
import type { FeedRecord } from '../model.js';

/** Bounds on untrusted feed input; `defaultFeedLimits` in `feed-limits.ts`. */
export interface FeedLimits {
  /** Total inflated bytes one archive (zip, tar.gz, bz2) may expand to. */
  maxInflatedBytes: number;
  /** Entries one archive may hold. */
  maxEntries: number;
  /** Bytes of one record (one JSON/YAML document, one zip entry, one XML definition). */
  maxRecordBytes: number;
  /** Bytes one download may have. */
  maxDownloadBytes: number;
}

export interface ParseContext {
  log: Logger;
  limits: FeedLimits;
  signal?: AbortSignal;
}

export interface FetchContext extends ParseContext {
  /** All network goes through this dispatcher (tests inject a MockAgent or use nock). */
  http: Dispatcher;
  /** A private empty directory for this feed's downloads; removed by the caller afterwards. */
  workDir: string;
  /** Clock, injectable for tests. */
  now: () => Date;
  /**
   * A directory of this feed's previous downloads, kept between updates (optional). A URL
   * answering 304 is then served from its kept copy instead of being downloaded again.
   */
  cacheDir?: string;
}

/** Conditional-request validators of one URL. */
export interface UrlValidators {
  etag?: string;
  lastModified?: string;
  /** sha256 of the body these validators belong to (checks a kept copy before reusing it). */
  sha256?: string;
}

/** What a feed remembers between updates (stored in the DB's `feeds` table). */
export interface FeedState {
  /** ISO time of the fetch (or import). */
  fetchedAt: string;
  /** sha256 over the artefacts' digests, in name order: changes iff the content changes. */
  fingerprint: string;
  /** Per URL validators for If-None-Match / If-Modified-Since. */
  validators?: Record<string, UrlValidators>;
}

/** A file on disk handed to `parse`. */
export interface Artefact {
  /** Absolute path on disk. */
  path: string;
  /** Logical name: the path relative to the mirror root, or the file name of a download. */
  name: string;
}

export interface FetchResult {
  artefacts: Artefact[];
  state: FeedState;
}

/** A file of a local mirror offered to `accepts`. */
export interface MirrorFile {
  /** Path relative to the import root, `/`-separated (the file name when a single file is imported). */
  path: string;
  /** The first bytes of the file (up to 4 KiB), for sniffing. */
  head: Buffer;
}

/**
 * How sure a feed is that a mirror file is its own: 0 = not mine, 1 = a generic format match
 * (any OSV JSON), 2 = a specific match (a GHSA record, a Debian OVAL file). The highest score
 * wins; two feeds with the same positive score for one file is an error (FEED_ROUTE_AMBIGUOUS).
 */
export type AcceptScore = 0 | 1 | 2;

export interface Feed {
  /** Registry key: the upstream's lowercase name, also the folder name. */
  readonly name: string;
  /** Bump when the rows produced change; part of the DB's feed table. */
  readonly version: number;
  readonly title: string;
  readonly description: string;
  /** OSV ecosystem bases written (`Go`, `PyPI`, `Debian`…); `[]` for enrichment feeds. */
  readonly ecosystems: readonly string[];
  /** Update from upstream, or 'unchanged' when every URL answered 304. */
  fetch(ctx: FetchContext, previous?: FeedState): Promise<FetchResult | 'unchanged'>;
  /** Whether a mirror file belongs to this feed (no I/O beyond the given head). */
  accepts(file: MirrorFile): AcceptScore;
  /** Stream the records of the artefacts. */
  parse(artefacts: readonly Artefact[], ctx: ParseContext): AsyncIterable<FeedRecord>;
}
