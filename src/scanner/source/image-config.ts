import { RampartError } from '../../runtime/errors.js';
import type { ImageConfig, LayerCompression, LayerDescriptor, Platform } from './contracts.js';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

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
    mt === MEDIA.ociIndex || mt === MEDIA.dockerList || (!mt && Array.isArray(doc.manifests) && !doc.layers)
  );
}

export function compressionOf(mediaType: string | undefined): LayerCompression {
  if (!mediaType) return 'gzip';
  if (/zstd/.test(mediaType)) return 'zstd';
  if (/gzip/.test(mediaType)) return 'gzip';
  return 'none';
}

const formatPlatform = (p: Platform) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;

/** Parse `os/arch[/variant]`. */
export function parsePlatform(s: string): Platform {
  const parts = s.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) {
    throw new RampartError(
      'SOURCE_PLATFORM_INVALID',
      `platform "${s}" must look like os/arch or os/arch/variant (e.g. linux/amd64, linux/arm64/v8)`,
    );
  }
  return { os: parts[0]!, architecture: parts[1]!, ...(parts[2] ? { variant: parts[2] } : {}) };
}

function normVariant(p: Platform): string {
  if (p.architecture === 'arm64') return !p.variant || p.variant === 'v8' ? '' : p.variant;
  if (p.architecture === 'arm') return p.variant ?? 'v7';
  return p.variant ?? '';
}

/** Choose the manifest for a platform from an index; the error lists what the index offers. */
export function choosePlatform(manifests: Descriptor[], want: Platform, what: string): Descriptor {
  const found = manifests.find(
    (m) =>
      m.platform &&
      m.platform.os === want.os &&
      m.platform.architecture === want.architecture &&
      normVariant(m.platform) === normVariant(want),
  );
  if (found) return found;
  const offered = manifests
    .filter((m) => m.platform && m.platform.architecture !== 'unknown')
    .map((m) => formatPlatform(m.platform!));
  throw new RampartError(
    'SOURCE_PLATFORM_NOT_FOUND',
    `${what} has no image for platform ${formatPlatform(want)}; it offers: ${offered.join(', ') || 'none'} (choose one with --platform)`,
  );
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
    mediaType: l.mediaType ?? MEDIA.dockerLayer,
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
