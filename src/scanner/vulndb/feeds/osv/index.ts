import type { AcceptScore, Feed, MirrorFile } from '../contracts.js';
import { fetchOsv, osvEcosystems } from './fetch-osv.js';
import { isOsvRecordName, parseOsvArtefacts } from './parse-osv-artefacts.js';

/** A generic OSV match; feeds for one OSV publisher (GHSA…) claim their files with score 2. */
function acceptsOsv(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  if (p.endsWith('.zip')) return 1;
  if (p.endsWith('.tar.gz') || p.endsWith('.tgz')) return /advisory-database|osv/.test(p) ? 1 : 0;
  if (!isOsvRecordName(file.path)) return 0;
  const head = file.head.toString('utf8');
  if (p.endsWith('.json'))
    return /^\s*\{/.test(head) && /"id"\s*:/.test(head) && /"modified"\s*:/.test(head) ? 1 : 0;
  return /^id:\s*\S/m.test(head) ? 1 : 0;
}

export const osvFeed = {
  name: 'osv',
  version: 1,
  title: 'OSV (osv.dev)',
  description:
    'OSV records per ecosystem: Go, crates.io, PyPI, npm, Maven, NuGet, RubyGems, Packagist (incl. GHSA) and distro OSV (Ubuntu, Chainguard, Wolfi).',
  ecosystems: osvEcosystems,
  fetch: fetchOsv,
  accepts: acceptsOsv,
  parse: (artefacts, ctx) => parseOsvArtefacts(artefacts, ctx, 'osv'),
} satisfies Feed;
