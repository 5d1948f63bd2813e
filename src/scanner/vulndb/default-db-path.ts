import { join } from 'node:path';

import { defaultCacheDir } from '../../runtime/fs-paths.js';

/** `<user cache dir>/rampart/vulndb/rampart.db`; the command layer passes `env` (RAMPART_DB wins). */
export function defaultDbPath(env: NodeJS.ProcessEnv): string {
  return env.RAMPART_DB || join(defaultCacheDir(env), 'vulndb', 'rampart.db');
}
