import assert from 'node:assert/strict';
import { isRampartError } from '../../../src/runtime/errors.js';
import {
  compileOsvRanges,
  LISTED_ORDER_REVISION,
  listedOrderMark,
  sortListedVersions,
  isAffected,
  isAffectedCompiled,
  type OsvRange,
} from '../../../src/scanner/versions/osv-range.js';

const eco = (...events: OsvRange['events']): OsvRange => ({ type: 'ECOSYSTEM', events });

describe('versions/osv-range', () => {
  it('evaluates introduced/fixed intervals with the ecosystem scheme', () => {
    const r = [eco({ introduced: '0' }, { fixed: '1.2.3' }, { introduced: '2.0.0' }, { fixed: '2.0.5' })];
    const cases: [string, boolean][] = [
      ['0.1', true],
      ['1.2.2', true],
      ['1.2.3', false],
      ['1.9', false],
      ['2.0.0rc1', false],
      ['2.0.0', true],
      ['2.0.4.post1', true],
      ['2.0.5', false],
    ];
    for (const [v, want] of cases) assert.equal(isAffected('pep440', v, r), want, v);
  });

  it('treats last_affected as inclusive and limit as an upper bound', () => {
    const r = [eco({ introduced: '1:1.0-1' }, { last_affected: '1:1.0-5' })];
    assert.equal(isAffected('dpkg', '1:1.0-5', r), true);
    assert.equal(isAffected('dpkg', '1:1.0-5+deb12u1', r), false);
    assert.equal(isAffected('dpkg', '1.0-3', r), false, 'epoch 0 is below the introduced epoch 1');
    const limited = [eco({ introduced: '0' }, { limit: '3.0.0' })];
    assert.equal(isAffected('semver', '2.9.9', limited), true);
    assert.equal(isAffected('semver', '3.0.0', limited), false);
  });

  it('keeps the feed order of events at one version (adjoining intervals)', () => {
    const adjoining = [
      eco({ introduced: '0' }, { fixed: '3.1.1' }, { introduced: '3.1.1' }, { fixed: '3.1.3' }),
    ];
    assert.equal(isAffected('pep440', '3.1.1', adjoining), true);
    const empty = [eco({ introduced: '3.1.1' }, { fixed: '3.1.1' })];
    assert.equal(isAffected('pep440', '3.1.1', empty), false);
  });

  it('uses SemVer for SEMVER ranges (Go keeps its own scheme) and skips GIT ranges', () => {
    const semverRange: OsvRange = { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.20.5' }] };
    assert.equal(isAffected('go', 'v1.20.4', [semverRange]), true);
    assert.equal(isAffected('go', 'go1.20.5', [semverRange]), false);
    assert.equal(isAffected('semver', '1.20.5-rc.1', [semverRange]), true);
    const git: OsvRange = { type: 'GIT', repo: 'r', events: [{ introduced: '0' }, { fixed: 'abc123' }] };
    assert.equal(isAffected('semver', '1.0.0', [git]), false);
  });

  it('counts an explicitly listed version as affected', () => {
    assert.equal(
      isAffected('pep440', '3.2a1', [eco({ introduced: '3.2' }, { fixed: '3.2.19' })], ['3.2a1']),
      true,
    );
    assert.equal(isAffected('pep440', '1.0.0', [], ['1.0']), true, 'listed versions compare by the scheme');
  });

  it('never answers "not affected" for unreadable input', () => {
    assert.throws(
      () => isAffected('dpkg', 'not a version', [eco({ introduced: '0' })]),
      (e) => isRampartError(e, 'VERSION_INVALID'),
    );
    assert.throws(
      () => isAffected('pep440', '1.0', [eco({ introduced: '0' }, { fixed: 'garbage!' })]),
      (e) => isRampartError(e, 'VERSION_RANGE_INVALID') && e.message.includes('garbage!'),
    );
    assert.throws(
      () => isAffected('pep440', '1.0', [eco({} as never)]),
      (e) => isRampartError(e, 'VERSION_RANGE_INVALID'),
    );
    assert.throws(
      () => isAffected('cobol', '1.0', []),
      (e) => isRampartError(e, 'VERSION_SCHEME_UNKNOWN'),
    );
  });

  it("a stored, pre-sorted list is binary-searched when its mark is this build's, else sorted again", () => {
    const listed = ['1.10', '0.5', '2.0.0', '1.9', '1.0rc1', '3'];
    const sorted = sortListedVersions('pep440', listed)!;
    assert.deepEqual(sorted, ['0.5', '1.0rc1', '1.9', '1.10', '2.0.0', '3']);
    assert.equal(sortListedVersions('pep440', [...listed, 'not a version']), undefined);
    assert.equal(sortListedVersions('cobol', listed), undefined);
    const mark = listedOrderMark('pep440');
    assert.equal(mark, `pep440@${LISTED_ORDER_REVISION}`);
    const probe = ['0.5', '0.5.0', '1.0rc1', '1.0', '1.9', '1.9.1', '1.10.0', '2', '3.0', '4', '0.1'];
    const plain = compileOsvRanges('pep440', [], listed);
    const presorted = compileOsvRanges('pep440', [], sorted, mark);
    assert.equal(presorted.presorted, true);
    // an old revision's mark (or another scheme's) is not trusted: the list is sorted here
    const stale = compileOsvRanges('pep440', [], listed, 'pep440@0');
    assert.equal(stale.presorted, false);
    const want = probe.map((v) => isAffectedCompiled(plain, v));
    assert.deepEqual(want, [true, true, true, false, true, false, true, true, true, false, false]);
    assert.deepEqual(
      probe.map((v) => isAffectedCompiled(presorted, v)),
      want,
    );
    assert.deepEqual(
      probe.map((v) => isAffectedCompiled(stale, v)),
      want,
    );
    // a mark on a list that does not parse after all: answered by parsing the whole list
    const lying = compileOsvRanges('pep440', [], ['1.0', 'junk!', '2.0'], mark);
    assert.equal(isAffectedCompiled(lying, '2.0.0'), true);
    assert.equal(isAffectedCompiled(lying, '1.5'), false);
  });

  it('a listed version is affected even where a range cannot read it; unlisted, the range error stands', () => {
    const semver = { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] };
    // 1.0rc1 is a PEP 440 version but not a SemVer one
    assert.equal(isAffected('pep440', '1.0rc1', [semver], ['1.0rc1']), true);
    assert.throws(
      () => isAffected('pep440', '1.0rc1', [semver], ['0.9']),
      (e) => isRampartError(e, 'VERSION_INVALID'),
    );
    assert.equal(isAffected('pep440', '1.0.0', [semver], []), true);
  });

  it('compiled ranges and listed versions answer as isAffected, errors only when reached', () => {
    const ranges = [
      eco({ introduced: '1.0' }, { fixed: '1.4' }),
      eco({ introduced: '2.0' }, { fixed: 'garbage!' }),
    ];
    const listed = ['0.5', '3.0.0', 'not a version', '0.9rc1'];
    const compiled = compileOsvRanges('pep440', ranges, listed);
    const outcome = (f: () => boolean) => {
      try {
        return f();
      } catch (err: unknown) {
        return isRampartError(err) ? err.code : 'other';
      }
    };
    const versions = [
      '0.1',
      '0.5',
      '0.5.0',
      '0.9rc1',
      '1.0',
      '1.3.9',
      '1.4',
      '1.9',
      '2.1',
      '3.0',
      '3',
      'bad!',
    ];
    const got = versions.map((v) => outcome(() => isAffectedCompiled(compiled, v)));
    assert.deepEqual(
      got,
      versions.map((v) => outcome(() => isAffected('pep440', v, ranges, listed))),
    );
    // listed versions compare by the scheme (3.0.0 == 3 == 3.0); the bad range is reached only
    // by versions outside the first range and the list
    assert.deepEqual(got, [
      'VERSION_RANGE_INVALID',
      true,
      true,
      true,
      true,
      true,
      'VERSION_RANGE_INVALID',
      'VERSION_RANGE_INVALID',
      'VERSION_RANGE_INVALID',
      true,
      true,
      'VERSION_INVALID',
    ]);
  });
});
