import assert from 'node:assert/strict';
import { parseDpkgVersion } from '../../../src/scanner/versions/dpkg.js';
import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/dpkg', () => {
  it('orders epoch first, then upstream, then revision', () => {
    assertAscending('dpkg', [
      ['1.0', '0:1.0', '1.0-0'],
      '1.0-1',
      '1.0-2',
      '1.0.1',
      '2.0',
      '1:0.1',
      '2:0.0.1',
    ]);
  });
  it('sorts ~ before everything, even the end of the string', () => {
    assertAscending('dpkg', ['1.0~~', '1.0~~a', '1.0~', '1.0~rc1', '1.0', '1.0a', '1.0+deb12u1', '1.0.1']);
  });
  it('sorts letters before non-letters and digit runs numerically', () => {
    assertAscending('dpkg', ['1.0', '1.0a', '1.0z', '1.0+', '1.0.', '1.1', '1.9', ['1.10', '1.010']]);
  });
  it('orders real Debian security updates', () => {
    assertAscending('dpkg', ['2.36-9+deb12u4', '2.36-9+deb12u7', '2.36-10', '1:2.38.1-5+deb12u1']);
    assertAscending('dpkg', ['3.0.11-1~deb12u2', '3.0.11-1', '3.0.13-1~deb12u1']);
  });
  it('splits the revision at the last hyphen', () => {
    assert.deepEqual(parseDpkgVersion('1:2.3-4-5'), { epoch: 1, upstream: '2.3-4', revision: '5' });
  });
  it('refuses what dpkg refuses, with the string in the error', () => {
    assertInvalid('dpkg', ['', '   ', '1.0 2', 'a:1.0', ':1.0', '1:', '1.0-', '-1', '99999999999:1']);
  });
  it('prints without a zero epoch', () => {
    assertFormat('dpkg', [
      ['0:1.0-1', '1.0-1'],
      ['1:2.0', '1:2.0'],
      ['0:1:2', '0:1:2'],
    ]);
  });
  it('evaluates Debian relation ranges', () => {
    assertRange('dpkg', '>= 1.0, << 2.0', ['1.0', '1.5-3', '2.0~rc1'], ['0.9', '2.0', '1:1.0']);
    assertRange('dpkg', '<< 1.0 || >= 3', ['0.5', '3', '3.1'], ['1.0', '2.9']);
    assertRange('dpkg', '= 1.0', ['0:1.0', '1.0-0'], ['1.0-1']);
    assertBadRange('dpkg', ['', '>= 1.0 ||', '>=']);
  });
});
