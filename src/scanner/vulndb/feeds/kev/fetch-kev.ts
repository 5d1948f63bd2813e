/** Downloads CISA's KEV catalog (JSON), conditionally. */
import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export const KEV_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';

export async function fetchKev(
  ctx: FetchContext,
  previous?: FeedState,
  url = KEV_URL,
): Promise<FetchResult | 'unchanged'> {
  const name = 'known_exploited_vulnerabilities.json';
  const got = await downloadFile(ctx, 'kev', url, join(ctx.workDir, name), previous?.validators?.[url]);
  if (got === 'unchanged') return 'unchanged';
  return {
    artefacts: [{ path: got.path, name }],
    state: {
      fetchedAt: ctx.now().toISOString(),
      fingerprint: got.sha256,
      validators: { [url]: got.validators },
    },
  };
}
