import type { Feed } from './contracts.js';
import { osvFeed } from './osv/index.js';

/** THE list of feeds, one line each, alphabetical. */
export const feeds: readonly Feed[] = [osvFeed];

export function findFeed(name: string): Feed | undefined {
  return feeds.find((f) => f.name === name);
}
