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
import { fetchEpss } from './fetch-epss.js';
import { readEpssFile } from './parse-epss-csv.js';

function acceptsEpss(file: MirrorFile): AcceptScore {
  const p = file.path.toLowerCase();
  if (/(^|\/)epss_scores[^/]*\.csv(\.gz)?$/.test(p)) return 2;
  if (!p.endsWith('.csv')) return 0;
  return /^(#model_version[^\n]*\n)?cve,epss,percentile/.test(file.head.toString('utf8')) ? 2 : 0;
}

async function* parseEpss(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    for await (const record of readEpssFile(a, ctx)) {
      ctx.signal?.throwIfAborted();
      yield { kind: 'epss', record };
    }
  }
}

export const epssFeed = {
  name: 'epss',
  version: 1,
  title: 'FIRST EPSS',
  description:
    'FIRST Exploit Prediction Scoring System: daily exploitation probability and percentile per CVE.',
  ecosystems: [],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchEpss(ctx, previous),
  accepts: acceptsEpss,
  parse: parseEpss,
} satisfies Feed;
