/**
 * One error type for the whole product. `code` is stable (never renamed once released, see
 * docs/error-codes.md); `message` says what is wrong and what to do about it. Commands print
 * `message` as one line on stderr and map `code` to an exit status; libraries only throw.
 */
export class RampartError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RampartError';
    this.code = code;
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
