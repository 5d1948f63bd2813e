/** Streams ruby-advisory-db advisories from its tarball/zip or from loose `.yml` files. */

import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readArtefactEntries } from '../read-artefact-entries.js';
import { RUBYSEC_PATH, convertRubysecAdvisory } from './convert-rubysec-advisory.js';

export const isRubysecRecordName = (name: string): boolean => RUBYSEC_PATH.test(name);

export async function* parseRubysecArtefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const entry of readArtefactEntries(a, 'rubysec', ctx, isRubysecRecordName)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      yield convertRubysecAdvisory(entry.data.toString('utf8'), where);
    }
  }
}
