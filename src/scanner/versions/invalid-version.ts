import { RampartError } from '../../runtime/errors.js';

const MAX_SHOWN = 120;

function shown(s: string): string {
  return JSON.stringify(s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);
}

/** The error every scheme throws for a version string it cannot read. */
export function invalidVersion(scheme: string, s: string, why: string): RampartError {
  return new RampartError(
    'VERSION_INVALID',
    `${shown(s)} is not a valid ${scheme} version: ${why}; check the version recorded by the package database or feed`,
  );
}

/** The error every scheme throws for a range or constraint it cannot read. */
export function invalidRange(scheme: string, s: string, why: string): RampartError {
  return new RampartError(
    'VERSION_RANGE_INVALID',
    `${shown(s)} is not a valid ${scheme} range: ${why}; check the constraint text in the advisory`,
  );
}

/** Longest version or range string any scheme accepts (bounds parsing cost of hostile input). */
export const MAX_VERSION_LENGTH = 1024;
