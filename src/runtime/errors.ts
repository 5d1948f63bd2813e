/**
 * One error type for the whole product. `code` is stable (never renamed once released, see
 * docs/error-codes.md); `message` says what is wrong and what to do about it. Commands print
 * `message` as one line on stderr and map `code` to an exit status; libraries only throw.
 */
const BRAND = Symbol.for('rampart.error');

export class RampartError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RampartError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * `instanceof` holds across copies of this module (a lazily imported ES module next to a
   * CommonJS-loaded copy in a test runner, two installs of the package): it checks the brand,
   * not the prototype chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** True when `err` is a RampartError with one of the given codes (or any code when none given). */
export function isRampartError(err: unknown, ...codes: string[]): err is RampartError {
  return err instanceof RampartError && (codes.length === 0 || codes.includes(err.code));
}

/** A short text for an unknown thrown value, for wrapping third-party errors. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
