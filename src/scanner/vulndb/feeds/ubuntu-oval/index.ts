/**
 * Ubuntu USN OVAL (`com.ubuntu.<codename>.usn.oval.xml.bz2`, one file per release, also the
 * `oci.` variant on import): per-USN fixed versions of BINARY packages, Ubuntu Pro/ESM marked.
 * Downloaded from Canonical's security-metadata site; a feed of its own so that an update of
 * these files never replaces the OpenVEX rows of the `ubuntu` feed. See README.md.
 */
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
import { fetchFileSet } from '../fetch-one-file.js';
import { openOvalFile, readOvalInto } from '../read-oval-document.js';
import { ubuntuDistro } from '../ubuntu-releases.js';
import { UBUNTU_OVAL_FILE, UbuntuOvalCollector } from './parse-ubuntu-oval.js';

const NAME = 'ubuntu-oval';

/**
 * Codenames `vulndb update` downloads: the LTS releases in standard support (focal, jammy,
 * noble) and the current interim release. Every one must be in `../ubuntu-releases.ts`.
 */
export const ubuntuOvalReleases: readonly string[] = ['focal', 'jammy', 'noble', 'questing'];

export function ubuntuOvalFileName(codename: string): string {
  return `com.ubuntu.${codename}.usn.oval.xml.bz2`;
}

export function ubuntuOvalUrl(codename: string): string {
  return `https://security-metadata.canonical.com/oval/${ubuntuOvalFileName(codename)}`;
}

/** The USN OVAL file of every release in `releases`, conditionally. */
export function fetchUbuntuOval(
  ctx: FetchContext,
  previous?: FeedState,
  releases: readonly string[] = ubuntuOvalReleases,
): Promise<FetchResult | 'unchanged'> {
  return fetchFileSet(
    ctx,
    NAME,
    releases.map((r) => ({ url: ubuntuOvalUrl(r), name: ubuntuOvalFileName(r) })),
    previous,
  );
}

export const ubuntuOvalFeed = {
  name: NAME,
  version: 1,
  title: 'Ubuntu USN OVAL',
  description: 'Ubuntu Security Notices OVAL per release (binary packages): Ubuntu Pro/ESM marked',
  ecosystems: ['Ubuntu'],
  fetch: (ctx: FetchContext, previous?: FeedState) => fetchUbuntuOval(ctx, previous),
  /** Claimed by file name: the bz2 head cannot be sniffed. */
  accepts: (file: MirrorFile) => (UBUNTU_OVAL_FILE.test(file.path) ? 2 : 0),
  async *parse(artefacts: readonly Artefact[], ctx: ParseContext): AsyncGenerator<FeedRecord> {
    for (const a of artefacts) {
      ctx.signal?.throwIfAborted();
      const oval = UBUNTU_OVAL_FILE.exec(a.name);
      if (oval) yield* parseUsnOval(a, oval[1]!, ctx);
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
