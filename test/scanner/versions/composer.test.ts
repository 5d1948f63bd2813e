import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/composer', () => {
  it('normalises v prefixes, short versions and stability flags', () => {
    assertFormat('composer', [
      ['v1.2.3', '1.2.3.0'],
      ['1.0', '1.0.0.0'],
      ['1.0.0-beta.2', '1.0.0.0-beta2'],
      ['1.0.0rc1', '1.0.0.0-RC1'],
      ['1.0.0-pl3', '1.0.0.0-patch3'],
      ['2.1.x-dev', '2.1.9999999.9999999-dev'],
      ['1.0.0@beta', '1.0.0.0'],
      ['dev-main', 'dev-main'],
      ['2010-01-02', '2010.01.02'],
    ]);
  });
  it('orders dev < alpha < beta < RC < stable < patch, branches first', () => {
    assertAscending('composer', [
      'dev-feature',
      'dev-main',
      '1.0.0-dev',
      ['1.0.0-alpha1', '1.0.0-a1'],
      '1.0.0-beta1',
      ['1.0.0-RC1', '1.0.0-rc1'],
      ['1.0.0', 'v1.0', '1.0.0.0'],
      ['1.0.0-patch1', '1.0.0-p1', '1.0.0-pl1'],
      '1.0.1',
      '1.1.x-dev',
      '2.0.0',
    ]);
  });
  it('refuses what VersionParser::normalize refuses', () => {
    assertInvalid('composer', ['', 'foo', '1.0.0-meh', '1.0.0.0.0', 'feature-foo', '^1']);
  });
  it('evaluates constraints: ^ ~ wildcards, AND, OR, hyphen ranges, stability', () => {
    assertRange('composer', '^1.2', ['1.2.0', '1.9.9'], ['2.0.0', '1.1.9', '2.0.0-beta1']);
    assertRange('composer', '^0.3', ['0.3.0', '0.3.9'], ['0.4.0']);
    assertRange('composer', '~1.2', ['1.2.0', '1.9.0'], ['2.0.0']);
    assertRange('composer', '~1.2.3', ['1.2.3', '1.2.9'], ['1.3.0']);
    assertRange('composer', '1.0.*', ['1.0.0', '1.0.99'], ['1.1.0']);
    assertRange('composer', '>=1.0,<1.5 || ^2.0', ['1.0.0', '1.4.9', '2.5.0'], ['1.5.0', '3.0.0']);
    assertRange('composer', '>=1.0 <1.1 | >=1.2', ['1.0.5', '1.3'], ['1.1.0']);
    assertRange('composer', '1.0 - 2.0', ['1.0.0', '2.0.9'], ['2.1.0']);
    assertRange('composer', '<1.2.3', ['1.2.2', '1.2.2-patch1'], ['1.2.3', '1.2.3-beta1']);
    assertRange('composer', 'dev-main', ['dev-main'], ['dev-other', '1.0.0']);
    assertBadRange('composer', ['', '~>1.2', 'foo bar', '>=junk']);
  });
});
