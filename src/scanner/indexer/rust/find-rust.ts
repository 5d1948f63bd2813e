import { describeError, RampartError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { readExecutable } from '../read-executable.js';
import { parseRustBinary } from './parse-audit-data.js';
import { parseCargoLock } from './parse-cargo-lock.js';

/** Read a Cargo.lock (`cargoLock`) or the cargo-auditable data of a binary; a broken file is a warning. */
export function findRust(file: LayerFile, cargoLock: boolean): FinderResult {
  try {
    if (cargoLock) return { packages: parseCargoLock(file.data.toString('utf8'), file.path), warnings: [] };
    const exe = readExecutable(file.data);
    const packages = exe ? parseRustBinary(file.data, exe, file.path) : undefined;
    if (!packages && exe && exe.problems.length > 0) {
      const message = `executable has damaged headers (${exe.problems[0]}); any Rust crates in it are not reported`;
      return {
        packages: [],
        warnings: [{ code: 'INDEXER_EXECUTABLE_MALFORMED', message, subject: file.path, source: 'rust' }],
      };
    }
    return { packages: packages ?? [], warnings: [] };
  } catch (err) {
    // Any failure on a hostile file is a warning: the rest of the layer is still scanned.
    const code = err instanceof RampartError ? err.code : 'INDEXER_RUST_UNREADABLE';
    const message =
      err instanceof RampartError
        ? err.message
        : `crates could not be read (${describeError(err)}); the file's crates are not reported`;
    return { packages: [], warnings: [{ code, message, subject: file.path, source: 'rust' }] };
  }
}
