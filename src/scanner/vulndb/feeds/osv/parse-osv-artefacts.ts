/**
 * Streams OSV records out of the artefacts of an OSV mirror: per-ecosystem `all.zip`
 * (osv.dev's bucket layout, also RustSec's and Go's exports), `.tar.gz` of a repository
 * (PyPA's YAML advisories), or loose `.json`/`.yaml` files. One entry is decoded at a time.
 */

import { parse as parseYaml } from 'yaml';

import { RampartError, describeError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readArtefactEntries } from '../read-artefact-entries.js';
import { type ArchiveEntry } from '../read-zip-entries.js';
import { convertOsvRecord } from '../convert-osv-record.js';

const RECORD = /\.(json|ya?ml)$/i;
/** Index files that sit beside records in some mirrors (Chainguard's `all.json`). */
const NOT_A_RECORD = /(^|\/)(all\.json|index\.json|\.[^/]*)$/i;

export const isOsvRecordName = (name: string): boolean => RECORD.test(name) && !NOT_A_RECORD.test(name);

function decode(feed: string, where: string, entry: ArchiveEntry): unknown {
  const text = entry.data.toString('utf8');
  try {
    if (/\.ya?ml$/i.test(entry.name)) {
      // failsafe: every scalar stays a string, so `fixed: 1.10` is not read as the number 1.1
      return parseYaml(text, { schema: 'failsafe', maxAliasCount: 100 });
    }
    return JSON.parse(text);
  } catch (err: unknown) {
    throw new RampartError(
      'FEED_FORMAT',
      `feed ${feed}: ${where}: malformed ${/\.ya?ml$/i.test(entry.name) ? 'YAML' : 'JSON'} (${describeError(err)}); the upstream file is corrupt`,
    );
  }
}

/** Every OSV record of the artefacts, in artefact then entry order. */
export async function* parseOsvArtefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
  feed = 'osv',
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const entry of readArtefactEntries(a, feed, ctx, isOsvRecordName)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      yield convertOsvRecord(decode(feed, where, entry), { feed, where });
    }
  }
}
