import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/nuget', () => {
  it('orders four-part versions and case-insensitive SemVer 2 pre-releases', () => {
    assertAscending('nuget', [
      '1.0.0-alpha',
      ['1.0.0-BETA', '1.0.0-beta', '1.0.0-Beta+build'],
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      ['1.0.0', '1.0', '1', '1.0.0.0', '1.0.0+meta'],
      '1.0.0.1',
      '1.0.1',
      '1.10',
    ]);
  });
  it('refuses what NuGetVersion.Parse refuses', () => {
    assertInvalid('nuget', [
      '',
      '1.2.3.4.5',
      '1beta',
      '1.2.3.Beta',
      '1.4.7-',
      'v1.0.0',
      '1.0.0-a^b',
      '3000000000.0',
    ]);
  });
  it('prints normalised three- or four-part versions', () => {
    assertFormat('nuget', [
      ['1.0', '1.0.0'],
      ['1.0.0.0', '1.0.0'],
      ['01.2.3.4-Beta+Meta', '1.2.3.4-Beta+Meta'],
    ]);
  });
  it('evaluates interval notation', () => {
    assertRange('nuget', '[1.0, 2.0)', ['1.0.0', '1.9.9.9', '2.0.0-rc'], ['0.9', '2.0']);
    assertRange('nuget', '(,1.2.3]', ['1.2.3', '0.1'], ['1.2.4']);
    assertRange('nuget', '1.2', ['1.2', '99'], ['1.1.9']);
    assertRange('nuget', '[3.1.4]', ['3.1.4', '3.1.4.0'], ['3.1.5']);
    assertBadRange('nuget', ['', '[1.0', '(1.0)', '[,]', '[1,2,3]']);
  });
});
