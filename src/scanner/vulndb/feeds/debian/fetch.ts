/**
 * Downloads Debian's data, each URL conditionally: the security tracker JSON (complete: every
 * source package, every release), the DSA and DLA lists of the tracker repository, and the
 * OVAL file of every supported release (the complete fallback). 'unchanged' when every URL
 * answers 304.
 */
import type { FeedState, FetchContext, FetchResult } from '../contracts.js';
import { fetchFileSet, type FileSource } from '../fetch-one-file.js';

export const debianTrackerUrl = 'https://security-tracker.debian.org/tracker/data/json';
const trackerRepoData = 'https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/';
const ovalBase = 'https://www.debian.org/security/oval/';

/** Releases whose OVAL file `vulndb update` downloads: the supported ones (LTS included). */
export const debianOvalReleases = ['bullseye', 'bookworm', 'trixie'];

export function debianSources(): FileSource[] {
  return [
    { url: debianTrackerUrl, name: 'tracker.json' },
    { url: `${trackerRepoData}DSA/list`, name: 'data/DSA/list' },
    { url: `${trackerRepoData}DLA/list`, name: 'data/DLA/list' },
    ...debianOvalReleases.map((c) => ({
      url: `${ovalBase}oval-definitions-${c}.xml.bz2`,
      name: `oval-definitions-${c}.xml.bz2`,
    })),
  ];
}

export function fetchDebian(
  feed: string,
  ctx: FetchContext,
  previous?: FeedState,
  sources: readonly FileSource[] = debianSources(),
): Promise<FetchResult | 'unchanged'> {
  return fetchFileSet(ctx, feed, sources, previous);
}
