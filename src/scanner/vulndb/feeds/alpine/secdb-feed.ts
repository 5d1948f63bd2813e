/** Builds a secdb `Feed` declaration (Alpine, Wolfi, Chainguard share the format). */
import { readFile } from 'node:fs/promises';

import { RampartError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, Feed, FeedState, FetchContext, MirrorFile, ParseContext } from '../contracts.js';
import { fetchSecdb, type SecdbSource } from './fetch.js';
import { SecdbCollector } from './parse-secdb.js';

export interface SecdbFeedSpec {
  name: string;
  title: string;
  base: string;
  perBranch: boolean;
  sources: () => SecdbSource[];
  /** Whether a mirror path is this feed's secdb file (the head is checked too). */
  pathMatches: (path: string) => boolean;
  /** Whether the head is this publisher's (urlprefix / distroversion). */
  headMatches: (head: string) => boolean;
}

export function secdbFeed(spec: SecdbFeedSpec) {
  return {
    name: spec.name,
    version: 1,
    title: spec.title,
    description: `${spec.title}: secdb JSON, fixed versions per origin package${spec.perBranch ? ' and branch' : ''}`,
    ecosystems: [spec.base],
    fetch: (ctx: FetchContext, previous?: FeedState) => fetchSecdb(spec.name, spec.sources(), ctx, previous),
    accepts(file: MirrorFile) {
      if (!file.path.endsWith('.json') || !spec.pathMatches(file.path)) return 0;
      const head = file.head.toString('utf8');
      return /"packages"\s*:/.test(head) && /"reponame"\s*:/.test(head) && spec.headMatches(head) ? 2 : 0;
    },
    async *parse(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
      const collector = new SecdbCollector({ feed: spec.name, base: spec.base, perBranch: spec.perBranch });
      for (const a of artefacts) {
        ctx.signal?.throwIfAborted();
        const text = await readFile(a.path, 'utf8');
        if (text.length > ctx.limits.maxRecordBytes)
          throw new RampartError(
            'FEED_TOO_LARGE',
            `feed ${spec.name}: ${a.name} is over ${ctx.limits.maxRecordBytes} bytes; refusing it`,
          );
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (err: unknown) {
          throw new RampartError(
            'FEED_FORMAT',
            `feed ${spec.name}: ${a.name} is not valid JSON (${(err as Error).message}); download it again`,
          );
        }
        collector.add(doc, a.name);
      }
      yield* collector.records();
    },
  } satisfies Feed;
}
