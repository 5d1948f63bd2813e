// Child process for the SIGKILL test: imports a mirror (argv[2]) into a DB (argv[3]).
import { silentLogger } from '../../../../src/runtime/log.js';
import { feeds } from '../../../../src/scanner/vulndb/feeds/registry.js';
import { defaultFeedLimits } from '../../../../src/scanner/vulndb/feeds/feed-limits.js';
import { runVulndbImport } from '../../../../src/scanner/vulndb/run-vulndb-import.js';

await runVulndbImport({
  path: process.argv[2]!,
  dbPath: process.argv[3]!,
  feeds,
  ctx: { log: silentLogger, limits: defaultFeedLimits },
});
