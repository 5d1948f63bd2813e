import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/semver', () => {
  it('orders pre-releases as SemVer 2 §11 lists them; build metadata never counts', () => {
    assertAscending('semver', [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      ['1.0.0', '1.0.0+build.5', 'v1.0.0', '=1.0.0'],
      '1.0.1-0',
      '1.0.1',
      '2.0.0',
      '10.0.0',
    ]);
  });
  it('refuses what node-semver refuses, even in loose mode', () => {
    assertInvalid('semver', ['', '1.2', '1', 'a.b.c', '1.2.3.4', '1.2.3+', 'x', '1.2.3-a..b']);
  });
  it('prints MAJOR.MINOR.PATCH[-pre][+build]', () => {
    assertFormat('semver', [
      ['v1.2.3', '1.2.3'],
      [' =1.2.3-beta.1+b7', '1.2.3-beta.1+b7'],
    ]);
  });
  it('evaluates node-semver ranges (^ ~ x || -), pre-releases included by order', () => {
    assertRange('semver', '^1.2.3', ['1.2.3', '1.9.9', '1.3.0-beta'], ['1.2.2', '2.0.0', '2.0.0-0']);
    assertRange('semver', '~1.2.3', ['1.2.3', '1.2.99'], ['1.3.0', '1.2.2']);
    assertRange('semver', '1.x || >=3.0.0 <3.1.0', ['1.0.0', '1.99.0', '3.0.5'], ['2.0.0', '3.1.0']);
    assertRange('semver', '1.2.3 - 2.3.4', ['1.2.3', '2.3.4'], ['2.3.5', '1.2.2']);
    assertRange('semver', '<2.0.0', ['1.9.9', '2.0.0-rc.1'], ['2.0.0']);
    assertBadRange('semver', ['>=x.y.z.w', '^^1']);
  });
});
