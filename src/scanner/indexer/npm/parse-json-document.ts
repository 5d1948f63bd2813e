import { RampartError } from '../../../runtime/errors.js';

/** Decodes UTF-8 (dropping a BOM) and parses JSON; a syntax error becomes FINDER_PARSE. */
export function parseJsonDocument(data: Buffer | string, location: string): unknown {
  let text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new RampartError(
      'FINDER_PARSE',
      `${location} is not valid JSON (${reason}); the file was skipped — fix or remove it to have its packages listed`,
    );
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
