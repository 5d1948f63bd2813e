import { assertAscending, assertBadRange, assertInvalid, assertRange } from './order-assertions.js';

describe('versions/maven', () => {
  it('orders qualifiers alpha < beta < milestone < rc < snapshot < release < sp < unknown', () => {
    assertAscending('maven', [
      ['1.0-alpha1', '1.0-a1', '1.0-ALPHA-1', '1.0alpha1'],
      '1.0-beta1',
      ['1.0-milestone1', '1.0-m1'],
      ['1.0-rc1', '1.0-cr1'],
      '1.0-SNAPSHOT',
      ['1.0', '1', '1.0.0', '1.0-ga', '1.0-final', '1.0-release', '1-0'],
      '1.0-sp1',
      '1.0-abc',
      '1.0-1',
      '1.0.1',
    ]);
  });
  it('pads with zeros and treats .X as -X for qualifiers', () => {
    assertAscending('maven', ['1.0.RC2', '1.0-RC3', '1.0.1', '1.0.10', '1.1', '2.0-1', '2.0.1']);
  });
  it('refuses empty strings and range syntax', () => {
    assertInvalid('maven', ['', '  ', '[1.0]', '1.0,2.0', '1 0']);
  });
  it('evaluates version ranges and unions', () => {
    assertRange('maven', '[1.0,2.0)', ['1.0', '1.5', '2.0-SNAPSHOT'], ['0.9', '2.0', '2.0.0']);
    assertRange('maven', '(,1.0],[1.2,)', ['0.1', '1.0', '1.2', '9'], ['1.1', '1.0.1']);
    assertRange('maven', '[1.2]', ['1.2', '1.2.0'], ['1.2.1']);
    assertRange('maven', '(1.0, 1.5]', ['1.0.1', '1.5'], ['1.0', '1.5.1']);
    assertRange('maven', '2.17.1', ['2.17.1'], ['2.17.0']);
    assertBadRange('maven', ['', '[1.0', '[1.0,2.0,3.0]', '(1.0)', '[2.0,1.0]']);
  });
});
