import { readFileSync } from 'node:fs';

import { RampartError, describeError } from '../runtime/errors.js';

/** Read one JSON object from a file, naming the file and what was expected when it fails. */
export function readJsonInput<T>(file: string, what: string, requiredKey?: string): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err: unknown) {
    throw new RampartError(
      'INPUT_UNREADABLE',
      `could not read ${what} "${file}": ${describeError(err)}; pass a ${what} JSON file`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RampartError('INPUT_FORMAT', `${file}: expected a ${what} JSON object`);
  }
  if (requiredKey && !(requiredKey in value)) {
    throw new RampartError('INPUT_FORMAT', `${file}: not a ${what} (no "${requiredKey}" field)`);
  }
  return value as T;
}
