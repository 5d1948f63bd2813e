import { RampartError } from '../../../runtime/errors.js';
import type { Limits } from '../../../runtime/limits.js';
import type { Logger } from '../../../runtime/log.js';
import { parseDigest } from '../verify-digest.js';
import { MANIFEST_ACCEPT, manifestKind, type ManifestKind } from '../media-types.js';
import type { ImageReference } from './parse-reference.js';
import { readVerifiedDocument } from './read-verified-document.js';
import type { RegistryClient } from './registry-client.js';

export interface FetchedManifest {
  bytes: Buffer;
  digest: string;
  /** The document's `mediaType`, else the response's Content-Type. */
  mediaType?: string;
  kind: ManifestKind;
  doc: Record<string, unknown>;
}

export interface ManifestRequest {
  client: RegistryClient;
  ref: ImageReference;
  /** Tag or digest to fetch. */
  target: string;
  /** When fetched by digest: the digest the bytes must have. */
  expectedDigest?: string;
  expectedSize?: number;
  limits: Limits;
  log: Logger;
  signal?: AbortSignal;
}

/** GETs a manifest or index, bounded by limits.maxManifestBytes and verified when pinned by digest. */
export async function fetchManifest(req: ManifestRequest): Promise<FetchedManifest> {
  const { ref } = req;
  const what = req.expectedDigest
    ? `manifest ${req.expectedDigest} of ${ref.normalized}`
    : `manifest of ${ref.normalized}`;
  if (req.expectedDigest) parseDigest(req.expectedDigest, what); // before it becomes part of a URL
  const res = await req.client.get(ref.apiHost, `/v2/${ref.repository}/manifests/${req.target}`, {
    scope: `repository:${ref.repository}:pull`,
    accept: MANIFEST_ACCEPT,
    signal: req.signal,
    notFound: () =>
      new RampartError(
        'SOURCE_IMAGE_NOT_FOUND',
        `image ${ref.normalized} not found in ${ref.registry}; check the repository, tag or digest`,
      ),
  });
  const contentType = res.headers['content-type'];
  const headerDigest = res.headers['docker-content-digest'];
  const { bytes, digest } = await readVerifiedDocument(res, {
    what,
    maxBytes: req.limits.maxManifestBytes,
    expectedDigest: req.expectedDigest,
    expectedSize: req.expectedSize,
  });
  if (typeof headerDigest === 'string' && headerDigest.startsWith('sha256:') && headerDigest !== digest) {
    req.log.debug('manifest digest header differs', {
      reference: ref.normalized,
      header: headerDigest,
      computed: digest,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RampartError('SOURCE_MANIFEST_INVALID', `${what} is not JSON`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new RampartError('SOURCE_MANIFEST_INVALID', `${what} is not a JSON object`);
  }
  const record = doc as Record<string, unknown>;
  const ct = typeof contentType === 'string' ? contentType : undefined;
  const mediaType = typeof record.mediaType === 'string' ? record.mediaType : ct?.split(';')[0]?.trim();
  return { bytes, digest, mediaType, kind: manifestKind(record, ct), doc: record };
}
