/** Downloads the CVEProject/cvelistV5 repository zip (every CVE record), conditionally. */
import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export const CVE5_URL = 'https://github.com/CVEProject/cvelistV5/archive/refs/heads/main.zip';

export async function fetchCve5(
  ctx: FetchContext,
  previous?: FeedState,
  url = CVE5_URL,
): Promise<FetchResult | 'unchanged'> {
  const name = 'cvelistV5-main.zip';
  const got = await downloadFile(ctx, 'cve5', url, join(ctx.workDir, name), previous?.validators?.[url]);
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
