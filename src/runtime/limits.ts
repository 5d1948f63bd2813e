/**
 * Bounds applied to untrusted input. Every reader of image layers, archives, manifests and
 * feeds takes its limits from here (through its context), so a hostile input is refused the
 * same way everywhere and a user can raise a limit for a legitimately huge image.
 */
export interface Limits {
  /** Uncompressed bytes one layer may expand to. */
  maxLayerBytes: number;
  /** Tar entries one layer may hold. */
  maxLayerEntries: number;
  /** Bytes of one file a finder may ask to read into memory. */
  maxClaimedFileBytes: number;
  /** Bytes of a manifest, index, config or other small JSON document. */
  maxManifestBytes: number;
  /** Nesting depth for archives inside archives (jars in jars). */
  maxArchiveDepth: number;
  /** Uncompressed/compressed ratio above which a stream is treated as a decompression bomb. */
  maxCompressionRatio: number;
}

export const defaultLimits: Limits = {
  maxLayerBytes: 64 * 1024 ** 3,
  maxLayerEntries: 5_000_000,
  maxClaimedFileBytes: 256 * 1024 ** 2,
  maxManifestBytes: 8 * 1024 ** 2,
  maxArchiveDepth: 8,
  maxCompressionRatio: 1000,
};

export function withLimits(overrides: Partial<Limits> | undefined): Limits {
  return { ...defaultLimits, ...(overrides ?? {}) };
}
