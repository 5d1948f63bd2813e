import { createReadStream, existsSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { RampartError, describeError } from '../../../runtime/errors.js';
import {
  LAYER_READ_CHUNK_BYTES,
  type ImageConfig,
  type ImageSource,
  type Platform,
  type ResolvedImage,
} from '../contracts.js';
import {
  describeLayers,
  isIndex,
  parseJsonDoc,
  platformOf,
  type Descriptor,
  type ManifestDoc,
} from '../image-config.js';
import { DEFAULT_PLATFORM, formatPlatform, samePlatform, selectPlatform } from '../select-platform.js';
import { digestVerifier, parseDigest, verifyBlob } from '../verify-digest.js';

const REF_NAME = 'org.opencontainers.image.ref.name';

/** `oci:DIR[:REF]`, or a directory holding an `oci-layout` file. */
export function parseOciReference(ref: string): { dir: string; tag?: string } {
  let body = ref.startsWith('oci:') ? ref.slice(4) : ref;
  let tag: string | undefined;
  if (!existsSync(body)) {
    const colon = body.lastIndexOf(':');
    if (colon > 0) {
      tag = body.slice(colon + 1);
      body = body.slice(0, colon);
    }
  }
  return { dir: resolve(body), ...(tag ? { tag } : {}) };
}

/** An OCI image layout directory (image-spec "image-layout.md"): index.json → manifest → blobs. */
export const ociLayoutSource = {
  name: 'oci-layout',
  accepts(reference: string): boolean {
    if (reference.startsWith('oci:')) return true;
    try {
      return statSync(reference).isDirectory() && existsSync(join(reference, 'oci-layout'));
    } catch {
      return false;
    }
  },
  async resolve(reference, options, ctx): Promise<ResolvedImage> {
    const { dir, tag } = parseOciReference(reference);
    const what = `OCI layout ${dir}`;
    if (!existsSync(join(dir, 'oci-layout')) || !existsSync(join(dir, 'index.json'))) {
      throw new RampartError(
        'SOURCE_NOT_FOUND',
        `${what} is not an OCI image layout (no oci-layout/index.json file)`,
      );
    }
    const readBlob = async (d: Descriptor, label: string): Promise<Buffer> => {
      const { algorithm, hex } = parseDigest(d.digest, label);
      if (d.size > ctx.limits.maxManifestBytes) {
        throw new RampartError(
          'SOURCE_MANIFEST_TOO_LARGE',
          `${label} is ${d.size} bytes, over the ${ctx.limits.maxManifestBytes}-byte limit`,
        );
      }
      let data: Buffer;
      try {
        data = await readFile(join(dir, 'blobs', algorithm, hex));
      } catch (err: unknown) {
        throw new RampartError(
          'SOURCE_BLOB_MISSING',
          `${label} ${d.digest} is missing from ${what}: ${describeError(err)}`,
        );
      }
      verifyBlob(data, d.digest, label);
      return data;
    };
    const index = parseJsonDoc<ManifestDoc>(await readFile(join(dir, 'index.json')), `${what}/index.json`);
    const entries = index.manifests ?? [];
    let desc: Descriptor | undefined;
    if (tag) {
      desc = entries.find(
        (m) =>
          m.annotations?.[REF_NAME] === tag ||
          m.annotations?.['io.containerd.image.name']?.endsWith(`:${tag}`),
      );
      if (!desc) {
        const refs = entries.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
        throw new RampartError(
          'SOURCE_NOT_FOUND',
          `${what} has no image named "${tag}"; it has: ${refs.join(', ') || 'no named images'}`,
        );
      }
    } else if (entries.length === 1) {
      desc = entries[0];
    } else {
      const refs = entries.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
      throw new RampartError(
        'SOURCE_AMBIGUOUS',
        `${what} holds ${entries.length} images; name one with oci:${dir}:REF (refs: ${refs.join(', ')})`,
      );
    }
    const platform: Platform = options.platform ?? DEFAULT_PLATFORM;
    let manifestDesc = desc!;
    let manifest = parseJsonDoc<ManifestDoc>(await readBlob(manifestDesc, 'manifest'), 'manifest');
    let unlabelled = false;
    for (let depth = 0; isIndex(manifest, manifestDesc.mediaType); depth++) {
      if (depth > 4)
        throw new RampartError('SOURCE_MANIFEST_INVALID', `${what}: image indexes nest too deeply`);
      manifestDesc = selectPlatform(manifest.manifests ?? [], platform, what);
      unlabelled = !manifestDesc.platform?.os && !manifestDesc.platform?.architecture;
      manifest = parseJsonDoc<ManifestDoc>(await readBlob(manifestDesc, 'manifest'), 'manifest');
    }
    if (!manifest.config)
      throw new RampartError('SOURCE_MANIFEST_INVALID', `${what}: manifest has no config`);
    const config = parseJsonDoc<ImageConfig>(await readBlob(manifest.config, 'image config'), 'image config');
    if (unlabelled && !samePlatform(platformOf(config), platform)) {
      // the index entry stated no platform, and its config says it is not the wanted one
      throw new RampartError(
        'SOURCE_PLATFORM_NOT_FOUND',
        `${what} has no ${formatPlatform(platform)} image; its only candidate is ${formatPlatform(platformOf(config))}. Pass --platform with that platform`,
      );
    }
    const layers = describeLayers(manifest, config, what);
    const refName = desc!.annotations?.[REF_NAME];
    return {
      reference: `oci:${dir}${refName ? `:${refName}` : ''}`,
      sourceKind: 'oci-layout',
      manifestDigest: manifestDesc.digest,
      manifestMediaType: manifest.mediaType ?? manifestDesc.mediaType,
      configDigest: manifest.config.digest,
      config,
      platform: platformOf(config),
      layers,
      ...(refName ? { repoTags: [refName] } : {}),
      async openLayer(i) {
        const l = layers[i]!;
        const { algorithm, hex } = parseDigest(l.digest!, `layer ${i}`);
        const path = join(dir, 'blobs', algorithm, hex);
        const fh = await open(path, 'r').catch((err: unknown) => {
          throw new RampartError(
            'SOURCE_BLOB_MISSING',
            `layer ${i} ${l.digest} is missing from ${what}: ${describeError(err)}`,
          );
        });
        await fh.close();
        const verifier = digestVerifier(l.digest!, l.size, `layer ${i} blob ${l.digest}`);
        const file = createReadStream(path, { highWaterMark: LAYER_READ_CHUNK_BYTES });
        file.on('error', (e) => verifier.destroy(e));
        return file.pipe(verifier);
      },
      async close() {},
    };
  },
} satisfies ImageSource;
