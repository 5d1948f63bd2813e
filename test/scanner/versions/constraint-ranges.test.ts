import assert from 'node:assert/strict';
import { isRampartError } from '../../../src/runtime/errors.js';
import {
  affectedBeforeFix,
  friendsOfPhpAffected,
  ghsaAffected,
  rubysecAffected,
} from '../../../src/scanner/versions/constraint-ranges.js';

describe('versions/constraint-ranges', () => {
  it('evaluates GHSA vulnerable_version_range with each ecosystem scheme', () => {
    assert.equal(ghsaAffected('maven', '2.14.1', '>= 2.0-beta9, < 2.15.0'), true);
    assert.equal(ghsaAffected('maven', '2.15.0', '>= 2.0-beta9, < 2.15.0'), false);
    assert.equal(ghsaAffected('maven', '2.0-beta8', '>= 2.0-beta9, < 2.15.0'), false);
    assert.equal(ghsaAffected('semver', '4.17.20', '< 4.17.21'), true);
    assert.equal(ghsaAffected('nuget', '13.0.1', '< 13.0.1'), false);
    assert.equal(ghsaAffected('nuget', '6.0.0-preview.1', '>= 6.0.0-preview.1, <= 6.0.0'), true);
    assert.equal(ghsaAffected('pep440', '2.0', '= 2.0'), true);
    assert.equal(ghsaAffected('gem', '6.1.7.2', '>= 6.1.0, < 6.1.7.3'), true);
    assert.throws(
      () => ghsaAffected('semver', '1.0.0', '>= , <'),
      (e) => isRampartError(e, 'VERSION_RANGE_INVALID'),
    );
  });

  it('treats RubySec patched and unaffected lists as the safe set', () => {
    const adv = {
      patched_versions: ['~> 5.2.4, >= 5.2.4.3', '>= 6.0.3.1'],
      unaffected_versions: ['< 4.0.0'],
    };
    assert.equal(rubysecAffected('5.2.4.2', adv), true);
    assert.equal(rubysecAffected('5.2.4.3', adv), false);
    assert.equal(rubysecAffected('5.2.5', adv), false);
    assert.equal(rubysecAffected('6.0.3', adv), true);
    assert.equal(rubysecAffected('6.0.3.1', adv), false);
    assert.equal(rubysecAffected('3.2.22', adv), false);
    assert.equal(rubysecAffected('1.0', { patched_versions: null }), true, 'never patched');
  });

  it('matches FriendsOfPHP branches (all constraints of one branch)', () => {
    const branches = {
      '4.4.x': { versions: ['>=4.4.0', '<4.4.50'] },
      '5.x': { versions: ['>=5.0.0', '<5.4.10'] },
    };
    assert.equal(friendsOfPhpAffected('v4.4.49', branches), true);
    assert.equal(friendsOfPhpAffected('4.4.50', branches), false);
    assert.equal(friendsOfPhpAffected('5.4.9', branches), true);
    assert.equal(friendsOfPhpAffected('5.4.10', branches), false);
    // Composer reads `<5.4.10` as `<5.4.10.0-dev`, so the fix's own pre-releases are outside.
    assert.equal(friendsOfPhpAffected('5.4.10-beta1', branches), false);
    assert.equal(friendsOfPhpAffected('5.4.9-patch1', branches), true);
    assert.equal(friendsOfPhpAffected('6.0.0', branches), false);
    assert.equal(friendsOfPhpAffected('1.0.0', { empty: { versions: [] } }), false);
  });

  it('says "affected" below a distribution fix and always when there is none', () => {
    assert.equal(affectedBeforeFix('dpkg', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2'), true);
    assert.equal(affectedBeforeFix('dpkg', '3.0.11-1~deb12u2', '3.0.11-1~deb12u2'), false);
    assert.equal(affectedBeforeFix('dpkg', '1.0-1', '0'), false, 'Debian "0": never affected');
    assert.equal(affectedBeforeFix('apk', '3.1.4-r5', '3.1.4-r6'), true);
    assert.equal(affectedBeforeFix('rpm', '1:3.0.7-27.el9', '1:3.0.7-28.el9'), true);
    assert.equal(affectedBeforeFix('rpm', '3.0.7-99.el9', '1:3.0.7-1.el9'), true, 'epoch wins');
    assert.equal(affectedBeforeFix('apk', '1.0-r0', undefined), true);
    assert.throws(
      () => affectedBeforeFix('apk', '1.0-r', '1.1'),
      (e) => isRampartError(e, 'VERSION_INVALID'),
    );
  });
});
