import type { Feed } from './contracts.js';
import { alpineFeed, chainguardFeed, wolfiFeed } from './alpine/index.js';
import { debianFeed } from './debian/index.js';
import { osvFeed } from './osv/index.js';

/** THE list of feeds, one line each, alphabetical. */
export const feeds: readonly Feed[] = [alpineFeed, chainguardFeed, debianFeed, osvFeed, wolfiFeed];

export function findFeed(name: string): Feed | undefined {
  return feeds.find((f) => f.name === name);
}
