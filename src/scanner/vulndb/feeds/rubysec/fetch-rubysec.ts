/** Downloads the rubysec/ruby-advisory-db repository tarball, conditionally. */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchOneFile } from '../fetch-one-file.js';

export const RUBYSEC_URL = 'https://github.com/rubysec/ruby-advisory-db/archive/refs/heads/master.tar.gz';

export function fetchRubysec(
  ctx: FetchContext,
  previous?: FeedState,
  url = RUBYSEC_URL,
): Promise<FetchResult | 'unchanged'> {
  return fetchOneFile(ctx, 'rubysec', url, 'ruby-advisory-db-master.tar.gz', previous);
}
