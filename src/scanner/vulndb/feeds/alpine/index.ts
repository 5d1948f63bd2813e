/**
 * Alpine secdb (per branch, `Alpine:v3.19`), plus Wolfi and Chainguard, which publish the same
 * format without branches. The three are separate feeds declared here (see README.md).
 */
import { alpineSources } from './fetch.js';
import { secdbFeed } from './secdb-feed.js';

export const alpineFeed = secdbFeed({
  name: 'alpine',
  title: 'Alpine secdb',
  base: 'Alpine',
  perBranch: true,
  sources: alpineSources,
  pathMatches: (p) => /(?:^|\/)(?:v\d+\.\d+|edge)\/(?:main|community)\.json$/.test(p),
  headMatches: (h) => /"distroversion"\s*:/.test(h),
});

export const wolfiFeed = secdbFeed({
  name: 'wolfi',
  title: 'Wolfi secdb',
  base: 'Wolfi',
  perBranch: false,
  sources: () => [{ url: 'https://packages.wolfi.dev/os/security.json', name: 'security.json' }],
  pathMatches: (p) => /(?:^|\/)[^/]*security[^/]*\.json$/.test(p),
  headMatches: (h) => /"urlprefix"\s*:\s*"https:\/\/packages\.wolfi\.dev/.test(h),
});

export const chainguardFeed = secdbFeed({
  name: 'chainguard',
  title: 'Chainguard secdb',
  base: 'Chainguard',
  perBranch: false,
  sources: () => [{ url: 'https://packages.cgr.dev/chainguard/security.json', name: 'security.json' }],
  pathMatches: (p) => /(?:^|\/)[^/]*security[^/]*\.json$/.test(p),
  headMatches: (h) => /"urlprefix"\s*:\s*"https:\/\/[\w.-]*cgr\.dev/.test(h),
});
