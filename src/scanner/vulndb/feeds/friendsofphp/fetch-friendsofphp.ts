/** Downloads the FriendsOfPHP/security-advisories repository tarball, conditionally. */
import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export const FRIENDSOFPHP_URL =
  'https://github.com/FriendsOfPHP/security-advisories/archive/refs/heads/master.tar.gz';

export async function fetchFriendsOfPhp(
  ctx: FetchContext,
  previous?: FeedState,
  url = FRIENDSOFPHP_URL,
): Promise<FetchResult | 'unchanged'> {
  const name = 'security-advisories-master.tar.gz';
  const got = await downloadFile(
    ctx,
    'friendsofphp',
    url,
    join(ctx.workDir, name),
    previous?.validators?.[url],
  );
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
