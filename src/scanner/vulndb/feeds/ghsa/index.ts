import type { AcceptScore, Feed, MirrorFile, FeedState, FetchContext } from '../contracts.js';
import { fetchGhsa } from './fetch-ghsa.js';
import { isGhsaRecordName, parseGhsaArtefacts } from './parse-ghsa-artefacts.js';

/** Score 2 beats the OSV feed's generic 1 for the same files. */
function acceptsGhsa(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  // GitHub's repository archive (as fetched) or any archive in a `ghsa*` folder; PyPA's
  // `advisory-database` archives (OSV YAML) are left to the OSV feed
  if (/\.(zip|tar\.gz|tgz)$/.test(p))
    return /(^|\/)github-advisory-database[^/]*$|(^|\/)ghsa[^/]*\//.test(p) ? 2 : 0;
  if (!isGhsaRecordName(file.path, true)) return 0;
  return /"id"\s*:\s*"GHSA-/.test(file.head.toString('utf8')) ? 2 : 0;
}

export const ghsaFeed = {
  name: 'ghsa',
  version: 1,
  title: 'GitHub Advisory Database',
  description:
    'GitHub-reviewed advisories (OSV format): Maven, npm, NuGet, PyPI, RubyGems, Go, crates.io, Packagist…; GHSA severity and CWE.',
  ecosystems: [
    'Maven',
    'npm',
    'NuGet',
    'PyPI',
    'RubyGems',
    'Go',
    'crates.io',
    'Packagist',
    'Pub',
    'Hex',
    'SwiftURL',
    'GitHub Actions',
  ],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchGhsa(ctx, previous),
  accepts: acceptsGhsa,
  parse: (artefacts, ctx) => parseGhsaArtefacts(artefacts, ctx),
} satisfies Feed;
