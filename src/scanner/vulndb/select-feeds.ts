import { RampartError } from '../../runtime/errors.js';
import type { Feed } from './feeds/contracts.js';
import { feeds } from './feeds/registry.js';

/** The feeds named in a comma-separated list (all when undefined); unknown names are refused. */
export function selectFeeds(list: string | undefined, all: readonly Feed[] = feeds): Feed[] {
  if (!list) return [...all];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.map((n) => {
    const f = all.find((x) => x.name === n);
    if (!f)
      throw new RampartError(
        'VULNDB_FEED_UNKNOWN',
        `unknown feed "${n}"; known feeds: ${all.map((x) => x.name).join(', ')}`,
      );
    return f;
  });
}
