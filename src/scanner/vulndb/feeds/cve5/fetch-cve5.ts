/** Downloads the CVEProject/cvelistV5 repository zip (every CVE record), conditionally. */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchOneFile } from '../fetch-one-file.js';

export const CVE5_URL = 'https://github.com/CVEProject/cvelistV5/archive/refs/heads/main.zip';

export function fetchCve5(
  ctx: FetchContext,
  previous?: FeedState,
  url = CVE5_URL,
): Promise<FetchResult | 'unchanged'> {
  return fetchOneFile(ctx, 'cve5', url, 'cvelistV5-main.zip', previous);
}
