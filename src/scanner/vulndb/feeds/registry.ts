import type { Feed } from './contracts.js';
import { alpineFeed, chainguardFeed, wolfiFeed } from './alpine/index.js';
import { cve5Feed } from './cve5/index.js';
import { debianFeed } from './debian/index.js';
import { epssFeed } from './epss/index.js';
import { friendsofphpFeed } from './friendsofphp/index.js';
import { ghsaFeed } from './ghsa/index.js';
import { kevFeed } from './kev/index.js';
import { nvdFeed } from './nvd/index.js';
import { osvFeed } from './osv/index.js';
import { redhatFeed } from './redhat/index.js';
import { rockyFeed } from './rocky/index.js';
import { rubysecFeed } from './rubysec/index.js';
import { ubuntuFeed } from './ubuntu/index.js';
import { ubuntuOvalFeed } from './ubuntu-oval/index.js';

/** THE list of feeds, one line each, alphabetical. */
export const feeds: readonly Feed[] = [
  alpineFeed,
  chainguardFeed,
  cve5Feed,
  debianFeed,
  epssFeed,
  friendsofphpFeed,
  ghsaFeed,
  kevFeed,
  nvdFeed,
  osvFeed,
  redhatFeed,
  rockyFeed,
  rubysecFeed,
  ubuntuFeed,
  ubuntuOvalFeed,
  wolfiFeed,
];

export function findFeed(name: string): Feed | undefined {
  return feeds.find((f) => f.name === name);
}
