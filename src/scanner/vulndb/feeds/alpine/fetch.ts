/** Downloads secdb JSON files (one per URL) for Alpine, Wolfi and Chainguard. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import type { Artefact, FeedState, FetchContext, FetchResult, UrlValidators } from '../contracts.js';
import { downloadFile } from '../download-file.js';

export interface SecdbSource {
  url: string;
  /** Artefact name, e.g. `v3.19/main.json`. */
  name: string;
}

/** Alpine branches fetched by `vulndb update`: the supported ones and edge. */
export const alpineBranches = ['v3.18', 'v3.19', 'v3.20', 'v3.21', 'v3.22', 'edge'];

export function alpineSources(): SecdbSource[] {
  return alpineBranches.flatMap((b) =>
    ['main', 'community'].map((r) => ({
      url: `https://secdb.alpinelinux.org/${b}/${r}.json`,
      name: `${b}/${r}.json`,
    })),
  );
}

export async function fetchSecdb(
  feed: string,
  sources: readonly SecdbSource[],
  ctx: FetchContext,
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  const validators: Record<string, UrlValidators> = {};
  const artefacts: Artefact[] = [];
  const digests: string[] = [];
  for (const [i, s] of sources.entries()) {
    const dest = join(ctx.workDir, `${i}-${s.name.replace(/[^\w.-]+/g, '_')}`);
    // All files of a feed are parsed together, so each is fetched in full (no 304 per file);
    // an unchanged set is recognised by its fingerprint.
    const got = await downloadFile(ctx, feed, s.url, dest);
    if (got === 'unchanged') continue;
    validators[s.url] = got.validators;
    artefacts.push({ path: dest, name: s.name });
    digests.push(`${s.name}:${got.sha256}`);
  }
  const fingerprint = createHash('sha256').update(digests.sort().join('\n')).digest('hex');
  if (previous?.fingerprint === fingerprint) return 'unchanged';
  return { artefacts, state: { fetchedAt: ctx.now().toISOString(), fingerprint, validators } };
}
