import assert from 'node:assert/strict';
import { apkScheme, tokenizeApkVersion } from '../../../src/scanner/versions/apk.js';
import { assertAscending, assertBadRange, assertInvalid, assertRange } from './order-assertions.js';

describe('versions/apk', () => {
  it('orders pre-release suffixes below the release and post-release ones above', () => {
    assertAscending('apk', [
      '1.0_alpha',
      '1.0_alpha1',
      '1.0_alpha2',
      '1.0_beta1',
      '1.0_pre1',
      '1.0_rc1',
      '1.0',
      '1.0_cvs1',
      '1.0_svn1',
      '1.0_git20240101',
      '1.0_hg1',
      '1.0_p1',
      '1.0_p2',
      '1.0.1',
    ]);
  });
  it('orders -rN revisions and letters', () => {
    assertAscending('apk', ['1.2.3', '1.2.3-r0', '1.2.3-r1', '1.2.3-r10', '1.2.3a', '1.2.3b-r0', '1.2.4']);
    assertAscending('apk', ['3.0.15-r0', '3.1.4-r5', '3.1.4-r6', '3.3.2-r0']);
  });
  it('compares digit runs with a leading zero as strings (Gentoo rule)', () => {
    assertAscending('apk', ['1.01', '1.1', '1.2']);
    assertAscending('apk', ['1.001', '1.01']);
  });
  it('accepts commit hashes and refuses what apk refuses', () => {
    assert.equal(tokenizeApkVersion('0.1_pre2~1234abcd').valid, true);
    assertInvalid('apk', ['', 'a', '.1', '1.0-r', '1.0_foo', '1.0-1', '1.0bc', '1.0-r1_p1', '1.0~', '1.0_']);
  });
  it('keeps the text as printed form', () => {
    assert.equal(apkScheme.format(apkScheme.parse('1.2.3_rc1-r2')), '1.2.3_rc1-r2');
  });
  it('evaluates apk dependency operators, including the fuzzy ~', () => {
    assertRange('apk', '~3.6', ['3.6', '3.6.0', '3.6.9-r3', '3.6_pre1'], ['3.7', '3.5.9', '36']);
    assertRange('apk', '>=1.0 <2.0', ['1.0', '1.9.9-r5', '2.0_rc1'], ['0.9', '2.0', '2.0-r0']);
    assertRange('apk', '!~1.2', ['1.3', '1.10'], ['1.2', '1.2.5']);
    assertRange('apk', '<~3.6', ['3.5', '3.6.4'], ['3.7']);
    assertBadRange('apk', ['', '>=', '>=1.0 ||', '>=1.0_foo']);
  });
});
