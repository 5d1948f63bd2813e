/**
 * Ubuntu: Canonical's OpenVEX documents per CVE (from a mirror of ubuntu-security-notices
 * `vex/`) and the USN OVAL files per release (`com.ubuntu.<codename>.usn.oval.xml.bz2`).
 * Ubuntu's OSV records (USN / UBUNTU-CVE) are imported by the `osv` feed. See README.md.
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
import { openOvalFile, readOvalInto } from '../read-oval-document.js';
import { openVexRecords } from './parse-openvex.js';
import { UBUNTU_OVAL_FILE, UbuntuOvalCollector } from './parse-ubuntu-oval.js';
import { ubuntuDistro } from './ubuntu-releases.js';

const NAME = 'ubuntu';
const VEX_PATH = /(?:^|\/)CVE-\d{4}-\d+\.json(?:\.gz)?$/;

export const ubuntuFeed = {
  name: NAME,
  version: 2,
  title: 'Ubuntu OpenVEX and USN OVAL',
  description:
    'Canonical OpenVEX per CVE (source packages) and USN OVAL per release (binary packages): Ubuntu Pro/ESM marked',
  ecosystems: ['Ubuntu'],
  /**
   * Canonical publishes the OpenVEX documents only as a git repository (ubuntu-security-notices,
   * `vex/`): there is no file to download, so an update keeps what the last import wrote and
   * says so; `rampart vulndb import <clone>` loads them.
   */
  fetch(ctx: FetchContext, _previous?: FeedState): Promise<FetchResult | 'unchanged'> {
    ctx.log.warn('ubuntu fetch unsupported', {
      feed: NAME,
      hint: 'clone ubuntu-security-notices and run "rampart vulndb import <dir>"; Ubuntu OSV comes through the osv feed',
    });
    return Promise.resolve('unchanged');
  },
  accepts(file: MirrorFile) {
    if (UBUNTU_OVAL_FILE.test(file.path)) return 2;
    if (!VEX_PATH.test(file.path)) return 0;
    if (file.path.endsWith('.gz')) return /vex\//.test(file.path) ? 2 : 0;
    const head = file.head.toString('utf8');
    return /"@context"\s*:\s*"https:\/\/openvex\.dev\//.test(head) && /Canonical/.test(head) ? 2 : 0;
  },
  async *parse(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
    for (const a of artefacts) {
      ctx.signal?.throwIfAborted();
      const oval = UBUNTU_OVAL_FILE.exec(a.name);
      if (oval) {
        yield* parseUsnOval(a, oval[1]!, ctx);
        continue;
      }
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

async function* parseUsnOval(a: Artefact, codename: string, ctx: ParseContext): AsyncGenerator<FeedRecord> {
  const release = ubuntuDistro(codename);
  if (!release) {
    ctx.log.warn('ubuntu oval unknown release', { file: a.name, codename });
    return;
  }
  const collector = new UbuntuOvalCollector(release.ecosystem, NAME, { name: a.name, codename });
  await readOvalInto(
    openOvalFile(a.path, NAME, ctx.limits.maxInflatedBytes),
    { feed: NAME, file: a.name, maxRecordBytes: ctx.limits.maxRecordBytes, signal: ctx.signal },
    collector,
  );
  yield* collector.records();
}
