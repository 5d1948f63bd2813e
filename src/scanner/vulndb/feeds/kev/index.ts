import { readFile, stat } from 'node:fs/promises';

import { RampartError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type {
  AcceptScore,
  Artefact,
  Feed,
  MirrorFile,
  ParseContext,
  FeedState,
  FetchContext,
} from '../contracts.js';
import { fetchKev } from './fetch-kev.js';
import { parseKevCsv, parseKevJson } from './parse-kev-catalog.js';

function acceptsKev(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  if (/(^|\/)known_exploited_vulnerabilities[^/]*\.(json|csv)$/.test(p)) return 2;
  const head = file.head.toString('utf8');
  if (p.endsWith('.json') && /"catalogVersion"\s*:/.test(head) && /"cveID"\s*:/.test(head)) return 2;
  return 0;
}

async function* parseKev(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    // the whole catalog is one document (~1.5 MB today); it is bounded like one record
    const size = (await stat(a.path)).size;
    if (size > ctx.limits.maxRecordBytes) {
      throw new RampartError(
        'FEED_TOO_LARGE',
        `feed kev: ${a.name} has ${size} bytes, over the record limit of ${ctx.limits.maxRecordBytes}; refusing it`,
      );
    }
    const text = (await readFile(a.path)).toString('utf8');
    const records = a.name.toLowerCase().endsWith('.csv')
      ? parseKevCsv(text, a.name)
      : parseKevJson(text, a.name);
    for (const record of records) yield { kind: 'kev', record };
  }
}

export const kevFeed = {
  name: 'kev',
  version: 1,
  title: 'CISA KEV',
  description:
    'CISA Known Exploited Vulnerabilities catalog: exploited flag, date added, due date, ransomware use.',
  ecosystems: [],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchKev(ctx, previous),
  accepts: acceptsKev,
  parse: parseKev,
} satisfies Feed;
