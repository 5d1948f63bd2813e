import { createHash } from 'node:crypto';

import { RampartError } from '../../../runtime/errors.js';
import { parseDigest } from '../verify-digest.js';

/** A running hash for checking bytes against an expected digest. */
export interface BlobDigester {
  update(chunk: Buffer): void;
  /** The digest of everything seen, `algorithm:hex`. */
  digest(): string;
}

/**
 * A hasher for `expected` (`sha256:…` or `sha512:…`); a malformed or unsupported digest is
 * refused (SOURCE_DIGEST_INVALID) before anything is downloaded.
 */
export function blobDigester(expected: string, what: string): BlobDigester {
  const { algorithm } = parseDigest(expected, what);
  const hash = createHash(algorithm);
  return {
    update: (chunk) => void hash.update(chunk),
    digest: () => `${algorithm}:${hash.digest('hex')}`,
  };
}

export function digestMismatchError(what: string, expected: string, actual: string): RampartError {
  return new RampartError(
    'SOURCE_DIGEST_MISMATCH',
    `${what}: the registry sent bytes with digest ${actual}, but ${expected} was expected; ` +
      'the content was refused (corrupted in transit or tampered with)',
  );
}
