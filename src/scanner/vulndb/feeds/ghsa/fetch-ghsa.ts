/** Downloads the github/advisory-database repository tarball, conditionally. */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchOneFile } from '../fetch-one-file.js';

export const GHSA_URL = 'https://github.com/github/advisory-database/archive/refs/heads/main.tar.gz';

export function fetchGhsa(
  ctx: FetchContext,
  previous?: FeedState,
  url = GHSA_URL,
): Promise<FetchResult | 'unchanged'> {
  return fetchOneFile(ctx, 'ghsa', url, 'github-advisory-database.tar.gz', previous);
}
