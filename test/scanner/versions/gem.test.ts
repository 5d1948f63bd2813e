import assert from 'node:assert/strict';
import { gemBump, gemScheme } from '../../../src/scanner/versions/gem.js';
import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/gem', () => {
  it('orders prerelease letters before numbers and pads with zeros', () => {
    assertAscending('gem', [
      ['', '0', '0.0'],
      '1.0.a',
      '1.0.b1',
      ['1.0.0.pre.rc1', '1.0.0-rc1'],
      ['1', '1.0', '1.0.0'],
      '1.0.0.1',
      '1.9',
      '1.10',
    ]);
  });
  it('refuses malformed versions', () => {
    assertInvalid('gem', ['junk', '1..2', '1.0 2', '.1', '1.-2', 'v1.0']);
  });
  it('spells - as .pre. like RubyGems', () => {
    assertFormat('gem', [['1.0.0-rc1', '1.0.0.pre.rc1']]);
  });
  it('bumps like Gem::Version#bump', () => {
    assert.equal(gemScheme.format(gemBump(gemScheme.parse('5.3.1'))), '5.4');
    assert.equal(gemScheme.format(gemBump(gemScheme.parse('5.3.1.b.2'))), '5.4');
    assert.equal(gemScheme.format(gemBump(gemScheme.parse('5'))), '6');
  });
  it('evaluates requirements: ~>, comma lists, alternatives', () => {
    assertRange('gem', '~> 2.2', ['2.2', '2.9.9'], ['3.0', '2.1', '3.0.a']);
    assertRange('gem', '~> 2.2.0', ['2.2.0', '2.2.9'], ['2.3', '2.2.0.rc1']);
    assertRange('gem', '>= 1.0, < 1.5', ['1.0', '1.4.9'], ['1.5', '0.9']);
    assertRange('gem', '< 4.2.11.1 || >= 5.0, < 5.0.7.2', ['4.2.11', '5.0.7.1'], ['4.2.11.1', '5.0.7.2']);
    assertBadRange('gem', ['', '=> 1.0', '~> junk']);
  });
});
