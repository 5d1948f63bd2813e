/**
 * Streams CVE 5 records out of a cvelistV5 mirror: the repository zip or tarball (entries
 * `…/cves/<year>/<bucket>/CVE-*.json`), or loose record files. One record decoded at a time.
 */

import { RampartError, describeError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readArtefactEntries } from '../read-artefact-entries.js';
import { convertCve5Record } from './convert-cve5-record.js';

export const isCve5RecordName = (name: string): boolean => /(^|\/)CVE-\d{4}-\d{4,}\.json$/.test(name);

export async function* parseCve5Artefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const entry of readArtefactEntries(a, 'cve5', ctx, isCve5RecordName)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      let doc: unknown;
      try {
        doc = JSON.parse(entry.data.toString('utf8'));
      } catch (err: unknown) {
        throw new RampartError(
          'FEED_FORMAT',
          `feed cve5: ${where}: malformed JSON (${describeError(err)}); the upstream file is corrupt`,
        );
      }
      yield convertCve5Record(doc, where);
    }
  }
}
