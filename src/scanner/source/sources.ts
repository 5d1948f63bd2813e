import { existsSync } from 'node:fs';

import { RampartError } from '../../runtime/errors.js';
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

/** Looks like a local path rather than an image reference (registry references never start so). */
const LOCAL_PATH = /^(\/|\.{1,2}\/|~)|\.(tar|tar\.gz|tgz)$/i;

/** Pick the source for a reference: a `kind:` prefix wins, then the first source that accepts it. */
export function pickSource(reference: string): ImageSource {
  for (const [prefix, source] of Object.entries(PREFIXES)) if (reference.startsWith(prefix)) return source;
  if (reference.startsWith('docker://')) return registrySource;
  const local = imageSources.find((s) => s !== registrySource && s.accepts(reference));
  if (local) return local;
  if (LOCAL_PATH.test(reference) && !existsSync(reference)) {
    throw new RampartError(
      'SOURCE_NOT_FOUND',
      `${reference} does not exist: give an existing docker-archive file, OCI layout or root filesystem directory, or an image reference such as registry.example.com/team/app:1.0`,
    );
  }
  return registrySource;
}

/** Strip a `docker://` scheme so the registry source sees a plain reference. */
export function normalizeReference(reference: string): string {
  return reference.startsWith('docker://') ? reference.slice('docker://'.length) : reference;
}
