/** Downloads FIRST's daily EPSS scores (`epss_scores-current.csv.gz`), conditionally. */
import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export const EPSS_URL = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';

export async function fetchEpss(
  ctx: FetchContext,
  previous?: FeedState,
  url = EPSS_URL,
): Promise<FetchResult | 'unchanged'> {
  const name = 'epss_scores-current.csv.gz';
  const got = await downloadFile(ctx, 'epss', url, join(ctx.workDir, name), previous?.validators?.[url]);
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
