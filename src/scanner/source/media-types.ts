import type { LayerCompression } from './contracts.js';

/** Manifest and index media types Rampart asks a registry for, most preferred first. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+json';
export const DOCKER_SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';

/** The Accept header for manifest requests (schema 1 deliberately left out). */
export const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(', ');

const LAYER_COMPRESSION: Record<string, LayerCompression> = {
  'application/vnd.oci.image.layer.v1.tar': 'none',
  'application/vnd.oci.image.layer.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.v1.tar+zstd': 'zstd',
  'application/vnd.oci.image.layer.nondistributable.v1.tar': 'none',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd': 'zstd',
  'application/vnd.docker.image.rootfs.diff.tar': 'none',
  'application/vnd.docker.image.rootfs.diff.tar.gzip': 'gzip',
  'application/vnd.docker.image.rootfs.diff.tar.zstd': 'zstd',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip': 'gzip',
};

/** Compression of a layer from its media type; undefined for a type that is not an image layer. */
export function layerCompression(mediaType: string): LayerCompression | undefined {
  return LAYER_COMPRESSION[mediaType.split(';')[0]!.trim().toLowerCase()];
}

export type ManifestKind = 'manifest' | 'index' | 'schema1' | 'unknown';

/**
 * What a manifest document is, from its own `mediaType` field, then the Content-Type header,
 * then its shape (OCI allows both fields to be absent).
 */
export function manifestKind(doc: Record<string, unknown>, contentType: string | undefined): ManifestKind {
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
  const header = contentType?.split(';')[0]!.trim().toLowerCase();
  for (const mt of [declared, header]) {
    if (mt === OCI_MANIFEST || mt === DOCKER_MANIFEST) return 'manifest';
    if (mt === OCI_INDEX || mt === DOCKER_MANIFEST_LIST) return 'index';
    if (mt === DOCKER_SCHEMA1 || mt === DOCKER_SCHEMA1_SIGNED) return 'schema1';
  }
  if (doc.schemaVersion === 1) return 'schema1';
  if (Array.isArray(doc.manifests)) return 'index';
  if (Array.isArray(doc.layers) && doc.config && typeof doc.config === 'object') return 'manifest';
  return 'unknown';
}
