/** Streams FriendsOfPHP advisories from the repository tarball/zip or from loose `.yaml` files. */

import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readArtefactEntries } from '../read-artefact-entries.js';
import { FRIENDSOFPHP_PATH, convertFriendsOfPhpAdvisory } from './convert-friendsofphp-advisory.js';

/** Advisory files; repository files like `.github/*.yml` or `validator.yaml` are skipped. */
export const isFriendsOfPhpRecordName = (name: string): boolean =>
  FRIENDSOFPHP_PATH.test(name) && !/(^|\/)\.[^/]+\//.test(name);

export async function* parseFriendsOfPhpArtefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const entry of readArtefactEntries(a, 'friendsofphp', ctx, isFriendsOfPhpRecordName)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      yield convertFriendsOfPhpAdvisory(entry.data.toString('utf8'), where);
    }
  }
}
