import { describeError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { binaryFinderResult } from './find-in-binary.js';
import { parseGoMod } from './parse-go-mod.js';
import { parseGoSum } from './parse-go-sum.js';

/** Read a go.mod, a go.sum or the build info of a Go binary. */
export function findGolang(file: LayerFile): FinderResult {
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  if (base !== 'go.mod' && base !== 'go.sum') return binaryFinderResult(file);
  const text = file.data.toString('utf8');
  try {
    const packages = base === 'go.mod' ? parseGoMod(text, file.path).packages : parseGoSum(text, file.path);
    return { packages, warnings: [] };
  } catch (err) {
    const message = `${base} could not be read (${describeError(err)}); its modules are not reported`;
    return {
      packages: [],
      warnings: [{ code: 'INDEXER_GO_MOD_MALFORMED', message, subject: file.path, source: 'golang' }],
    };
  }
}
