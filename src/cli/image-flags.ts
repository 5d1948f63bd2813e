import { Args, Flags } from '@oclif/core';

/** Flags shared by every command that reads an image (sbom, scan, check). */
export const imageArgs = {
  image: Args.string({
    description:
      'Image: registry reference, docker-archive tar, OCI layout dir, or rootfs dir (or oci:/docker-archive:/rootfs: prefix)',
    required: false,
  }),
};

export const imageFlags = {
  image: Flags.string({ char: 'i', description: 'Image to read (same forms as the argument).' }),
  platform: Flags.string({
    description: 'Platform to pick from a multi-platform image: os/arch[/variant].',
    default: 'linux/amd64',
  }),
  username: Flags.string({ description: 'Registry user name.', env: 'RAMPART_REGISTRY_USERNAME' }),
  password: Flags.string({ description: 'Registry password or token.', env: 'RAMPART_REGISTRY_PASSWORD' }),
  insecure: Flags.boolean({ description: 'Allow plain HTTP and unverified TLS to a non-loopback registry.' }),
  'cache-dir': Flags.string({ description: 'Layer cache directory.', env: 'RAMPART_CACHE_DIR' }),
  'no-cache': Flags.boolean({ description: 'Do not read or write the layer cache.' }),
  force: Flags.boolean({ char: 'f', description: 'Ignore cached layer results (they are refreshed).' }),
  // Defaults as roxctl's image scan, image check and deployment check: 3 retries, 3 seconds.
  retries: Flags.integer({
    char: 'r',
    description: 'Retries for transient registry failures (5xx, 429, resets, timeouts).',
    default: 3,
    min: 0,
  }),
  'retry-delay': Flags.integer({
    char: 'd',
    description:
      'Delay between retries, in seconds: the base of an exponential backoff with jitter, capped at 30 s.',
    default: 3,
    min: 0,
  }),
  'max-layer-bytes': Flags.integer({
    description: 'Largest uncompressed layer accepted (decompression-bomb guard).',
    min: 1,
  }),
  'max-layer-entries': Flags.integer({ description: 'Most tar entries accepted in one layer.', min: 1 }),
};
