/**
 * Downloads osv.dev's per-ecosystem `all.zip` files from the public OSV bucket. Conditional
 * requests per URL; when every URL answers 304 the feed is 'unchanged'. When only some changed,
 * the unchanged ones come from the cache or are fetched again (the feed is replaced as a whole).
 */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchFileSet } from '../fetch-one-file.js';

export const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';

/** Ecosystems this feed downloads (distros with their own native feeds are left to those). */
export const osvEcosystems = [
  'Go',
  'crates.io',
  'PyPI',
  'npm',
  'Maven',
  'NuGet',
  'RubyGems',
  'Packagist',
  'Ubuntu',
  'Chainguard',
  'Wolfi',
] as const;

export const osvUrl = (ecosystem: string): string => `${OSV_BUCKET}/${encodeURIComponent(ecosystem)}/all.zip`;

export function fetchOsv(
  ctx: FetchContext,
  previous?: FeedState,
  ecosystems: readonly string[] = osvEcosystems,
): Promise<FetchResult | 'unchanged'> {
  return fetchFileSet(
    ctx,
    'osv',
    ecosystems.map((eco) => ({ url: osvUrl(eco), name: `${eco}/all.zip` })),
    previous,
  );
}
