/** Downloads the rubysec/ruby-advisory-db repository tarball, conditionally. */
import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export const RUBYSEC_URL = 'https://github.com/rubysec/ruby-advisory-db/archive/refs/heads/master.tar.gz';

export async function fetchRubysec(
  ctx: FetchContext,
  previous?: FeedState,
  url = RUBYSEC_URL,
): Promise<FetchResult | 'unchanged'> {
  const name = 'ruby-advisory-db-master.tar.gz';
  const got = await downloadFile(ctx, 'rubysec', url, join(ctx.workDir, name), previous?.validators?.[url]);
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
