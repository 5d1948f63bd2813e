import { RampartError } from '../../runtime/errors.js';
import type { ImageConfig, LayerCompression, LayerDescriptor, Platform } from './contracts.js';
import { DOCKER_MANIFEST_LIST, OCI_INDEX, layerCompression } from './media-types.js';

const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface ManifestDoc {
  schemaVersion?: number;
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

/** Parse JSON from an untrusted source into an object, with one clear error. */
export function parseJsonDoc<T>(data: Buffer | string, what: string): T {
  try {
    const v = JSON.parse(typeof data === 'string' ? data : data.toString('utf8')) as unknown;
    if (v === null || typeof v !== 'object') throw new Error('not a JSON object');
    return v as T;
  } catch (err: unknown) {
    throw new RampartError('SOURCE_MANIFEST_INVALID', `${what} is not valid JSON: ${(err as Error).message}`);
  }
}

export function isIndex(doc: ManifestDoc, mediaType?: string): boolean {
  const mt = mediaType ?? doc.mediaType;
  return (
    mt === OCI_INDEX || mt === DOCKER_MANIFEST_LIST || (!mt && Array.isArray(doc.manifests) && !doc.layers)
  );
}

/** Compression of a layer from its media type: gzip when absent, none when not a known layer type. */
export function compressionOf(mediaType: string | undefined): LayerCompression {
  if (!mediaType) return 'gzip';
  return layerCompression(mediaType) ?? 'none';
}

/** Layer descriptors from a manifest and its config (diff-ids, history). */
export function describeLayers(manifest: ManifestDoc, config: ImageConfig, what: string): LayerDescriptor[] {
  const layers = manifest.layers ?? [];
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== layers.length) {
    throw new RampartError(
      'SOURCE_MANIFEST_INVALID',
      `${what}: the manifest lists ${layers.length} layers but the config has ${diffIds.length} diff_ids`,
    );
  }
  const history = (config.history ?? []).filter((h) => !h.empty_layer);
  return layers.map((l, index) => ({
    index,
    digest: l.digest,
    diffId: diffIds[index]!,
    mediaType: l.mediaType ?? DOCKER_LAYER,
    compression: compressionOf(l.mediaType),
    size: typeof l.size === 'number' ? l.size : -1,
    ...(history.length === layers.length && history[index]?.created_by
      ? { createdBy: history[index]!.created_by }
      : {}),
  }));
}

export function platformOf(config: ImageConfig): Platform {
  return {
    os: config.os ?? 'linux',
    architecture: config.architecture ?? 'amd64',
    ...(config.variant ? { variant: config.variant } : {}),
  };
}
