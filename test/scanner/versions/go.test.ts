import assert from 'node:assert/strict';
import { goScheme } from '../../../src/scanner/versions/go.js';
import {
  assertAscending,
  assertBadRange,
  assertFormat,
  assertInvalid,
  assertRange,
} from './order-assertions.js';

describe('versions/go', () => {
  it('orders pseudo-versions as pre-releases of the next version', () => {
    assertAscending('go', [
      'v0.0.0-20191109021931-daa7c04131f5',
      'v0.0.0-20200101000000-000000000000',
      'v0.0.1',
      'v1.2.3',
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4-pre',
      'v1.2.4',
    ]);
  });
  it('ignores +incompatible and accepts versions with or without v', () => {
    assertAscending('go', [
      ['v2.0.0+incompatible', 'v2.0.0', '2.0.0'],
      ['v2.0.1+incompatible', '2.0.1'],
    ]);
  });
  it('maps toolchain tags onto semantic versions', () => {
    assertAscending('go', [
      'go1.9beta2',
      ['go1.9rc1', 'v1.9.0-rc.1'],
      ['go1.9', 'go1.9.0', '1.9.0'],
      'go1.20.14',
      'go1.21rc2',
      ['go1.21.0', 'go1.21'],
      'go1.21.3',
      'go1.22.0',
    ]);
    assert.equal(goScheme.parse('go1.21.3').toolchain, true);
  });
  it('refuses what golang.org/x/mod/semver refuses', () => {
    assertInvalid('go', ['', 'latest', 'v1.2.3.4', 'v01.2.3', 'v1.2-pre', 'v1+meta', 'v1.2.3-01', 'go1.x']);
  });
  it('prints canonical vX.Y.Z', () => {
    assertFormat('go', [
      ['v1.2', 'v1.2.0'],
      ['1.2.3', 'v1.2.3'],
      ['go1.21rc1', 'v1.21.0-rc.1'],
      ['v2.0.0+incompatible', 'v2.0.0+incompatible'],
    ]);
  });
  it('evaluates operator ranges', () => {
    assertRange('go', '>= 1.20.0, < 1.21.5', ['go1.20', '1.21.4', 'v1.21.5-rc.1'], ['go1.19.13', '1.21.5']);
    assertBadRange('go', ['', '>= v1.2.3.4']);
  });
});
