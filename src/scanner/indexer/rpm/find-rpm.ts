import type { FinderResult, LayerFile } from '../contracts.js';
import { parseRpmdb } from './parse-rpmdb.js';

/** Read one rpm database file, whatever its format. */
export function findRpm(file: LayerFile): FinderResult {
  return parseRpmdb(file.data, file.path);
}
