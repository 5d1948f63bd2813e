import type { AcceptScore, Feed, MirrorFile, FeedState, FetchContext } from '../contracts.js';
import { fetchRubysec } from './fetch-rubysec.js';
import { isRubysecRecordName, parseRubysecArtefacts } from './parse-rubysec-artefacts.js';

function acceptsRubysec(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  if (/(^|\/)ruby-advisory-db[^/]*\.(zip|tar\.gz|tgz)$/.test(p)) return 2;
  if (!isRubysecRecordName(file.path)) return 0;
  return /^(gem|engine):\s*\S/m.test(file.head.toString('utf8')) ? 2 : 0;
}

export const rubysecFeed = {
  name: 'rubysec',
  version: 1,
  title: 'RubySec ruby-advisory-db',
  description:
    'Ruby gem advisories (patched/unaffected requirements as OSV ranges) and Ruby interpreter advisories.',
  ecosystems: ['RubyGems'],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchRubysec(ctx, previous),
  accepts: acceptsRubysec,
  parse: parseRubysecArtefacts,
} satisfies Feed;
