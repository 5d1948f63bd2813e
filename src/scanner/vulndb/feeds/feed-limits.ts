import type { FeedLimits } from './contracts.js';

/** Defaults sized for the real feeds (the OSV npm all.zip inflates to ~2 GiB) with headroom. */
export const defaultFeedLimits: FeedLimits = {
  maxInflatedBytes: 16 * 1024 ** 3,
  maxEntries: 2_000_000,
  maxRecordBytes: 32 * 1024 ** 2,
  maxDownloadBytes: 4 * 1024 ** 3,
};

export function withFeedLimits(overrides: Partial<FeedLimits> | undefined): FeedLimits {
  return { ...defaultFeedLimits, ...(overrides ?? {}) };
}
