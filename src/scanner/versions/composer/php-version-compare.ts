import type { CompareResult } from '../contracts.js';
import { digitsValue } from '../char-scan.js';
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

// Keys are never modified, so letter parts (one per rank) and small numbers share theirs.
/** Letter keys by rank + 1 (ranks -1 to 5). */
const LETTER_KEYS: readonly PhpVersionKey[] = [-1, 0, 1, 2, 3, 4, 5].map((order) => ({
  digit: false,
  value: 0,
  order,
}));
const NUMBER_KEYS: readonly PhpVersionKey[] = Array.from({ length: 100 }, (_, value) => ({
  digit: true,
  value,
  order: 4,
}));

/** The key of a number part. */
export function numberKey(value: number | bigint): PhpVersionKey {
  return typeof value === 'number' && value < 100 ? NUMBER_KEYS[value]! : { digit: true, value, order: 4 };
}

/** The key of a letter part of rank `order` (see `specialOrder`). */
export function letterKey(order: number): PhpVersionKey {
  return LETTER_KEYS[order + 1]!;
}

/** The special-form rank of the letter run `s[i..end)`, like `specialOrder` without slicing. */
function letterOrder(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  if (c === 97) return 1; // alpha, a
  if (c === 98) return 2; // beta, b
  if (c === 112) return 5; // pl, p
  const n = end - i;
  if (c === 100 && n >= 3 && s.charCodeAt(i + 1) === 101 && s.charCodeAt(i + 2) === 118) return 0;
  if (n >= 2 && ((c === 82 && s.charCodeAt(i + 1) === 67) || (c === 114 && s.charCodeAt(i + 1) === 99)))
    return 3;
  return -1;
}

/**
 * Keys of a version made of letters, digits and the separators `.`, `-`, `_`, `+` that starts
 * with a letter or digit (every normalised Composer version): there PHP's canonical parts are
 * simply the maximal runs of digits and of letters. Undefined for anything else.
 */
function simpleKeys(version: string): PhpVersionKey[] | undefined {
  if (version === '' || !isAlnumCode(version.charCodeAt(0))) return undefined;
  const keys: PhpVersionKey[] = [];
  let i = 0;
  const n = version.length;
  while (i < n) {
    const c = version.charCodeAt(i);
    if (isDigitCode(c)) {
      let e = i + 1;
      while (e < n && isDigitCode(version.charCodeAt(e))) e++;
      keys.push(numberKey(digitsValue(version, i, e)));
      i = e;
    } else if (isAlnumCode(c)) {
      let e = i + 1;
      while (e < n && isAlnumCode(version.charCodeAt(e)) && !isDigitCode(version.charCodeAt(e))) e++;
      keys.push(letterKey(letterOrder(version, i, e)));
      i = e;
    } else if (c === 46 || c === 45 || c === 95 || c === 43) i++;
    else return undefined;
  }
  return keys;
}

/** Canonical parts of a version as keys (computed once per version). */
export function phpVersionKeys(version: string): PhpVersionKey[] {
  return (
    simpleKeys(version) ??
    phpVersionParts(version).map((p) =>
      isDigitCode(p.charCodeAt(0))
        ? { digit: true, value: numericValue(/^[0-9]+/.exec(p)![0]), order: 4 }
        : { digit: false, value: 0, order: specialOrder(p) },
    )
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
