import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/pep440', () => {
  it('orders dev < pre < release < post, epochs first, locals after their public version', () => {
    assertAscending('pep440', [
      '1.0.dev0',
      '1.0a1.dev1',
      ['1.0a1', '1.0alpha1', '1.0.A.1', '1.0-a-1'],
      '1.0b2.post3',
      ['1.0rc1', '1.0c1', '1.0pre1', '1.0preview1'],
      ['1.0', '1.0.0', 'v1.0', ' 1.0 '],
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post1.dev1',
      ['1.0.post1', '1.0-1', '1.0post1', '1.0.r1', '1.0rev1'],
      '1.1',
      '2013.10',
      '1!0.1',
    ]);
  });
  it('refuses strings outside the grammar', () => {
    assertInvalid('pep440', [
      '',
      'foo',
      '1.0.0-final',
      '1.0+',
      '1..0',
      '1.0+abc_',
      'french toast',
      '1.0-dev-1-2',
    ]);
  });
  it('prints the normalised form', () => {
    assertFormat('pep440', [
      ['1.0-1', '1.0.post1'],
      ['1.0.0ALPHA.2', '1.0.0a2'],
      ['v1.0-dev', '1.0.dev0'],
      ['0!1.0+Ubuntu-1', '1.0+ubuntu.1'],
      ['1!2.0c3', '1!2.0rc3'],
    ]);
  });
  it('evaluates specifier sets, with wildcards, ~= and ===', () => {
    assertRange('pep440', '~=1.4.2', ['1.4.2', '1.4.9', '1.4.10.post1'], ['1.5', '1.4.1']);
    assertRange('pep440', '==1.1.*', ['1.1', '1.1.0.post1', '1.1.9', '1.1a1'], ['1.10', '1.2']);
    assertRange('pep440', '>=2.0, !=2.1.*, <3', ['2.0', '2.2', '2.99'], ['2.1.5', '3.0', '1.9']);
    assertRange('pep440', '<2.0', ['1.9', '1.99.post5'], ['2.0a1', '2.0']);
    assertRange('pep440', '>1.0', ['1.1'], ['1.0.post1', '1.0+local']);
    assertRange('pep440', '===1.0', ['1.0'], ['1.0.0']);
    assertRange('pep440', '<1.0 || >=2.0', ['0.9', '2.0'], ['1.5']);
    assertBadRange('pep440', ['~=1', '==1.0.*+local', '>=1.0+local', '>= foo', '=>1.0']);
  });
});
