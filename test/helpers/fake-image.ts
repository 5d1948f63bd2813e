/**
 * Builds image pieces for the fake registry: layer blobs in each compression, configs with
 * diff-ids and history, OCI / Docker schema 2 manifests and indexes. Everything is made in
 * memory by the test, so each test states exactly which bytes a registry serves.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export type Compression = 'gzip' | 'zstd' | 'none';
export type ManifestFormat = 'oci' | 'docker';

export const sha256 = (b: Buffer | string): string =>
  `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A valid zstd frame made of raw (stored) blocks: real zstd, without needing a compressor. */
export function zstdRawFrame(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from([0x00, 0x38])]; // magic, FHD, window 128 KiB
  const max = 128 * 1024;
  let offset = 0;
  do {
    const block = data.subarray(offset, offset + max);
    offset += block.length;
    const last = offset >= data.length ? 1 : 0;
    const header = (block.length << 3) | (0 << 1) | last; // raw block
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block);
  } while (offset < data.length);
  return Buffer.concat(parts);
}

const LAYER_TYPES: Record<ManifestFormat, Record<Compression, string>> = {
  oci: {
    gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    none: 'application/vnd.oci.image.layer.v1.tar',
  },
  docker: {
    gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    zstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
    none: 'application/vnd.docker.image.rootfs.diff.tar',
  },
};

export interface FakeLayer {
  /** Uncompressed content (the diff). */
  content: Buffer;
  /** Bytes as stored in the registry. */
  blob: Buffer;
  digest: string;
  diffId: string;
  compression: Compression;
}

export function fakeLayer(content: Buffer | string, compression: Compression = 'gzip'): FakeLayer {
  const raw = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const blob = compression === 'gzip' ? gzipSync(raw) : compression === 'zstd' ? zstdRawFrame(raw) : raw;
  return { content: raw, blob, digest: sha256(blob), diffId: sha256(raw), compression };
}

export interface FakeImage {
  format: ManifestFormat;
  layers: FakeLayer[];
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
  manifestMediaType: string;
}

/** An image manifest + config for `layers` (history gets one empty_layer entry mixed in). */
export function fakeImage(
  layers: FakeLayer[],
  opts: {
    format?: ManifestFormat;
    os?: string;
    architecture?: string;
    variant?: string;
    /** Rewrites the config object before it is serialised (for malformed-config tests). */
    editConfig?: (config: Record<string, unknown>) => void;
  } = {},
): FakeImage {
  const format = opts.format ?? 'oci';
  const history = [
    { created_by: '/bin/sh -c #(nop) ENV A=1', empty_layer: true },
    ...layers.map((_, i) => ({ created_by: `RUN step ${i}` })),
  ];
  const configDoc: Record<string, unknown> = {
    architecture: opts.architecture ?? 'amd64',
    os: opts.os ?? 'linux',
    ...(opts.variant ? { variant: opts.variant } : {}),
    config: { Env: ['PATH=/usr/bin'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history,
  };
  opts.editConfig?.(configDoc);
  const config = Buffer.from(JSON.stringify(configDoc));
  const manifestMediaType =
    format === 'oci'
      ? 'application/vnd.oci.image.manifest.v1+json'
      : 'application/vnd.docker.distribution.manifest.v2+json';
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: {
        mediaType:
          format === 'oci'
            ? 'application/vnd.oci.image.config.v1+json'
            : 'application/vnd.docker.container.image.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: layers.map((l) => ({
        mediaType: LAYER_TYPES[format][l.compression],
        digest: l.digest,
        size: l.blob.length,
      })),
    }),
  );
  return {
    format,
    layers,
    config,
    configDigest: sha256(config),
    manifest,
    manifestDigest: sha256(manifest),
    manifestMediaType,
  };
}

export interface FakeIndex {
  bytes: Buffer;
  digest: string;
  mediaType: string;
}

/** An OCI index or Docker manifest list over `images`, each with the platform from its config. */
export function fakeIndex(
  entries: { image: FakeImage; os: string; architecture: string; variant?: string }[],
  format: ManifestFormat = 'oci',
  extra: object[] = [],
): FakeIndex {
  const mediaType =
    format === 'oci'
      ? 'application/vnd.oci.image.index.v1+json'
      : 'application/vnd.docker.distribution.manifest.list.v2+json';
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: [
        ...entries.map((e) => ({
          mediaType: e.image.manifestMediaType,
          digest: e.image.manifestDigest,
          size: e.image.manifest.length,
          platform: { os: e.os, architecture: e.architecture, ...(e.variant ? { variant: e.variant } : {}) },
        })),
        ...extra,
      ],
    }),
  );
  return { bytes, digest: sha256(bytes), mediaType };
}
