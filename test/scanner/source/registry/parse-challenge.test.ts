import assert from 'node:assert/strict';

import { parseChallenges } from '../../../../src/scanner/source/registry/parse-challenge.js';

describe('parseChallenges', () => {
  it('reads a Docker Hub Bearer challenge', () => {
    assert.deepEqual(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/nginx:pull',
          },
        },
      ],
    );
  });

  it('keeps commas inside quoted values and unescapes backslashes', () => {
    const [c] = parseChallenges(
      'Bearer realm="https://a/token", scope="repository:x:pull,push", error="a \\"b\\" c"',
    );
    assert.equal(c!.params.scope, 'repository:x:pull,push');
    assert.equal(c!.params.error, 'a "b" c');
    assert.equal(c!.params.realm, 'https://a/token');
  });

  it('splits several challenges in one header and across headers', () => {
    const got = parseChallenges(['Basic realm="r1", Bearer realm="https://t/token",service=s', 'Negotiate']);
    assert.deepEqual(
      got.map((c) => [c.scheme, c.params]),
      [
        ['basic', { realm: 'r1' }],
        ['bearer', { realm: 'https://t/token', service: 's' }],
        ['negotiate', {}],
      ],
    );
  });

  it('is case-insensitive for schemes and parameter names, and accepts unquoted URLs', () => {
    const [c] = parseChallenges('BEARER Realm=https://x/token , Service = reg');
    assert.deepEqual(c, { scheme: 'bearer', params: { realm: 'https://x/token', service: 'reg' } });
  });

  it('returns nothing for an absent or empty header', () => {
    assert.deepEqual(parseChallenges(undefined), []);
    assert.deepEqual(parseChallenges(''), []);
  });
});
