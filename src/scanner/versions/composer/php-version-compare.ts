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

function compareParts(a: string, b: string): CompareResult {
  const ad = isDigitCode(a.charCodeAt(0));
  const bd = isDigitCode(b.charCodeAt(0));
  if (ad && bd) {
    const x = numericValue(/^[0-9]+/.exec(a)![0]);
    const y = numericValue(/^[0-9]+/.exec(b)![0]);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = specialOrder(ad ? '#' : a);
  const y = specialOrder(bd ? '#' : b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const NUMBER_PLACEHOLDER = ['#N'];

function compareList(a: readonly string[], b: readonly string[]): CompareResult {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const r = compareParts(a[i]!, b[i]!);
    if (r !== 0) return r;
  }
  if (a.length > n) return isDigitCode(a[n]!.charCodeAt(0)) ? 1 : compareList(a.slice(n), NUMBER_PLACEHOLDER);
  if (b.length > n)
    return isDigitCode(b[n]!.charCodeAt(0)) ? -1 : compareList(NUMBER_PLACEHOLDER, b.slice(n));
  return 0;
}

/** PHP's `version_compare($a, $b)` (the ordering Composer applies to normalised versions). */
export function phpVersionCompare(
  a: string | readonly string[],
  b: string | readonly string[],
): CompareResult {
  return compareList(
    typeof a === 'string' ? phpVersionParts(a) : a,
    typeof b === 'string' ? phpVersionParts(b) : b,
  );
}
