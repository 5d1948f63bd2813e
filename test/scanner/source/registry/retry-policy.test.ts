import assert from 'node:assert/strict';

import {
  isRetryableError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  retryPolicy,
} from '../../../../src/scanner/source/registry/retry-policy.js';

describe('retry policy', () => {
  it('defaults to 3 retries and clamps nonsense', () => {
    assert.equal(retryPolicy({}).retries, 3);
    assert.equal(retryPolicy({ retries: -2 }).retries, 0);
    assert.equal(retryPolicy({ retries: 1.7, retryDelayMs: 10 }).retries, 1);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { ...retryPolicy({ retryDelayMs: 100 }), random: () => 0.999999 };
    assert.deepEqual(
      [0, 1, 2, 3].map((a) => retryDelay(policy, a)),
      [99, 199, 399, 799],
    );
    assert.equal(retryDelay({ ...policy, random: () => 0 }, 5), 0);
    assert.equal(retryDelay(policy, 30), policy.maxDelayMs - 1);
  });

  it('honours Retry-After over the backoff, capped at the maximum', () => {
    const policy = retryPolicy({ retryDelayMs: 1 });
    assert.equal(retryDelay(policy, 0, 2000), 2000);
    assert.equal(retryDelay(policy, 0, 3_600_000), policy.maxDelayMs);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('Tue, 24 Nov 2026 05:00:00 GMT');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(['0'], now), 0);
    assert.equal(parseRetryAfter('Tue, 24 Nov 2026 05:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Tue, 24 Nov 2026 04:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('retries 5xx, 429 and 408 only', () => {
    assert.deepEqual([500, 502, 503, 504, 429, 408].map(isRetryableStatus), [
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    assert.deepEqual([400, 401, 403, 404, 416, 501].map(isRetryableStatus), [
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('retries resets and timeouts, also when wrapped', () => {
    assert.equal(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), true);
    assert.equal(isRetryableError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })), true);
    assert.equal(
      isRetryableError(new Error('outer', { cause: Object.assign(new Error('i'), { code: 'ETIMEDOUT' }) })),
      true,
    );
    assert.equal(isRetryableError(Object.assign(new Error('x'), { code: 'ENOTFOUND' })), false);
    assert.equal(
      isRetryableError(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' })),
      false,
    );
  });
});
