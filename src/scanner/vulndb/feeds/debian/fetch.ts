/**
 * Downloads the Debian security tracker JSON (complete: every source package, every release).
 * The OVAL files and the DSA/DLA lists are read by `vulndb import` from a mirror only.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export const debianTrackerUrl = 'https://security-tracker.debian.org/tracker/data/json';

export async function fetchDebian(
  feed: string,
  ctx: FetchContext,
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  const dest = join(ctx.workDir, 'tracker.json');
  const got = await downloadFile(ctx, feed, debianTrackerUrl, dest, previous?.validators?.[debianTrackerUrl]);
  if (got === 'unchanged') return 'unchanged';
  return {
    artefacts: [{ path: dest, name: 'tracker.json' }],
    state: {
      fetchedAt: ctx.now().toISOString(),
      fingerprint: createHash('sha256').update(got.sha256).digest('hex'),
      validators: { [debianTrackerUrl]: got.validators },
    },
  };
}
