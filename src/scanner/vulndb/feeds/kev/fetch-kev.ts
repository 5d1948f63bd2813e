/** Downloads CISA's KEV catalog (JSON), conditionally. */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchOneFile } from '../fetch-one-file.js';

export const KEV_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';

export function fetchKev(
  ctx: FetchContext,
  previous?: FeedState,
  url = KEV_URL,
): Promise<FetchResult | 'unchanged'> {
  return fetchOneFile(ctx, 'kev', url, 'known_exploited_vulnerabilities.json', previous);
}
