import type { AcceptScore, Feed, MirrorFile, FeedState, FetchContext } from '../contracts.js';
import { fetchNvd, type NvdFetchOptions } from './fetch-nvd.js';
import { parseNvdArtefacts } from './parse-nvd-artefacts.js';

/** API 2.0 responses and 1.1 feed files (`nvdcve-1.1-*.json[.gz]`, `nvdcve-2.0-*.json[.gz]`). */
function acceptsNvd(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  if (/(^|\/)nvdcve-(1\.1|2\.0)-[^/]*\.json(\.gz)?$/.test(p)) return 2;
  // compressed pages cannot be sniffed: a `.json.gz` inside an `nvd*` folder is taken as NVD
  if (p.endsWith('.json.gz')) return /(^|\/)nvd[^/]*\//.test(p) ? 2 : 0;
  if (!p.endsWith('.json')) return 0;
  const head = file.head.toString('utf8');
  return /"format"\s*:\s*"NVD_CVE"/.test(head) || /"CVE_data_type"\s*:\s*"CVE"/.test(head) ? 2 : 0;
}

/** An NVD feed with its own fetch options (API key, pacing); `nvdFeed` uses the defaults. */
export function makeNvdFeed(opts: NvdFetchOptions = {}) {
  return {
    name: 'nvd',
    version: 1,
    title: 'NVD (CVE API 2.0)',
    description:
      'NIST National Vulnerability Database: CVSS v2/v3.x/v4 metrics (primary and secondary), CWE, published dates; also reads the 1.1 JSON feed.',
    ecosystems: [],
    fetch: (ctx: FetchContext, previous?: FeedState) => fetchNvd(ctx, previous, opts),
    accepts: acceptsNvd,
    parse: (artefacts, ctx) => parseNvdArtefacts(artefacts, ctx, 'nvd'),
  } satisfies Feed;
}

export const nvdFeed = makeNvdFeed();
