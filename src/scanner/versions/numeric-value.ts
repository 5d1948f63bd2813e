/** A digit string as a number, or a bigint when it would lose precision (compare with < and >). */
export function numericValue(digits: string): number | bigint {
  return digits.length <= 15 ? Number(digits) : BigInt(digits);
}
