import type { ImageSource } from './contracts.js';
import { dockerArchiveSource } from './docker-archive/index.js';
import { ociLayoutSource } from './oci-layout/index.js';
import { registrySource } from './registry/index.js';
import { rootfsSource } from './rootfs/index.js';

/**
 * THE list of image sources, in the order they are tried: explicit prefixes and local paths
 * first (an archive, an OCI layout, a directory), the registry last (anything else is an image
 * reference).
 */
export const imageSources: readonly ImageSource[] = [
  dockerArchiveSource,
  ociLayoutSource,
  rootfsSource,
  registrySource,
];

const PREFIXES: Record<string, ImageSource> = {
  'docker-archive:': dockerArchiveSource,
  'oci:': ociLayoutSource,
  'rootfs:': rootfsSource,
};

/** Pick the source for a reference: a `kind:` prefix wins, then the first source that accepts it. */
export function pickSource(reference: string): ImageSource {
  for (const [prefix, source] of Object.entries(PREFIXES)) if (reference.startsWith(prefix)) return source;
  if (reference.startsWith('docker://')) return registrySource;
  return imageSources.find((s) => s.accepts(reference)) ?? registrySource;
}

/** Strip a `docker://` scheme so the registry source sees a plain reference. */
export function normalizeReference(reference: string): string {
  return reference.startsWith('docker://') ? reference.slice('docker://'.length) : reference;
}
