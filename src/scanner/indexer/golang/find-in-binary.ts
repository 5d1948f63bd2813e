import { describeError, RampartError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { readExecutable } from '../read-executable.js';
import { parseGoBinary } from './parse-go-binary.js';

/** One claimed executable → its Go modules, or nothing when it is not a Go binary. Never throws on bad input. */
export function binaryFinderResult(file: LayerFile): FinderResult {
  try {
    const exe = readExecutable(file.data);
    if (!exe) return { packages: [], warnings: [] };
    const packages = parseGoBinary(file.data, exe, file.path);
    if (packages) return { packages, warnings: [] };
    if (exe.problems.length > 0) {
      return {
        packages: [],
        warnings: [
          {
            code: 'INDEXER_EXECUTABLE_MALFORMED',
            message: `executable has damaged headers (${exe.problems[0]}); any Go modules in it are not reported`,
            subject: file.path,
            source: 'golang',
          },
        ],
      };
    }
    return { packages: [], warnings: [] };
  } catch (err) {
    // Any failure on a hostile file is a warning: the rest of the layer is still scanned.
    const code = err instanceof RampartError ? err.code : 'INDEXER_GO_BINARY_UNREADABLE';
    const message =
      err instanceof RampartError
        ? err.message
        : `Go build info could not be read (${describeError(err)}); the binary's modules are not reported`;
    return { packages: [], warnings: [{ code, message, subject: file.path, source: 'golang' }] };
  }
}
