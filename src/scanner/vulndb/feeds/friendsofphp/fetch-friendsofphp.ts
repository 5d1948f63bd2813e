/** Downloads the FriendsOfPHP/security-advisories repository tarball, conditionally. */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchOneFile } from '../fetch-one-file.js';

export const FRIENDSOFPHP_URL =
  'https://github.com/FriendsOfPHP/security-advisories/archive/refs/heads/master.tar.gz';

export function fetchFriendsOfPhp(
  ctx: FetchContext,
  previous?: FeedState,
  url = FRIENDSOFPHP_URL,
): Promise<FetchResult | 'unchanged'> {
  return fetchOneFile(ctx, 'friendsofphp', url, 'security-advisories-master.tar.gz', previous);
}
