/**
 * Ubuntu: Canonical's OpenVEX documents per CVE (from a mirror of ubuntu-security-notices
 * `vex/`). The USN OVAL files are the `ubuntu-oval` feed's; Ubuntu's OSV records (USN /
 * UBUNTU-CVE) are imported by the `osv` feed. See README.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

import { RampartError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type {
  Artefact,
  Feed,
  FeedState,
  FetchContext,
  FetchResult,
  MirrorFile,
  ParseContext,
} from '../contracts.js';
import { openVexRecords } from './parse-openvex.js';

const NAME = 'ubuntu';
const VEX_PATH = /(?:^|\/)CVE-\d{4}-\d+\.json(?:\.gz)?$/;

export const ubuntuFeed = {
  name: NAME,
  version: 3,
  title: 'Ubuntu OpenVEX',
  description: 'Canonical OpenVEX per CVE (source packages): Ubuntu Pro/ESM marked',
  ecosystems: ['Ubuntu'],
  /**
   * Canonical publishes the OpenVEX documents only as a git repository (ubuntu-security-notices,
   * `vex/`): there is no file to download, so an update keeps what the last import wrote and
   * says so; `rampart vulndb import <clone>` loads them.
   */
  fetch(ctx: FetchContext, _previous?: FeedState): Promise<FetchResult | 'unchanged'> {
    ctx.log.warn('ubuntu fetch unsupported', {
      feed: NAME,
      hint: 'clone ubuntu-security-notices and run "rampart vulndb import <dir>"; the USN OVAL comes through the ubuntu-oval feed, Ubuntu OSV through the osv feed',
    });
    return Promise.resolve('unchanged');
  },
  accepts(file: MirrorFile) {
    if (!VEX_PATH.test(file.path)) return 0;
    if (file.path.endsWith('.gz')) return /vex\//.test(file.path) ? 2 : 0;
    const head = file.head.toString('utf8');
    return /"@context"\s*:\s*"https:\/\/openvex\.dev\//.test(head) && /Canonical/.test(head) ? 2 : 0;
  },
  async *parse(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
    for (const a of artefacts) {
      ctx.signal?.throwIfAborted();
      const size = (await stat(a.path)).size;
      if (size > ctx.limits.maxRecordBytes)
        throw new RampartError(
          'FEED_TOO_LARGE',
          `feed ${NAME}: ${a.name} is ${size} bytes, over the record limit; refusing it`,
        );
      let text: string;
      let doc: unknown;
      try {
        const raw = await readFile(a.path);
        text = (
          a.name.endsWith('.gz') ? gunzipSync(raw, { maxOutputLength: ctx.limits.maxRecordBytes }) : raw
        ).toString('utf8');
        doc = JSON.parse(text);
      } catch (err: unknown) {
        throw new RampartError(
          'FEED_FORMAT',
          `feed ${NAME}: ${a.name} is not a readable OpenVEX JSON document (${(err as Error).message}); check the mirror`,
        );
      }
      yield* openVexRecords(doc, NAME);
    }
  },
} satisfies Feed;
