import type { AcceptScore, Feed, MirrorFile, FeedState, FetchContext } from '../contracts.js';
import { fetchCve5 } from './fetch-cve5.js';
import { isCve5RecordName, parseCve5Artefacts } from './parse-cve5-artefacts.js';

function acceptsCve5(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  if (/(^|\/)cvelistv5[^/]*\.(zip|tar\.gz|tgz)$/.test(p)) return 2;
  if (!isCve5RecordName(file.path)) return 0;
  const head = file.head.toString('utf8');
  // keys may come in any order (some mirrors sort them: `containers` first, metadata after 4 KiB)
  return /"(cveMetadata|containers|dataType)"\s*:/.test(head) ? 2 : 0;
}

export const cve5Feed = {
  name: 'cve5',
  version: 1,
  title: 'CVE List V5',
  description:
    'CVE Program records (CVE JSON 5.x): descriptions, CNA and CISA-ADP CVSS scores, CWE ids, rejected CVEs.',
  ecosystems: [],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchCve5(ctx, previous),
  accepts: acceptsCve5,
  parse: parseCve5Artefacts,
} satisfies Feed;
