import assert from 'node:assert/strict';
import { compileRe2, translateRe2 } from '../../../src/policy/engine/re2-regex.js';
import { isRampartError } from '../../../src/runtime/errors.js';

const refuses = (p: string) =>
  assert.throws(
    () => compileRe2(p),
    (e: unknown) => isRampartError(e, 'POLICY_REGEX_INVALID'),
    p,
  );

describe('RE2 → JS regex translation', () => {
  it('anchors the whole string and ignores case', () => {
    const re = compileRe2('apt|dpkg');
    assert.ok(re.test('APT'));
    assert.ok(re.test('dpkg'));
    assert.ok(!re.test('apt-get'));
  });

  it('supports unanchored (contains) matching for process arguments', () => {
    assert.ok(compileRe2('10250', { anchored: false }).test('curl https://1.2.3.4:10250/pods'));
  });

  it('translates flags, \\z, \\A, POSIX classes, \\Q…\\E and (?P<name>)', () => {
    assert.ok(compileRe2('(?i)abc').test('ABC'));
    assert.ok(compileRe2('(?i:ab)c').test('abc'));
    assert.ok(compileRe2('\\Aab\\z').test('ab'));
    assert.ok(compileRe2('[[:alpha:]]+[[:digit:]]').test('abc1'));
    assert.ok(!compileRe2('[[:alpha:]]+').test('ab1'));
    assert.ok(compileRe2('\\Qa.b*\\E').test('a.b*'));
    assert.ok(!compileRe2('\\Qa.b\\E').test('axb'));
    assert.equal(translateRe2('(?P<x>a)').source, '(?<x>a)');
    assert.ok(compileRe2('(?s)a.b').test('a\nb'));
    assert.ok(compileRe2('\\pL+').test('héllo'));
  });

  it('accepts the regex shapes of the default policies', () => {
    assert.ok(
      compileRe2('(?:(?:[,\\[\\s]?)|(?:.*[,\\s]+))/run/secrets(?:$|[,\\]\\s]).*').test('/run/secrets'),
    );
    assert.ok(compileRe2('(/[s]*bin/){0,1}(ba|c|z){0,1}sh').test('/bin/bash'));
    assert.ok(compileRe2('heapster\\.kube\\-system').test('heapster.kube-system'));
  });

  it('refuses what RE2 refuses', () => {
    refuses('(a)\\1');
    refuses('a(?=b)');
    refuses('a(?!b)');
    refuses('(?<=a)b');
    refuses('(?<!a)b');
    refuses('(?>a)');
    refuses('a++');
    refuses('[abc');
    refuses('*a');
    refuses('a\\Z');
    refuses('[[:nope:]]');
  });
});
