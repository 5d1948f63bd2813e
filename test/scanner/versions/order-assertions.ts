// Table assertions shared by the per-scheme tests.
import assert from 'node:assert/strict';
import { isRampartError } from '../../../src/runtime/errors.js';
import {
  compareVersions,
  getScheme,
  satisfiesRange,
} from '../../../src/scanner/versions/compare-versions.js';

/** Each entry is a version or a group of equal versions; the groups must be strictly ascending. */
export function assertAscending(scheme: string, groups: (string | string[])[]): void {
  const gs = groups.map((g) => (Array.isArray(g) ? g : [g]));
  for (let i = 0; i < gs.length; i++) {
    for (const a of gs[i]!) {
      for (const b of gs[i]!) assert.equal(compareVersions(scheme, a, b), 0, `${scheme}: ${a} = ${b}`);
      for (let j = i + 1; j < gs.length; j++) {
        for (const b of gs[j]!) {
          assert.equal(compareVersions(scheme, a, b), -1, `${scheme}: ${a} < ${b}`);
          assert.equal(compareVersions(scheme, b, a), 1, `${scheme}: ${b} > ${a}`);
        }
      }
    }
  }
}

/** Parsing each string throws VERSION_INVALID naming the string and the scheme. */
export function assertInvalid(scheme: string, inputs: string[]): void {
  for (const s of inputs) {
    assert.throws(
      () => getScheme(scheme).parse(s),
      (e: unknown) =>
        isRampartError(e, 'VERSION_INVALID') &&
        e.message.includes(JSON.stringify(s)) &&
        e.message.includes(scheme),
      `${scheme} accepted ${JSON.stringify(s)}`,
    );
  }
}

/** `range` contains every version of `inside` and none of `outside`. */
export function assertRange(scheme: string, range: string, inside: string[], outside: string[]): void {
  for (const v of inside)
    assert.equal(satisfiesRange(scheme, v, range), true, `${v} should satisfy ${range}`);
  for (const v of outside)
    assert.equal(satisfiesRange(scheme, v, range), false, `${v} should not satisfy ${range}`);
}

/** Parsing the range throws VERSION_RANGE_INVALID. */
export function assertBadRange(scheme: string, ranges: string[]): void {
  for (const r of ranges) {
    assert.throws(
      () => getScheme(scheme).parseRange(r),
      (e: unknown) => isRampartError(e, 'VERSION_RANGE_INVALID', 'VERSION_INVALID'),
      `${scheme} accepted range ${JSON.stringify(r)}`,
    );
  }
}

/** format(parse(input)) is `printed`. */
export function assertFormat(scheme: string, pairs: [string, string][]): void {
  const s = getScheme(scheme);
  for (const [input, printed] of pairs) assert.equal(s.format(s.parse(input)), printed, input);
}
