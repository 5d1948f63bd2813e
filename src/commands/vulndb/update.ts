import { Flags } from '@oclif/core';
import { Agent, type Dispatcher } from 'undici';

import { RampartCommand } from '../../cli/base-command.js';
import { limitHeapGrowth } from '../../cli/limit-heap-growth.js';
import { defaultDbPath } from '../../scanner/vulndb/default-db-path.js';
import { describeProgress } from '../../scanner/vulndb/describe-progress.js';
import { withFeedLimits } from '../../scanner/vulndb/feeds/feed-limits.js';
import { parseMirrorUrl, viaMirror } from '../../scanner/vulndb/feeds/upstream-mirror.js';
import { selectFeeds } from '../../scanner/vulndb/select-feeds.js';
import { updateDb } from '../../scanner/vulndb/update-db.js';

export default class VulndbUpdate extends RampartCommand {
  static override summary =
    'Download the feeds from their upstream URLs and rebuild the vulnerability database atomically.';
  static override description =
    'Conditional requests (ETag/Last-Modified) skip unchanged feeds; failures are retried with backoff. Downloads are kept in <db>.cache so an unchanged file is not downloaded again when another file of its feed changed. The new database replaces the old one only when complete, so a failed update leaves the previous database usable.';
  static override examples = [
    '<%= config.bin %> vulndb update',
    '<%= config.bin %> vulndb update --feeds osv --db ./rampart.db',
    '<%= config.bin %> vulndb update --mirror-url http://mirror.internal/feeds',
  ];
  static override flags = {
    db: Flags.string({ description: 'Database file (default: the user cache dir).', env: 'RAMPART_DB' }),
    feeds: Flags.string({ description: 'Comma-separated feed names (default: all).' }),
    'lock-wait': Flags.integer({ description: 'Seconds to wait for another update to finish.', default: 0 }),
    'mirror-url': Flags.string({
      description:
        'Download from an HTTP mirror of the upstream hosts instead: https://HOST/PATH is read from MIRROR/HOST/PATH.',
      env: 'RAMPART_VULNDB_MIRROR_URL',
    }),
    'no-cache': Flags.boolean({ description: 'Do not keep downloads in <db>.cache between updates.' }),
  };

  protected async exec(): Promise<number> {
    const { flags } = await this.parse(VulndbUpdate);
    this.configureLogging(flags);
    const feeds = selectFeeds(flags.feeds);
    const mirror = flags['mirror-url'] === undefined ? undefined : parseMirrorUrl(flags['mirror-url']);
    const dbPath = flags.db ?? defaultDbPath(process.env);
    const agent = new Agent({ connect: { timeout: 30_000 } });
    const http: Dispatcher = mirror ? viaMirror(agent, mirror) : agent;
    limitHeapGrowth();
    try {
      const summary = await updateDb({
        dbPath,
        jobs: feeds.map((feed) => ({ feed, fetch: true as const })),
        ctx: {
          log: this.log_,
          limits: withFeedLimits(undefined),
          http,
          cacheDir: flags['no-cache'] ? undefined : `${dbPath}.cache`,
        },
        lockWaitMs: flags['lock-wait'] * 1000,
        onProgress: (p) => !flags.quiet && this.err(describeProgress(p)),
      });
      for (const f of summary.feeds)
        this.out(
          `${f.name}\t${f.status}\tadvisories ${f.counts?.advisories ?? 0}\taffected ${f.counts?.affected ?? 0}\tenrichment ${f.counts?.enrichment ?? 0}`,
        );
    } finally {
      await agent.close();
    }
    return 0;
  }
}
