import { Readable } from 'node:stream';

import type { Dispatcher } from 'undici';

import { RampartError } from '../../../runtime/errors.js';
import type { Logger } from '../../../runtime/log.js';
import { blobDigester, digestMismatchError } from './blob-digest.js';
import type { RegistryClient } from './registry-client.js';
import { isAbortError, oneLineReason } from './registry-errors.js';
import { isRetryableError, retryDelay, sleep, type RetryPolicy } from './retry-policy.js';

export interface BlobRequest {
  client: RegistryClient;
  host: string;
  repository: string;
  digest: string;
  /** Declared size in bytes; -1 when unknown. */
  size: number;
  /** How the blob is named in errors: `layer 2 (sha256:…) of REF`. */
  what: string;
  policy: RetryPolicy;
  log: Logger;
  signal?: AbortSignal;
}

/** Start offset from `Content-Range: bytes START-END/TOTAL`. */
function rangeStart(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  const m = v ? /^bytes\s+(\d+)-\d+\/(?:\d+|\*)$/i.exec(v.trim()) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Opens a blob as stored (still compressed) as one byte stream. The first request is made
 * before this resolves, so a missing blob or refused credentials reject here. While streaming,
 * the bytes are hashed and counted: more bytes than declared fail at once (SOURCE_SIZE_MISMATCH),
 * and a digest mismatch fails the stream (SOURCE_DIGEST_MISMATCH) before it ends. A connection
 * dropped mid-blob is resumed with `Range: bytes=N-`; a server that answers 200 instead of 206
 * is read again from the start with the first N bytes skipped.
 */
export async function openBlob(req: BlobRequest): Promise<Readable> {
  const digester = blobDigester(req.digest, req.what);
  const path = `/v2/${req.repository}/blobs/${req.digest}`;
  const scope = `repository:${req.repository}:pull`;
  const notFound = () =>
    new RampartError(
      'SOURCE_BLOB_NOT_FOUND',
      `${req.what} is missing from registry ${req.host}; the image is incomplete there`,
    );
  const first = await req.client.get(req.host, path, { scope, notFound, signal: req.signal });

  async function* chunks(): AsyncGenerator<Buffer> {
    let res: Dispatcher.ResponseData = first;
    let received = 0;
    let skip = 0;
    for (let resumes = 0; ;) {
      try {
        for await (const chunk of res.body) {
          let buf = chunk as Buffer;
          if (skip > 0) {
            if (buf.length <= skip) {
              skip -= buf.length;
              continue;
            }
            buf = buf.subarray(skip);
            skip = 0;
          }
          if (req.size >= 0 && received + buf.length > req.size) {
            res.body.destroy();
            throw new RampartError(
              'SOURCE_SIZE_MISMATCH',
              `${req.what} is longer than the ${req.size} bytes its descriptor declares; the content was refused`,
            );
          }
          received += buf.length;
          digester.update(buf);
          yield buf;
        }
        if (skip > 0)
          throw Object.assign(new Error('blob response ended before the resume offset'), {
            code: 'ECONNRESET',
          });
        if (req.size < 0 || received === req.size) break;
        throw Object.assign(new Error(`blob response ended after ${received} of ${req.size} bytes`), {
          code: 'ECONNRESET',
        });
      } catch (err) {
        if (err instanceof RampartError || isAbortError(err)) throw err;
        if (resumes >= req.policy.retries || !isRetryableError(err)) {
          throw new RampartError(
            'SOURCE_REGISTRY_UNREACHABLE',
            `download of ${req.what} from ${req.host} failed after ${received} of ${req.size >= 0 ? req.size : '?'} bytes: ${oneLineReason(err)}`,
            { cause: err },
          );
        }
        const wait = retryDelay(req.policy, resumes);
        resumes++;
        req.log.debug('blob download resume', {
          digest: req.digest,
          offset: received,
          attempt: resumes,
          waitMs: wait,
        });
        await sleep(wait, req.signal);
        res = await req.client.get(req.host, path, {
          scope,
          notFound,
          rangeStart: received,
          signal: req.signal,
        });
        skip = received;
        if (res.statusCode === 206 && received > 0) {
          const start = rangeStart(res.headers['content-range']);
          if (start === undefined || start > received) {
            res.body.destroy();
            throw new RampartError(
              'SOURCE_REGISTRY_HTTP',
              `registry ${req.host} answered a resume request for ${req.what} with an unusable Content-Range`,
            );
          }
          skip = received - start;
        }
      }
    }
    const actual = digester.digest();
    if (actual !== req.digest) throw digestMismatchError(req.what, req.digest, actual);
  }

  const stream = Readable.from(chunks(), { objectMode: false });
  // A stream destroyed before its first read never starts the generator: release the response.
  stream.once('close', () => first.body.destroy());
  return stream;
}
