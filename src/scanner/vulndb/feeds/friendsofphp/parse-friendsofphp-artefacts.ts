/** Streams FriendsOfPHP advisories from the repository tarball/zip or from loose `.yaml` files. */
import { readFile, stat } from 'node:fs/promises';

import { RampartError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readTarEntries } from '../read-tar-entries.js';
import { readZipEntries, type ArchiveEntry } from '../read-zip-entries.js';
import { FRIENDSOFPHP_PATH, convertFriendsOfPhpAdvisory } from './convert-friendsofphp-advisory.js';

/** Advisory files; repository files like `.github/*.yml` or `validator.yaml` are skipped. */
export const isFriendsOfPhpRecordName = (name: string): boolean =>
  FRIENDSOFPHP_PATH.test(name) && !/(^|\/)\.[^/]+\//.test(name);

async function* entriesOf(a: Artefact, ctx: ParseContext): AsyncGenerator<ArchiveEntry> {
  const lower = a.name.toLowerCase();
  if (lower.endsWith('.zip'))
    yield* readZipEntries(a.path, 'friendsofphp', ctx.limits, isFriendsOfPhpRecordName);
  else if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz'))
    yield* readTarEntries(a.path, 'friendsofphp', ctx.limits, isFriendsOfPhpRecordName);
  else {
    const size = (await stat(a.path)).size;
    if (size > ctx.limits.maxRecordBytes) {
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed friendsofphp: record file ${a.name} has ${size} bytes, over the record limit of ${ctx.limits.maxRecordBytes}; refusing it`,
      );
    }
    yield { name: a.name, data: await readFile(a.path) };
  }
}

export async function* parseFriendsOfPhpArtefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const entry of entriesOf(a, ctx)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      yield convertFriendsOfPhpAdvisory(entry.data.toString('utf8'), where);
    }
  }
}
