import { RampartError } from '../../runtime/errors.js';

/**
 * A Kubernetes resource quantity (`500m`, `1.5`, `128Mi`, `1G`, `1e3`), held exactly as
 * `mantissa × 10^exp10 × 2^exp2` with a BigInt mantissa, so conversions round the way
 * Kubernetes does rather than the way floating point happens to.
 */
export interface Quantity {
  mantissa: bigint;
  exp10: number;
  exp2: number;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const SHAPE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/;

/** Parse a quantity string or number; throws `WORKLOAD_QUANTITY_INVALID` for anything else. */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? numberText(input) : input.trim();
  const m = SHAPE.exec(text);
  if (!m) throw invalid(input);
  const [, sign, num, suffix] = m as unknown as [string, string, string, string];
  const [whole, frac = ''] = num.split('.');
  let mantissa = BigInt((whole || '0') + frac);
  if (sign === '-') mantissa = -mantissa;
  let exp10 = -frac.length;
  let exp2 = 0;
  if (suffix in BINARY) exp2 = BINARY[suffix]!;
  else if (suffix in DECIMAL) exp10 += DECIMAL[suffix]!;
  else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!e) throw invalid(input);
    exp10 += Number(e[1]);
  }
  return { mantissa, exp10, exp2 };
}

/** CPU quantity in cores (Kubernetes' decimal value, as StackRox's `cpuCores*` fields hold it). */
export function quantityToCores(q: Quantity): number {
  return Number(decimalText(q));
}

/** Memory quantity in MB as StackRox counts them: bytes rounded up to a whole byte, / 1024². */
export function quantityToMb(q: Quantity): number {
  return Number(ceilBytes(q)) / (1024 * 1024);
}

/** The quantity's value rounded up to an integer (Kubernetes' `Quantity.Value()`). */
export function ceilBytes(q: Quantity): bigint {
  let num = q.mantissa * 2n ** BigInt(q.exp2);
  let den = 1n;
  if (q.exp10 >= 0) num *= 10n ** BigInt(q.exp10);
  else den = 10n ** BigInt(-q.exp10);
  const quot = num / den;
  return num % den > 0n ? quot + 1n : quot;
}

function decimalText(q: Quantity): string {
  // Binary suffixes on CPU are legal (`1Ki` cores): expand 2^n into the mantissa first.
  let mantissa = q.mantissa * 2n ** BigInt(q.exp2);
  const exp10 = q.exp10;
  if (exp10 >= 0) return (mantissa * 10n ** BigInt(exp10)).toString();
  const neg = mantissa < 0n;
  if (neg) mantissa = -mantissa;
  const digits = mantissa.toString().padStart(-exp10 + 1, '0');
  const cut = digits.length + exp10;
  return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  return s.includes('e') ? s.replace('e+', 'e') : s;
}

function invalid(input: string | number): RampartError {
  return new RampartError(
    'WORKLOAD_QUANTITY_INVALID',
    `"${String(input)}" is not a Kubernetes quantity (examples: 500m, 1.5, 128Mi, 1G, 1e3); fix the resources block`,
  );
}
