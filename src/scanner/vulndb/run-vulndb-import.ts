/**
 * `vulndb import DIR|FILE` as a library call: a bundle is verified and installed; anything
 * else is routed to the feeds that accept its files and written as one atomic update.
 */
import { isRampartError, RampartError } from '../../runtime/errors.js';
import { importBundle, isBundle, type BundleManifest } from './bundle.js';
import type { Feed } from './feeds/contracts.js';
import { fingerprintArtefacts } from './fingerprint-artefacts.js';
import { routeMirror } from './route-mirror.js';
import {
  updateDb,
  type FeedJob,
  type UpdateContext,
  type UpdateProgress,
  type UpdateSummary,
} from './update-db.js';

export type ImportOutcome =
  | { kind: 'bundle'; manifest: BundleManifest & { signed: boolean } }
  | { kind: 'mirror'; summary: UpdateSummary; skipped: string[] };

export async function runVulndbImport(opts: {
  path: string;
  dbPath: string;
  feeds: readonly Feed[];
  ctx: UpdateContext;
  publicKeyPem?: string;
  lockWaitMs?: number;
  onProgress?: (p: UpdateProgress) => void;
}): Promise<ImportOutcome> {
  if (/\.(tar\.gz|tgz)$/i.test(opts.path) && (await isBundle(opts.path).catch(() => false))) {
    const manifest = await importBundle({
      bundlePath: opts.path,
      dbPath: opts.dbPath,
      publicKeyPem: opts.publicKeyPem,
      lockWaitMs: opts.lockWaitMs,
    });
    return { kind: 'bundle', manifest };
  }
  if (opts.publicKeyPem) {
    throw new RampartError(
      'VULNDB_IMPORT_NOT_BUNDLE',
      `${opts.path} is not a bundle, so --public-key cannot apply; drop the flag to import a feed mirror`,
    );
  }
  const route = routeMirror(opts.path, opts.feeds);
  if (route.byFeed.size === 0) {
    throw new RampartError(
      'VULNDB_IMPORT_EMPTY',
      `no file under ${opts.path} belongs to a known feed (${opts.feeds.map((f) => f.name).join(', ')}); point at a feed mirror or a bundle`,
    );
  }
  const now = opts.ctx.now ?? (() => new Date());
  const jobs: FeedJob[] = [];
  for (const [feed, artefacts] of [...route.byFeed].sort((a, b) => a[0].name.localeCompare(b[0].name))) {
    jobs.push({
      feed,
      artefacts,
      state: { fetchedAt: now().toISOString(), fingerprint: await fingerprintArtefacts(artefacts) },
    });
  }
  try {
    const summary = await updateDb({
      dbPath: opts.dbPath,
      jobs,
      ctx: opts.ctx,
      lockWaitMs: opts.lockWaitMs,
      onProgress: opts.onProgress,
    });
    return { kind: 'mirror', summary, skipped: route.skipped };
  } catch (err: unknown) {
    if (isRampartError(err)) throw err;
    throw new RampartError(
      'VULNDB_IMPORT_FAILED',
      `import of ${opts.path} failed (${String(err)}); the live database was not changed`,
      { cause: err },
    );
  }
}
