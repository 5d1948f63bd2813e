import { createHash, type Hash } from 'node:crypto';

import { RampartError } from '../../../runtime/errors.js';

const ALGORITHMS: Record<string, { node: string; hexLength: number }> = {
  sha256: { node: 'sha256', hexLength: 64 },
  sha512: { node: 'sha512', hexLength: 128 },
};

/** A running hash for checking bytes against `expected` (`sha256:…`). */
export interface BlobDigester {
  update(chunk: Buffer): void;
  /** The digest of everything seen, `algorithm:hex`. */
  digest(): string;
}

/** Splits and checks a digest; unsupported or malformed digests are refused before any download. */
export function blobDigester(expected: string, what: string): BlobDigester {
  const colon = expected.indexOf(':');
  const algorithm = colon > 0 ? expected.slice(0, colon) : '';
  const spec = ALGORITHMS[algorithm];
  const hex = expected.slice(colon + 1);
  if (!spec) {
    throw new RampartError(
      'SOURCE_DIGEST_UNSUPPORTED',
      `${what} has digest "${expected}" with an algorithm Rampart cannot verify (sha256 and sha512 are supported)`,
    );
  }
  if (hex.length !== spec.hexLength || !/^[0-9a-f]+$/.test(hex)) {
    throw new RampartError('SOURCE_MANIFEST_INVALID', `${what} has a malformed digest "${expected}"`);
  }
  const hash: Hash = createHash(spec.node);
  return {
    update: (chunk) => void hash.update(chunk),
    digest: () => `${algorithm}:${hash.digest('hex')}`,
  };
}

/** sha256 digest of a whole buffer. */
export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function digestMismatchError(what: string, expected: string, actual: string): RampartError {
  return new RampartError(
    'SOURCE_DIGEST_MISMATCH',
    `${what}: the registry sent bytes with digest ${actual}, but ${expected} was expected; ` +
      'the content was refused (corrupted in transit or tampered with)',
  );
}
