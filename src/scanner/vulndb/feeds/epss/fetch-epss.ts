/** Downloads FIRST's daily EPSS scores (`epss_scores-current.csv.gz`), conditionally. */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchOneFile } from '../fetch-one-file.js';

export const EPSS_URL = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';

export function fetchEpss(
  ctx: FetchContext,
  previous?: FeedState,
  url = EPSS_URL,
): Promise<FetchResult | 'unchanged'> {
  return fetchOneFile(ctx, 'epss', url, 'epss_scores-current.csv.gz', previous);
}
