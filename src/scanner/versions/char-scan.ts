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

/**
 * Dot-separated identifiers in `s[i..end)`, each non-empty `[0-9A-Za-z-]` (SemVer 2 pre-release
 * and build parts), or undefined when one is empty or holds another character. With `numeric`,
 * an all-digit identifier becomes what it returns (undefined refuses the whole list, e.g. a
 * leading zero); without it every identifier is text.
 */
export function dotIdentifiers<N>(
  s: string,
  i: number,
  end: number,
  numeric?: (s: string, start: number, end: number) => N | undefined,
): (string | N)[] | undefined {
  const out: (string | N)[] = [];
  let start = i;
  let digits = true;
  for (let k = i; k <= end; k++) {
    const c = k < end ? s.charCodeAt(k) : 46;
    if (c === 46) {
      if (k === start) return undefined;
      if (numeric && digits) {
        const n = numeric(s, start, k);
        if (n === undefined) return undefined;
        out.push(n);
      } else out.push(s.slice(start, k));
      start = k + 1;
      digits = true;
    } else if (!isDigit(c)) {
      if (!isIdentChar(c)) return undefined;
      digits = false;
    }
  }
  return out;
}
