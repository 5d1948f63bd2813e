import assert from 'node:assert/strict';
import { compareRpmNevras, parseRpmNevra, rpmvercmp } from '../../../src/scanner/versions/rpm.js';
import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/rpm', () => {
  it('treats a missing epoch as 0 and compares epoch, version, release', () => {
    assertAscending('rpm', [
      '8.0.13',
      ['0:8.0.13-2.el9_0', '8.0.13-2.el9_0'],
      '8.0.13-10.el9',
      '8.0.14-1.el9',
      '1:1.0-1',
      '2:0.1-1',
    ]);
  });
  it('sorts ~ before the base version and ^ after it but before the next', () => {
    assertAscending('rpm', ['1.0~rc1', '1.0~rc2', '1.0', '1.0^git1', '1.0^git2', '1.0.1~rc1', '1.0.1']);
    assert.equal(rpmvercmp('1.0^', '1.0'), 1);
    assert.equal(rpmvercmp('1.0~', '1.0'), -1);
  });
  it('compares digit runs as numbers and letters below digits, ignoring other separators', () => {
    assertAscending('rpm', ['1.a', ['1.0', '1.00', '1_0', '1+0'], '1.9', '1.10', '1.010a']);
    assertAscending('rpm', ['2.el9', '2.el9_1', '2.el9_10', '3.el8']);
  });
  it('parses NEVRAs, keeping dashes in names', () => {
    assert.deepEqual(parseRpmNevra('openssl-libs-1:3.0.7-27.el9.x86_64'), {
      name: 'openssl-libs',
      epoch: 1,
      version: '3.0.7',
      release: '27.el9',
      arch: 'x86_64',
    });
    assert.deepEqual(parseRpmNevra('tzdata-2024a-1.el9.noarch'), {
      name: 'tzdata',
      epoch: 0,
      version: '2024a',
      release: '1.el9',
      arch: 'noarch',
    });
    assert.equal(parseRpmNevra('bash-5.1.8-9.el9').arch, undefined);
    assert.equal(
      compareRpmNevras(parseRpmNevra('bash-5.1.8-9.el9.x86_64'), parseRpmNevra('bash-0:5.1.8-10.el9.x86_64')),
      -1,
    );
  });
  it('refuses malformed EVRs', () => {
    assertInvalid('rpm', ['', '1:2:3', 'a:1.0', '1.0-', '-1', '1.0-1-2', 'x:', '1.0 -1']);
  });
  it('prints EVRs without a zero epoch', () => {
    assertFormat('rpm', [
      ['0:1.0-1.el9', '1.0-1.el9'],
      ['3:1.0', '3:1.0'],
    ]);
  });
  it('evaluates operator ranges', () => {
    assertRange('rpm', '< 0:8.0.13-2.el9_0', ['8.0.12-5.el9', '8.0.13-1.el9'], ['8.0.13-2.el9_0', '1:1.0-1']);
    assertBadRange('rpm', ['', '<']);
  });
});
