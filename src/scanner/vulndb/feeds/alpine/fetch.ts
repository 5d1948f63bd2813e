/** Downloads secdb JSON files (one per URL) for Alpine, Wolfi and Chainguard. */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchFileSet } from '../fetch-one-file.js';

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

/** Every secdb file of the feed, conditionally; 'unchanged' when none changed. */
export function fetchSecdb(
  feed: string,
  sources: readonly SecdbSource[],
  ctx: FetchContext,
  previous?: FeedState,
): Promise<FetchResult | 'unchanged'> {
  return fetchFileSet(ctx, feed, sources, previous);
}
