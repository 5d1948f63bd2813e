import type { CompareResult } from '../contracts.js';
import { numericValue } from '../numeric-value.js';

const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isAlnumCode = (c: number) => isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * PHP's version canonicalisation: `-`, `_`, `+` and other non-alphanumerics become `.`, and a
 * switch between digits and non-digits inserts one; the result is split on `.`.
 */
export function phpVersionParts(version: string): string[] {
  if (version === '') return [];
  let out = version[0]!;
  let lp = version.charCodeAt(0);
  for (let i = 1; i < version.length; i++) {
    const c = version.charCodeAt(i);
    const last = out[out.length - 1];
    const lpDig = isDigitCode(lp);
    const cDig = isDigitCode(c);
    const lpNdig = !lpDig && lp !== 46;
    const cNdig = !cDig && c !== 46;
    if (c === 45 || c === 95 || c === 43) {
      if (last !== '.') out += '.';
    } else if ((lpNdig && cDig) || (lpDig && cNdig)) {
      if (last !== '.') out += '.';
      out += version[i];
    } else if (!isAlnumCode(c)) {
      if (last !== '.') out += '.';
    } else out += version[i];
    lp = c;
  }
  return out.split('.').filter((p) => p !== '');
}

const SPECIAL_FORMS: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function specialOrder(form: string): number {
  for (const [name, order] of SPECIAL_FORMS) if (form.startsWith(name)) return order;
  return -1;
}

/** One canonical part, pre-classified: a number, or a special form's rank (-1 when unknown). */
export interface PhpVersionKey {
  readonly digit: boolean;
  readonly value: number | bigint;
  readonly order: number;
}

/** Canonical parts of a version as keys (computed once per version). */
export function phpVersionKeys(version: string): PhpVersionKey[] {
  return phpVersionParts(version).map((p) =>
    isDigitCode(p.charCodeAt(0))
      ? { digit: true, value: numericValue(/^[0-9]+/.exec(p)![0]), order: 4 }
      : { digit: false, value: 0, order: specialOrder(p) },
  );
}

const NUMBER_PLACEHOLDER: readonly PhpVersionKey[] = [{ digit: false, value: 0, order: 4 }];

function compareKeys(
  a: readonly PhpVersionKey[],
  ai: number,
  b: readonly PhpVersionKey[],
  bi: number,
): CompareResult {
  for (;;) {
    const x = a[ai];
    const y = b[bi];
    if (x === undefined || y === undefined) {
      if (x !== undefined) return x.digit ? 1 : compareKeys(a, ai, NUMBER_PLACEHOLDER, 0);
      if (y !== undefined) return y.digit ? -1 : compareKeys(NUMBER_PLACEHOLDER, 0, b, bi);
      return 0;
    }
    if (x.digit && y.digit) {
      if (x.value !== y.value) return x.value < y.value ? -1 : 1;
    } else if (x.order !== y.order) return x.order < y.order ? -1 : 1;
    ai++;
    bi++;
  }
}

/** PHP's `version_compare($a, $b)` (the ordering Composer applies to normalised versions). */
export function phpVersionCompare(
  a: string | readonly PhpVersionKey[],
  b: string | readonly PhpVersionKey[],
): CompareResult {
  return compareKeys(
    typeof a === 'string' ? phpVersionKeys(a) : a,
    0,
    typeof b === 'string' ? phpVersionKeys(b) : b,
    0,
  );
}
