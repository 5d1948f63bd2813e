import { RampartError } from '../../../runtime/errors.js';
import { readTomlTables, TomlSyntaxError } from './read-toml-tables.js';

/** The `[[package]]` tables of a TOML lockfile (poetry.lock, uv.lock); bad TOML is FINDER_PARSE. */
export function lockPackageTables(data: Buffer | string, location: string): Record<string, unknown>[] {
  let tables;
  try {
    tables = readTomlTables(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (err) {
    if (!(err instanceof TomlSyntaxError)) throw err;
    throw new RampartError(
      'FINDER_PARSE',
      `${location} is not valid TOML (${err.message}); the file was skipped`,
    );
  }
  return tables
    .filter((t) => t.arrayItem && t.path.length === 1 && t.path[0] === 'package')
    .map((t) => t.values);
}
