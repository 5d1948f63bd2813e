import type { IndexReport } from '../../model/index-report.js';
import type { ResolveOptions } from '../source/contracts.js';
import { normalizeReference, pickSource } from '../source/sources.js';
import { indexImage, type IndexContext, type IndexOptions } from './indexer.js';

/**
 * The whole Indexer for one reference: pick the source (registry, archive, OCI layout,
 * rootfs), resolve the image for the platform, index it, release the source.
 */
export async function indexReference(
  reference: string,
  options: IndexOptions & { resolve?: ResolveOptions },
  ctx: IndexContext,
): Promise<IndexReport> {
  const source = pickSource(reference);
  const image = await source.resolve(normalizeReference(reference), options.resolve ?? {}, ctx);
  try {
    return await indexImage(image, options, ctx);
  } finally {
    await image.close();
  }
}
