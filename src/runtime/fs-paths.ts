import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user cache directory (XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on
 * Windows) joined with `rampart`. Callers pass `env` explicitly so libraries never read
 * process.env themselves.
 */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.RAMPART_CACHE_DIR) return env.RAMPART_CACHE_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'rampart');
  if (platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'rampart', 'cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rampart');
}
