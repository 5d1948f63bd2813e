import type { Dispatcher } from 'undici';

import { RampartError } from '../../../runtime/errors.js';
import { digestOf } from '../verify-digest.js';
import { blobDigester, digestMismatchError } from './blob-digest.js';

export interface VerifiedDocument {
  bytes: Buffer;
  /** Digest of the bytes: the expected one when given (and matched), else sha256. */
  digest: string;
}

/**
 * Reads a small registry document (manifest, index, config) into memory, refusing more than
 * `maxBytes` (or the descriptor's size) and bytes whose digest is not `expectedDigest`.
 */
export async function readVerifiedDocument(
  res: Dispatcher.ResponseData,
  opts: { what: string; maxBytes: number; expectedDigest?: string; expectedSize?: number },
): Promise<VerifiedDocument> {
  const { what, maxBytes } = opts;
  const limit =
    opts.expectedSize !== undefined && opts.expectedSize >= 0
      ? Math.min(maxBytes, opts.expectedSize)
      : maxBytes;
  const tooLarge = (n: string) =>
    opts.expectedSize !== undefined && opts.expectedSize >= 0 && opts.expectedSize <= maxBytes
      ? new RampartError(
          'SOURCE_SIZE_MISMATCH',
          `${what} is larger than the ${opts.expectedSize} bytes its descriptor declares (${n})`,
        )
      : new RampartError(
          'SOURCE_MANIFEST_TOO_LARGE',
          `${what} is larger than the ${maxBytes}-byte limit for manifests and configs (${n}); raise limits.maxManifestBytes if the image is legitimate`,
        );
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body.dump().catch(() => {});
    throw tooLarge(`Content-Length ${declared}`);
  }
  const digester = opts.expectedDigest ? blobDigester(opts.expectedDigest, what) : undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > limit) {
      res.body.destroy();
      throw tooLarge(`more than ${limit} bytes received`);
    }
    digester?.update(buf);
    chunks.push(buf);
  }
  const bytes = Buffer.concat(chunks);
  if (opts.expectedSize !== undefined && opts.expectedSize >= 0 && total !== opts.expectedSize) {
    throw new RampartError(
      'SOURCE_SIZE_MISMATCH',
      `${what} is ${total} bytes, but its descriptor declares ${opts.expectedSize}`,
    );
  }
  if (digester && opts.expectedDigest) {
    const actual = digester.digest();
    if (actual !== opts.expectedDigest) throw digestMismatchError(what, opts.expectedDigest, actual);
    return { bytes, digest: actual };
  }
  return { bytes, digest: digestOf(bytes) };
}
