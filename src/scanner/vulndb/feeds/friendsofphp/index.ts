import type { AcceptScore, Feed, MirrorFile, FeedState, FetchContext } from '../contracts.js';
import { fetchFriendsOfPhp } from './fetch-friendsofphp.js';
import { isFriendsOfPhpRecordName, parseFriendsOfPhpArtefacts } from './parse-friendsofphp-artefacts.js';

function acceptsFriendsOfPhp(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  if (/(^|\/)security-advisories[^/]*\.(zip|tar\.gz|tgz)$/.test(p)) return 2;
  if (!isFriendsOfPhpRecordName(file.path)) return 0;
  const head = file.head.toString('utf8');
  return /^branches:\s*$/m.test(head) && /^reference:\s*composer:\/\//m.test(head) ? 2 : 0;
}

export const friendsofphpFeed = {
  name: 'friendsofphp',
  version: 1,
  title: 'FriendsOfPHP security advisories',
  description: 'PHP Composer (Packagist) advisories; each branch constraint list stored as one OSV range.',
  ecosystems: ['Packagist'],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchFriendsOfPhp(ctx, previous),
  accepts: acceptsFriendsOfPhp,
  parse: parseFriendsOfPhpArtefacts,
} satisfies Feed;
