import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

import { RampartError } from '../../runtime/errors.js';

const DIGEST = /^(sha256|sha512):([a-f0-9]+)$/;

/** Split and check an OCI digest string; throws SOURCE_DIGEST_INVALID. */
export function parseDigest(digest: string, what: string): { algorithm: 'sha256' | 'sha512'; hex: string } {
  const m = DIGEST.exec(digest);
  if (!m || (m[1] === 'sha256' && m[2]!.length !== 64) || (m[1] === 'sha512' && m[2]!.length !== 128)) {
    throw new RampartError('SOURCE_DIGEST_INVALID', `${what} has an invalid digest "${digest}"`);
  }
  return { algorithm: m[1] as 'sha256' | 'sha512', hex: m[2]! };
}

export function digestOf(data: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** Check a small blob read whole (manifest, config) against its digest. */
export function verifyBlob(data: Buffer, digest: string, what: string): void {
  const { algorithm } = parseDigest(digest, what);
  const actual = digestOf(data, algorithm);
  if (actual !== digest) {
    throw new RampartError(
      'SOURCE_DIGEST_MISMATCH',
      `${what} has digest ${actual} but ${digest} was expected; the image is corrupt or was tampered with`,
    );
  }
}

/**
 * A pass-through that hashes a blob while it streams and fails at the end (before the consumer
 * sees the end of the stream) when the digest or the declared size does not match.
 */
export function digestVerifier(digest: string, size: number, what: string): Transform {
  const { algorithm } = parseDigest(digest, what);
  const hash = createHash(algorithm);
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb: TransformCallback) {
      seen += chunk.length;
      if (size >= 0 && seen > size) {
        return cb(
          new RampartError(
            'SOURCE_SIZE_MISMATCH',
            `${what} is longer than the ${size} bytes its descriptor declares`,
          ),
        );
      }
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      if (size >= 0 && seen !== size) {
        return cb(
          new RampartError(
            'SOURCE_SIZE_MISMATCH',
            `${what} has ${seen} bytes but its descriptor declares ${size}`,
          ),
        );
      }
      const actual = `${algorithm}:${hash.digest('hex')}`;
      if (actual !== digest) {
        return cb(
          new RampartError(
            'SOURCE_DIGEST_MISMATCH',
            `${what} has digest ${actual} but ${digest} was expected; the image is corrupt or was tampered with`,
          ),
        );
      }
      cb();
    },
  });
}
