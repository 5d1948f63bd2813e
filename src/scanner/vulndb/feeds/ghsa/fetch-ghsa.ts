/** Downloads the github/advisory-database repository tarball, conditionally. */
import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export const GHSA_URL = 'https://github.com/github/advisory-database/archive/refs/heads/main.tar.gz';

export async function fetchGhsa(
  ctx: FetchContext,
  previous?: FeedState,
  url = GHSA_URL,
): Promise<FetchResult | 'unchanged'> {
  const name = 'github-advisory-database.tar.gz';
  const got = await downloadFile(ctx, 'ghsa', url, join(ctx.workDir, name), previous?.validators?.[url]);
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
