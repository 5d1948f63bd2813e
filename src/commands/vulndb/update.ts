import { Flags } from '@oclif/core';
import { Agent } from 'undici';

import { RampartCommand } from '../../cli/base-command.js';
import { limitHeapGrowth } from '../../cli/limit-heap-growth.js';
import { defaultDbPath } from '../../scanner/vulndb/default-db-path.js';
import { describeProgress } from '../../scanner/vulndb/describe-progress.js';
import { withFeedLimits } from '../../scanner/vulndb/feeds/feed-limits.js';
import { selectFeeds } from '../../scanner/vulndb/select-feeds.js';
import { updateDb } from '../../scanner/vulndb/update-db.js';

export default class VulndbUpdate extends RampartCommand {
  static override summary =
    'Download the feeds from their upstream URLs and rebuild the vulnerability database atomically.';
  static override description =
    'Conditional requests (ETag/Last-Modified) skip unchanged feeds; failures are retried with backoff. The new database replaces the old one only when complete, so a failed update leaves the previous database usable.';
  static override examples = [
    '<%= config.bin %> vulndb update',
    '<%= config.bin %> vulndb update --feeds osv --db ./rampart.db',
  ];
  static override flags = {
    db: Flags.string({ description: 'Database file (default: the user cache dir).', env: 'RAMPART_DB' }),
    feeds: Flags.string({ description: 'Comma-separated feed names (default: all).' }),
    'lock-wait': Flags.integer({ description: 'Seconds to wait for another update to finish.', default: 0 }),
  };

  protected async exec(): Promise<number> {
    const { flags } = await this.parse(VulndbUpdate);
    this.configureLogging(flags);
    limitHeapGrowth();
    const http = new Agent({ connect: { timeout: 30_000 } });
    try {
      const summary = await updateDb({
        dbPath: flags.db ?? defaultDbPath(process.env),
        jobs: selectFeeds(flags.feeds).map((feed) => ({ feed, fetch: true as const })),
        ctx: { log: this.log_, limits: withFeedLimits(undefined), http },
        lockWaitMs: flags['lock-wait'] * 1000,
        onProgress: (p) => !flags.quiet && this.err(describeProgress(p)),
      });
      for (const f of summary.feeds)
        this.out(
          `${f.name}\t${f.status}\tadvisories ${f.counts?.advisories ?? 0}\taffected ${f.counts?.affected ?? 0}\tenrichment ${f.counts?.enrichment ?? 0}`,
        );
    } finally {
      await http.close();
    }
    return 0;
  }
}
