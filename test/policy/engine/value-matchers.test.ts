import assert from 'node:assert/strict';
import {
  combinePredicates,
  enumPredicate,
  numberPredicate,
  prefixPredicate,
  readableFloat,
  readableTime,
  regexPredicate,
  type ReadValue,
} from '../../../src/policy/engine/value-matchers.js';

const v = (raw: string | number | boolean): ReadValue => ({ raw, text: String(raw) });

describe('value matchers', () => {
  it('numbers: comparators and float equality', () => {
    assert.ok(numberPredicate('>= 7.000000')(v(7)));
    assert.ok(!numberPredicate('> 7')(v(7)));
    assert.ok(numberPredicate('<=1024')(v(1024)));
    assert.ok(numberPredicate('0.000000')(v(0)));
    assert.ok(!numberPredicate('0')(v(0.5)));
  });

  it('plain strings: case-insensitive prefix, quoted exact, ! negation', () => {
    assert.ok(prefixPredicate('system:serviceaccount:')(v('SYSTEM:ServiceAccount:kube-system:x')));
    assert.ok(!prefixPredicate('"alice"')(v('alice2')));
    assert.ok(prefixPredicate('"alice"')(v('ALICE')));
    assert.ok(prefixPredicate('!bob')(v('alice')));
  });

  it('regex values strip r/', () => {
    assert.ok(
      regexPredicate('r/.*kubernetesui/dashboard.*')(v('registry.example.net/kubernetesui/dashboard')),
    );
  });

  it('enums: names, comparators, underscores ignored', () => {
    const order = [
      'UNKNOWN_VULNERABILITY_SEVERITY',
      'LOW_VULNERABILITY_SEVERITY',
      'MODERATE_VULNERABILITY_SEVERITY',
      'IMPORTANT_VULNERABILITY_SEVERITY',
      'CRITICAL_VULNERABILITY_SEVERITY',
    ];
    const ge = enumPredicate('>= IMPORTANT', order, '_VULNERABILITY_SEVERITY');
    assert.ok(ge(v('CRITICAL_VULNERABILITY_SEVERITY')));
    assert.ok(ge(v('IMPORTANT_VULNERABILITY_SEVERITY')));
    assert.ok(!ge(v('MODERATE_VULNERABILITY_SEVERITY')));
    assert.ok(enumPredicate('HOSTTOCONTAINER', ['NONE', 'HOST_TO_CONTAINER'])(v('HOST_TO_CONTAINER')));
  });

  it('groups: OR, AND, negated OR and AND, empty lists', () => {
    const preds = [regexPredicate('a'), regexPredicate('b')];
    assert.deepEqual(combinePredicates(preds, 'OR', false)([v('a'), v('c')]), ['a']);
    assert.equal(combinePredicates(preds, 'AND', false)([v('a'), v('c')]), null);
    assert.deepEqual(combinePredicates(preds, 'AND', false)([v('a'), v('b')]), ['a', 'b']);
    assert.equal(combinePredicates(preds, 'OR', true)([v('a')]), null);
    assert.deepEqual(combinePredicates(preds, 'OR', true)([v('c')]), ['c']);
    assert.deepEqual(combinePredicates(preds, 'AND', true)([v('a')]), ['a']);
    assert.deepEqual(combinePredicates(preds, 'OR', true)([]), ['<empty>']);
    assert.equal(combinePredicates(preds, 'OR', false)([]), null);
    assert.equal(combinePredicates(preds, 'OR', false)(undefined), null);
  });

  it('prints floats and times like Go readable', () => {
    assert.equal(readableFloat(7.5), '7.5');
    assert.equal(readableFloat(8), '8');
    assert.equal(readableFloat(0), '0');
    assert.equal(readableFloat(9.8765), '9.877');
    assert.equal(readableTime(Date.UTC(2020, 0, 2, 3, 4, 5)), '2020-01-02 03:04:05');
  });
});
