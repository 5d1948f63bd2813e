import assert from 'node:assert/strict';

import { isRampartError } from '../../../src/runtime/errors.js';
import {
  normalizePlatform,
  parsePlatform,
  samePlatform,
  selectPlatform,
  type IndexEntry,
} from '../../../src/scanner/source/select-platform.js';

const entry = (n: number, os: string, architecture: string, variant?: string): IndexEntry => ({
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});

describe('platform selection', () => {
  it('normalises as containerd does', () => {
    assert.deepEqual(normalizePlatform({ os: 'Linux', architecture: 'aarch64', variant: 'v8' }), {
      os: 'linux',
      architecture: 'arm64',
    });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm64', variant: '8' }), {
      os: 'linux',
      architecture: 'arm64',
    });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'x86_64' }), {
      os: 'linux',
      architecture: 'amd64',
    });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'amd64', variant: 'v1' }), {
      os: 'linux',
      architecture: 'amd64',
    });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm' }), {
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
    });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'armel' }), {
      os: 'linux',
      architecture: 'arm',
      variant: 'v6',
    });
  });

  const index = [
    entry(1, 'linux', 'amd64'),
    entry(2, 'linux', 'arm', 'v6'),
    entry(3, 'linux', 'arm', 'v7'),
    entry(4, 'linux', 'arm64', 'v8'),
    entry(5, 'windows', 'amd64'),
    {
      ...entry(6, 'unknown', 'unknown'),
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    },
  ];

  it('picks exact matches after normalisation', () => {
    const pick = (os: string, architecture: string, variant?: string) =>
      selectPlatform(index, { os, architecture, ...(variant ? { variant } : {}) }, 'r').digest;
    assert.equal(pick('linux', 'amd64'), index[0]!.digest);
    assert.equal(pick('linux', 'arm64'), index[3]!.digest);
    assert.equal(pick('linux', 'arm64', 'v8'), index[3]!.digest);
    assert.equal(pick('linux', 'arm'), index[2]!.digest, 'arm means arm/v7');
    assert.equal(pick('linux', 'arm', 'v6'), index[1]!.digest);
    assert.equal(pick('windows', 'amd64'), index[4]!.digest);
  });

  it('takes a variant entry when no variant was asked for and no exact entry exists', () => {
    const v2 = [entry(7, 'linux', 'amd64', 'v3'), entry(8, 'linux', 'arm64')];
    assert.equal(selectPlatform(v2, { os: 'linux', architecture: 'amd64' }, 'r').digest, v2[0]!.digest);
    assert.equal(
      selectPlatform(v2, { os: 'linux', architecture: 'arm64', variant: 'v8' }, 'r').digest,
      v2[1]!.digest,
    );
  });

  it('lists what the index has when the platform is absent (attestations left out)', () => {
    assert.throws(
      () => selectPlatform(index, { os: 'linux', architecture: 'ppc64le' }, 'reg/app:1'),
      (e) => {
        assert.ok(isRampartError(e, 'SOURCE_PLATFORM_NOT_FOUND'));
        assert.equal(
          e.message,
          'image reg/app:1 has no linux/ppc64le image; it has linux/amd64, linux/arm/v6, linux/arm/v7, linux/arm64/v8, windows/amd64. Pass --platform with one of those',
        );
        return true;
      },
    );
    assert.throws(
      () => selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v5' }, 'r'),
      (e) => isRampartError(e, 'SOURCE_PLATFORM_NOT_FOUND'),
    );
  });

  it('falls back to an entry that states no platform', () => {
    const bare: IndexEntry = { digest: entry(9, 'x', 'y').digest, size: 1 };
    assert.equal(
      selectPlatform([entry(1, 'linux', 'arm64'), bare], { os: 'linux', architecture: 'amd64' }, 'r'),
      bare,
    );
    assert.equal(
      selectPlatform([bare, entry(1, 'linux', 'amd64')], { os: 'linux', architecture: 'amd64' }, 'r').digest,
      entry(1, 'linux', 'amd64').digest,
    );
  });

  it('compares platforms with normalisation (samePlatform)', () => {
    assert.equal(
      samePlatform(
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
        { os: 'linux', architecture: 'arm64' },
      ),
      true,
    );
    assert.equal(
      samePlatform({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm' }),
      true,
    );
    assert.equal(
      samePlatform(
        { os: 'linux', architecture: 'arm', variant: 'v6' },
        { os: 'linux', architecture: 'arm', variant: 'v7' },
      ),
      false,
    );
    assert.equal(
      samePlatform({ os: 'linux', architecture: 'x86_64' }, { os: 'linux', architecture: 'amd64' }),
      true,
    );
    assert.equal(
      samePlatform({ os: 'windows', architecture: 'amd64' }, { os: 'linux', architecture: 'amd64' }),
      false,
    );
  });

  it('parses --platform text', () => {
    assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
    for (const bad of ['linux', 'linux/', 'a/b/c/d', '']) {
      assert.throws(
        () => parsePlatform(bad),
        (e) => isRampartError(e, 'SOURCE_PLATFORM_INVALID'),
      );
    }
  });
});
