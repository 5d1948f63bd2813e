/**
 * Writes FakeImages (test/helpers/fake-image.ts) to disk in the forms users hand Rampart: an
 * OCI image layout directory, a `docker save` archive, and a flattened root filesystem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { buildTar, type TarEntry } from './tar-builder.js';
import type { FakeImage, FakeIndex } from './fake-image.js';

function putBlob(dir: string, digest: string, data: Buffer): void {
  const [alg, hex] = digest.split(':') as [string, string];
  mkdirSync(join(dir, 'blobs', alg), { recursive: true });
  writeFileSync(join(dir, 'blobs', alg, hex), data);
}

/** OCI layout with each image under its ref name (and an optional index for multi-platform). */
export function writeOciLayout(
  dir: string,
  images: { ref?: string; image: FakeImage }[],
  index?: { ref?: string; index: FakeIndex; members: FakeImage[] },
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const manifests: object[] = [];
  const store = (img: FakeImage) => {
    putBlob(dir, img.manifestDigest, img.manifest);
    putBlob(dir, img.configDigest, img.config);
    for (const l of img.layers) putBlob(dir, l.digest, l.blob);
  };
  for (const { ref, image } of images) {
    store(image);
    manifests.push({
      mediaType: image.manifestMediaType,
      digest: image.manifestDigest,
      size: image.manifest.length,
      ...(ref ? { annotations: { 'org.opencontainers.image.ref.name': ref } } : {}),
    });
  }
  if (index) {
    for (const m of index.members) store(m);
    putBlob(dir, index.index.digest, index.index.bytes);
    manifests.push({
      mediaType: index.index.mediaType,
      digest: index.index.digest,
      size: index.index.bytes.length,
      ...(index.ref ? { annotations: { 'org.opencontainers.image.ref.name': index.ref } } : {}),
    });
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}

/** `docker save` layout: manifest.json + <config hex>.json + <diff hex>/layer.tar (uncompressed). */
export async function writeDockerArchive(
  file: string,
  images: { tags: string[]; image: FakeImage }[],
): Promise<void> {
  const entries: TarEntry[] = [];
  const manifest: object[] = [];
  for (const { tags, image } of images) {
    const cfgName = `${image.configDigest.slice(7)}.json`;
    entries.push({ name: cfgName, data: image.config });
    const layerNames = image.layers.map((l) => `${l.diffId.slice(7)}/layer.tar`);
    image.layers.forEach((l, i) => entries.push({ name: layerNames[i]!, data: l.content }));
    manifest.push({ Config: cfgName, RepoTags: tags, Layers: layerNames });
  }
  entries.unshift({ name: 'manifest.json', data: JSON.stringify(manifest) });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await buildTar(entries));
}

/** A flattened root filesystem from path → content. */
export function writeRootfs(dir: string, files: Record<string, string | Buffer>): void {
  for (const [p, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), data);
  }
}
