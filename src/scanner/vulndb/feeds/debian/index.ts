/**
 * Debian: the security tracker JSON (per source package and release, with `<unfixed>`,
 * no-dsa, ignored, postponed, not-affected and end-of-life states), the DSA/DLA lists
 * (advisory → CVEs, fixed versions) and Debian OVAL as the complete fallback. See README.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';

import { RampartError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, Feed, FeedState, FetchContext, MirrorFile, ParseContext } from '../contracts.js';
import { openOvalFile, readOvalInto } from '../read-oval-document.js';
import { debianEcosystem } from '../debian-releases.js';
import { fetchDebian } from './fetch.js';
import { parseAdvisoryList } from './parse-advisory-list.js';
import { DebianOvalCollector } from './parse-debian-oval.js';
import { parseTrackerJson } from './parse-tracker-json.js';

const NAME = 'debian';
const OVAL_FILE = /oval-definitions-([a-z]+)\.xml(?:\.bz2)?$/;

type DebianArtefactKind = 'tracker' | 'oval' | 'list' | undefined;

export function debianArtefactKind(name: string): DebianArtefactKind {
  const base = basename(name);
  if (OVAL_FILE.test(base)) return 'oval';
  if (/(?:^|\/)(?:DSA|DLA)\/list$/.test(name)) return 'list';
  if (/tracker[^/]*\.json$/.test(base) || base === 'json') return 'tracker';
  return undefined;
}

export const debianFeed = {
  name: NAME,
  version: 1,
  title: 'Debian security tracker',
  description:
    'Debian security tracker JSON and DSA/DLA lists per source package and release; Debian OVAL as the fallback',
  ecosystems: ['Debian'],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchDebian(NAME, ctx, previous),
  accepts(file: MirrorFile) {
    const kind = debianArtefactKind(file.path);
    if (kind === 'oval') return 2;
    if (kind === 'list') return /^\[\d{1,2} \w{3} \d{4}\] D[LS]A-/.test(file.head.toString('utf8')) ? 2 : 0;
    if (kind === 'tracker')
      return /^\s*\{\s*"[^"]+"\s*:\s*\{\s*"(?:CVE|TEMP)-/.test(file.head.toString('utf8')) ? 2 : 0;
    return 0;
  },
  parse: parseDebian,
} satisfies Feed;

async function* parseDebian(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
  for (const a of artefacts) {
    ctx.signal?.throwIfAborted();
    const kind = debianArtefactKind(a.name);
    if (kind === 'tracker') {
      yield* parseTrackerJson(await readJson(a, ctx), NAME);
    } else if (kind === 'list') {
      yield* parseAdvisoryList(await readFile(a.path, 'utf8'), NAME, a.name);
    } else if (kind === 'oval') {
      const codename = OVAL_FILE.exec(basename(a.name))![1]!;
      const ecosystem = debianEcosystem(codename);
      if (!ecosystem) {
        ctx.log.warn('debian oval unknown release', { file: a.name, codename });
        continue;
      }
      const collector = new DebianOvalCollector(ecosystem, NAME);
      await readOvalInto(
        openOvalFile(a.path, NAME, ctx.limits.maxInflatedBytes),
        { feed: NAME, file: a.name, maxRecordBytes: ctx.limits.maxRecordBytes, signal: ctx.signal },
        collector,
      );
      yield* collector.records();
    }
  }
}

async function readJson(a: Artefact, ctx: ParseContext): Promise<unknown> {
  const size = (await stat(a.path)).size;
  if (size > ctx.limits.maxDownloadBytes) {
    throw new RampartError(
      'FEED_TOO_LARGE',
      `feed ${NAME}: ${a.name} is ${size} bytes, over the limit; refusing it`,
    );
  }
  try {
    return JSON.parse(await readFile(a.path, 'utf8'));
  } catch (err: unknown) {
    throw new RampartError(
      'FEED_FORMAT',
      `feed ${NAME}: ${a.name} is not valid JSON (${(err as Error).message}); download it again`,
    );
  }
}
