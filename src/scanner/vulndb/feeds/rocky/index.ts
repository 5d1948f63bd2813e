/**
 * Rocky Linux errata OVAL (`org.rockylinux.rlsa-<N>.xml[.bz2]`): RLSA definitions with rpm
 * `less than` checks, read like Red Hat's OVAL (`../parse-rpm-oval.ts`). Ecosystem
 * `Rocky Linux:<N>` from the file name; rows carry `cpe:/o:rocky:rocky:<N>` (the file's
 * `affected_cpe_list` is empty). See README.md.
 */
import { basename } from 'node:path';

import type { FeedRecord } from '../../model.js';
import type {
  Artefact,
  Feed,
  FeedState,
  FetchContext,
  FetchResult,
  MirrorFile,
  ParseContext,
} from '../contracts.js';
import { fetchFileSet } from '../fetch-one-file.js';
import { openOvalFile, readOvalDocument } from '../read-oval-document.js';
import { rpmOvalRecords } from '../parse-rpm-oval.js';

const NAME = 'rocky';
const OVAL_FILE = /org\.rockylinux\.rlsa-(\d+)\.xml(?:\.bz2)?$/;
/** Releases `vulndb update` downloads. */
export const rockyReleases = ['8', '9'];

export function rockyOvalUrl(release: string): string {
  return `https://dl.rockylinux.org/pub/oval/org.rockylinux.rlsa-${release}.xml.bz2`;
}

/** The OVAL file of every release in `releases`, conditionally. */
export function fetchRocky(
  ctx: FetchContext,
  previous?: FeedState,
  releases: readonly string[] = rockyReleases,
): Promise<FetchResult | 'unchanged'> {
  return fetchFileSet(
    ctx,
    NAME,
    releases.map((r) => ({ url: rockyOvalUrl(r), name: `org.rockylinux.rlsa-${r}.xml.bz2` })),
    previous,
  );
}

export const rockyFeed = {
  name: NAME,
  version: 1,
  title: 'Rocky Linux OVAL',
  description: 'Rocky Linux errata (RLSA) OVAL: fixed rpm versions per release',
  ecosystems: ['Rocky Linux'],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchRocky(ctx, previous),
  accepts: (file: MirrorFile) => (OVAL_FILE.test(basename(file.path)) ? 2 : 0),
  async *parse(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
    for (const a of artefacts) {
      const m = OVAL_FILE.exec(basename(a.name));
      if (!m) continue;
      const doc = await readOvalDocument(openOvalFile(a.path, NAME, ctx.limits.maxInflatedBytes), {
        feed: NAME,
        file: a.name,
        maxRecordBytes: ctx.limits.maxRecordBytes,
        signal: ctx.signal,
      });
      yield* rpmOvalRecords(doc, {
        feed: NAME,
        ecosystem: `Rocky Linux:${m[1]}`,
        defaultCpes: [`cpe:/o:rocky:rocky:${m[1]}`],
      });
    }
  },
} satisfies Feed;
