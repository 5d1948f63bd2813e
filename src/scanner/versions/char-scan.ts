/**
 * Char-code helpers for the hand-written version parsers: one pass over the string, no regular
 * expressions and no intermediate arrays on the common path.
 */

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isAlnum = (c: number): boolean => isDigit(c) || isLetter(c);
/** `[0-9A-Za-z-]`, the identifier alphabet of SemVer 2 and its relatives. */
export const isIdentChar = (c: number): boolean => isAlnum(c) || c === 45;

/** Index of the first non-digit at or after `i` (`i` itself when there is no digit). */
export function digitsEnd(s: string, i: number): number {
  let k = i;
  while (k < s.length && isDigit(s.charCodeAt(k))) k++;
  return k;
}

/**
 * The value of the digits `s[i..end)` (non-empty), like `numericValue`: a number up to 15
 * digits (leading zeros included), a bigint beyond, so that `<` and `>` stay exact.
 */
export function digitsValue(s: string, i: number, end: number): number | bigint {
  if (end - i > 15) return BigInt(s.slice(i, end));
  let n = 0;
  for (let k = i; k < end; k++) n = n * 10 + (s.charCodeAt(k) - 48);
  return n;
}

/** True when `s[i..end)` is all digits (and not empty). */
export function allDigits(s: string, i: number, end: number): boolean {
  if (end <= i) return false;
  for (let k = i; k < end; k++) if (!isDigit(s.charCodeAt(k))) return false;
  return true;
}
