import type { FinderResult, LayerFile } from '../contracts.js';
import { parseInstalled } from './parse-installed.js';

/** Read one apk installed database. */
export function findApk(file: LayerFile): FinderResult {
  return parseInstalled(file.data.toString('utf8'), file.path);
}
