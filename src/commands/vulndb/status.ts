import { Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { defaultDbPath } from '../../scanner/vulndb/default-db-path.js';
import { openStore } from '../../scanner/vulndb/store.js';

export default class VulndbStatus extends RampartCommand {
  static override summary = 'Show the vulnerability database: schema version, feeds, ages and row counts.';
  static override examples = [
    '<%= config.bin %> vulndb status',
    '<%= config.bin %> vulndb status --db ./rampart.db -o json',
  ];
  static override flags = {
    db: Flags.string({ description: 'Database file (default: the user cache dir).', env: 'RAMPART_DB' }),
    'max-age': Flags.integer({ description: 'Warn when a feed is older than this many days.', default: 7 }),
    output: Flags.string({
      char: 'o',
      description: 'Output format.',
      options: ['table', 'json'],
      default: 'table',
    }),
  };

  protected async exec(): Promise<number> {
    const { flags } = await this.parse(VulndbStatus);
    this.configureLogging(flags);
    const store = openStore(flags.db ?? defaultDbPath(process.env));
    const status = store.status();
    store.close();
    const now = Date.now();
    const rows = status.feeds.map((f) => ({
      ...f,
      ageDays: (now - Date.parse(f.state.fetchedAt)) / 86_400_000,
    }));
    if (flags.output === 'json') this.out(JSON.stringify({ ...status, feeds: rows }, null, 2));
    else {
      this.out(`database:       ${status.path}`);
      this.out(`schema version: ${status.schemaVersion}`);
      this.out(`built at:       ${status.builtAt ?? '-'}`);
      this.out('FEED\tVERSION\tFETCHED\tAGE(d)\tADVISORIES\tAFFECTED\tENRICHMENT');
      for (const r of rows) {
        this.out(
          [
            r.name,
            r.version,
            r.state.fetchedAt,
            r.ageDays.toFixed(1),
            r.advisories,
            r.affected,
            r.enrichment,
          ].join('\t'),
        );
      }
    }
    for (const r of rows.filter((x) => x.ageDays > flags['max-age'])) {
      this.err(
        `WARN:\tfeed ${r.name} is ${Math.floor(r.ageDays)} days old (over ${flags['max-age']}); run "rampart vulndb update"`,
      );
    }
    if (rows.length === 0)
      this.err(
        'WARN:\tthe database holds no feed; run "rampart vulndb update" or "rampart vulndb import DIR"',
      );
    return 0;
  }
}
