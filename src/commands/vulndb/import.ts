import { readFileSync } from 'node:fs';

import { Args, Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { limitHeapGrowth } from '../../cli/limit-heap-growth.js';
import { RampartError, describeError } from '../../runtime/errors.js';
import { defaultDbPath } from '../../scanner/vulndb/default-db-path.js';
import { withFeedLimits } from '../../scanner/vulndb/feeds/feed-limits.js';
import { selectFeeds } from '../../scanner/vulndb/select-feeds.js';
import { runVulndbImport } from '../../scanner/vulndb/run-vulndb-import.js';
import { describeProgress } from '../../scanner/vulndb/describe-progress.js';

export default class VulndbImport extends RampartCommand {
  static override summary =
    'Build or update the vulnerability database from files on disk (a feed mirror directory, one feed file, or a bundle).';
  static override examples = [
    '<%= config.bin %> vulndb import ./mirror',
    '<%= config.bin %> vulndb import ./osv-go/all.zip --feeds osv',
    '<%= config.bin %> vulndb import rampart-vulndb.tar.gz --public-key ed25519.pub.pem',
  ];
  static override args = {
    path: Args.string({ description: 'Mirror directory, feed file or bundle.', required: true }),
  };
  static override flags = {
    db: Flags.string({ description: 'Database file (default: the user cache dir).', env: 'RAMPART_DB' }),
    feeds: Flags.string({
      description: 'Comma-separated feed names to import (default: every feed that recognises a file).',
    }),
    'public-key': Flags.string({
      description: 'Ed25519 public key (PEM): the bundle must carry a valid signature.',
    }),
    'lock-wait': Flags.integer({ description: 'Seconds to wait for another update to finish.', default: 0 }),
  };

  protected async exec(): Promise<number> {
    const { args, flags } = await this.parse(VulndbImport);
    this.configureLogging(flags);
    limitHeapGrowth();
    let publicKeyPem: string | undefined;
    if (flags['public-key']) {
      try {
        publicKeyPem = readFileSync(flags['public-key'], 'utf8');
      } catch (err: unknown) {
        throw new RampartError(
          'VULNDB_BUNDLE_KEY',
          `cannot read public key ${flags['public-key']}: ${describeError(err)}`,
        );
      }
    }
    const res = await runVulndbImport({
      path: args.path,
      dbPath: flags.db ?? defaultDbPath(process.env),
      feeds: selectFeeds(flags.feeds),
      ctx: { log: this.log_, limits: withFeedLimits(undefined) },
      publicKeyPem,
      lockWaitMs: flags['lock-wait'] * 1000,
      onProgress: (p) => !flags.quiet && this.err(describeProgress(p)),
    });
    if (res.kind === 'bundle') {
      this.out(
        `bundle imported\tschema ${res.manifest.schemaVersion}\tfeeds ${res.manifest.feeds.map((f) => f.name).join(',')}\t${res.manifest.signed ? (publicKeyPem ? 'signature verified' : 'signed (not verified: no --public-key)') : 'unsigned'}`,
      );
      return 0;
    }
    for (const f of res.summary.feeds)
      this.out(
        `${f.name}\t${f.status}\tadvisories ${f.counts?.advisories ?? 0}\taffected ${f.counts?.affected ?? 0}\tenrichment ${f.counts?.enrichment ?? 0}`,
      );
    if (res.skipped.length > 0 && !flags.quiet)
      this.err(`INFO:\t${res.skipped.length} files belong to no feed (first: ${res.skipped[0]})`);
    return 0;
  }
}
