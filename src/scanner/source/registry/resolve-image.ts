import { RampartError } from '../../../runtime/errors.js';
import type {
  ImageConfig,
  LayerDescriptor,
  Platform,
  ResolvedImage,
  ResolveOptions,
  SourceContext,
} from '../contracts.js';
import { parseDigest } from '../verify-digest.js';
import { dockerConfigCredentials, type Credentials } from './docker-config-credentials.js';
import { fetchManifest, type FetchedManifest } from './fetch-manifest.js';
import {
  ImageIndexSchema,
  ImageManifestSchema,
  parseDocument,
  type ImageManifest,
} from './manifest-schema.js';
import { DOCKER_CONFIG, OCI_CONFIG, layerCompression } from '../media-types.js';
import { openBlob } from './open-blob.js';
import { parseReference, type ImageReference } from './parse-reference.js';
import { readVerifiedDocument } from './read-verified-document.js';
import { RegistryClient } from './registry-client.js';
import { retryPolicy } from './retry-policy.js';
import { DEFAULT_PLATFORM, formatPlatform, samePlatform, selectPlatform } from '../select-platform.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Indexes may nest (an index pointing at an index); deeper than this is refused. */
const MAX_INDEX_DEPTH = 4;

async function credentialsFor(
  ref: ImageReference,
  options: ResolveOptions,
  ctx: SourceContext,
): Promise<Credentials | undefined> {
  if (options.username !== undefined && options.username !== '') {
    return { username: options.username, password: options.password ?? '' };
  }
  if (options.dockerConfigPath)
    return dockerConfigCredentials(options.dockerConfigPath, ref.registry, ctx.log);
  return undefined;
}

/** Follows indexes down to one image manifest for the wanted platform. */
async function imageManifest(
  client: RegistryClient,
  ref: ImageReference,
  wanted: Platform,
  ctx: SourceContext,
): Promise<{ fetched: FetchedManifest; manifest: ImageManifest; viaIndex: boolean; unlabelled: boolean }> {
  const base = { client, ref, limits: ctx.limits, log: ctx.log, signal: ctx.signal };
  let fetched = await fetchManifest({ ...base, target: ref.digest ?? ref.tag!, expectedDigest: ref.digest });
  let viaIndex = false;
  let unlabelled = false;
  for (let depth = 0; fetched.kind === 'index'; depth++) {
    viaIndex = true;
    if (depth >= MAX_INDEX_DEPTH) {
      throw new RampartError(
        'SOURCE_MANIFEST_INVALID',
        `image ${ref.normalized} nests indexes more than ${MAX_INDEX_DEPTH} deep`,
      );
    }
    const index = parseDocument(ImageIndexSchema, fetched.doc, `index of ${ref.normalized}`);
    const entry = selectPlatform(index.manifests, wanted, ref.normalized);
    unlabelled = !entry.platform?.os && !entry.platform?.architecture;
    ctx.log.debug('registry platform selected', { reference: ref.normalized, digest: entry.digest });
    fetched = await fetchManifest({
      ...base,
      target: entry.digest,
      expectedDigest: entry.digest,
      expectedSize: entry.size,
    });
  }
  if (fetched.kind === 'schema1') {
    throw new RampartError(
      'SOURCE_MANIFEST_UNSUPPORTED',
      `image ${ref.normalized} has a Docker schema 1 manifest, which Rampart does not read; ` +
        're-push it with a current Docker or skopeo (schema 2 or OCI)',
    );
  }
  if (fetched.kind !== 'manifest') {
    throw new RampartError(
      'SOURCE_MANIFEST_UNSUPPORTED',
      `${ref.normalized} is not a container image (manifest media type ${fetched.mediaType ?? 'unknown'})`,
    );
  }
  return {
    fetched,
    manifest: parseDocument(ImageManifestSchema, fetched.doc, `manifest of ${ref.normalized}`),
    viaIndex,
    unlabelled,
  };
}

function layersOf(manifest: ImageManifest, config: ImageConfig, reference: string): LayerDescriptor[] {
  const diffIds = config.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds.length !== manifest.layers.length) {
    throw new RampartError(
      'SOURCE_MANIFEST_INVALID',
      `image ${reference}: the manifest lists ${manifest.layers.length} layers but the config has ` +
        `${Array.isArray(diffIds) ? diffIds.length : 'no'} rootfs.diff_ids`,
    );
  }
  const history = (Array.isArray(config.history) ? config.history : []).filter(
    (h) => h && typeof h === 'object' && !h.empty_layer,
  );
  const withHistory = history.length === manifest.layers.length;
  return manifest.layers.map((layer, index) => {
    const mediaType = layer.mediaType ?? '';
    parseDigest(layer.digest, `image ${reference}: layer ${index}`);
    const compression = layerCompression(mediaType);
    if (compression === undefined) {
      throw new RampartError(
        'SOURCE_MEDIA_TYPE_UNSUPPORTED',
        `image ${reference}: layer ${index} has media type "${mediaType}", which is not a gzip, zstd or uncompressed tar layer`,
      );
    }
    const diffId = diffIds[index];
    if (typeof diffId !== 'string') {
      throw new RampartError(
        'SOURCE_MANIFEST_INVALID',
        `image ${reference}: rootfs.diff_ids[${index}] is not a digest string`,
      );
    }
    parseDigest(diffId, `image ${reference}: rootfs.diff_ids[${index}]`);
    const created = withHistory ? history[index]?.created_by : undefined;
    const createdBy = typeof created === 'string' && created !== '' ? created : undefined;
    return {
      index,
      digest: layer.digest,
      diffId,
      mediaType,
      compression,
      size: layer.size,
      ...(createdBy ? { createdBy } : {}),
    };
  });
}

/** Resolves a registry reference to one platform's manifest, config and layer descriptors. */
export async function resolveRegistryImage(
  reference: string,
  options: ResolveOptions,
  ctx: SourceContext,
): Promise<ResolvedImage> {
  const ref = parseReference(reference);
  const credentials = await credentialsFor(ref, options, ctx);
  const policy = retryPolicy(options);
  const client = new RegistryClient({
    credentials,
    insecure: options.insecure === true,
    policy,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    log: ctx.log,
  });
  try {
    const wanted = options.platform ?? DEFAULT_PLATFORM;
    const { fetched, manifest, viaIndex, unlabelled } = await imageManifest(client, ref, wanted, ctx);
    const configType = manifest.config.mediaType ?? OCI_CONFIG;
    if (configType !== OCI_CONFIG && configType !== DOCKER_CONFIG) {
      throw new RampartError(
        'SOURCE_MEDIA_TYPE_UNSUPPORTED',
        `${ref.normalized} is not a container image (config media type ${configType}); it may be another OCI artifact`,
      );
    }
    const configWhat = `config ${manifest.config.digest} of ${ref.normalized}`;
    parseDigest(manifest.config.digest, configWhat);
    const res = await client.get(ref.apiHost, `/v2/${ref.repository}/blobs/${manifest.config.digest}`, {
      scope: `repository:${ref.repository}:pull`,
      signal: ctx.signal,
      notFound: () =>
        new RampartError('SOURCE_BLOB_NOT_FOUND', `${configWhat} is missing from registry ${ref.registry}`),
    });
    const { bytes } = await readVerifiedDocument(res, {
      what: configWhat,
      maxBytes: ctx.limits.maxManifestBytes,
      expectedDigest: manifest.config.digest,
      expectedSize: manifest.config.size,
    });
    let config: ImageConfig;
    try {
      config = JSON.parse(bytes.toString('utf8')) as ImageConfig;
      if (!config || typeof config !== 'object' || Array.isArray(config)) throw new Error('not an object');
    } catch {
      throw new RampartError('SOURCE_MANIFEST_INVALID', `${configWhat} is not a JSON object`);
    }
    const layers = layersOf(manifest, config, ref.normalized);
    const platform: Platform =
      config.os && config.architecture
        ? {
            os: config.os,
            architecture: config.architecture,
            ...(config.variant ? { variant: config.variant } : {}),
          }
        : wanted;
    if (unlabelled && !samePlatform(platform, wanted)) {
      // the index entry stated no platform, and its config says it is not the wanted one
      throw new RampartError(
        'SOURCE_PLATFORM_NOT_FOUND',
        `image ${ref.normalized} has no ${formatPlatform(wanted)} image; its only candidate is ` +
          `${formatPlatform(platform)}. Pass --platform with that platform`,
      );
    }
    if (!viaIndex && options.platform && !samePlatform(platform, wanted)) {
      ctx.log.warn('registry image platform differs', {
        reference: ref.normalized,
        wanted: formatPlatform(wanted),
        image: formatPlatform(platform),
      });
    }
    let closed = false;
    return {
      reference: ref.normalized,
      sourceKind: 'registry',
      manifestDigest: fetched.digest,
      manifestMediaType: fetched.mediaType,
      configDigest: manifest.config.digest,
      config,
      platform,
      layers,
      ...(ref.tag ? { repoTags: [`${ref.registry}/${ref.repository}:${ref.tag}`] } : {}),
      async openLayer(index, layerCtx) {
        const layer = layers[index];
        if (!layer || !layer.digest) {
          throw new RampartError(
            'SOURCE_LAYER_INDEX',
            `image ${ref.normalized} has no layer ${index} (it has ${layers.length})`,
          );
        }
        if (closed)
          throw new RampartError(
            'SOURCE_CLOSED',
            `image ${ref.normalized} was closed; resolve it again to read layers`,
          );
        return openBlob({
          client,
          host: ref.apiHost,
          repository: ref.repository,
          digest: layer.digest,
          size: layer.size,
          what: `layer ${index} (${layer.digest}) of ${ref.normalized}`,
          policy,
          log: layerCtx.log,
          signal: layerCtx.signal,
        });
      },
      async close() {
        if (closed) return;
        closed = true;
        await client.close();
      },
    };
  } catch (err) {
    await client.close().catch(() => {});
    throw err;
  }
}
