import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from './contracts.js';
import { downloadFile } from './download-file.js';

/**
 * The fetch of a feed published as one file at one URL: a conditional download (ETag /
 * Last-Modified from the previous state) into the work dir as `name`.
 */
export async function fetchOneFile(
  ctx: FetchContext,
  feed: string,
  url: string,
  name: string,
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  const got = await downloadFile(ctx, feed, url, join(ctx.workDir, name), previous?.validators?.[url]);
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
