import type { PackageRecord } from '../../../model/package.js';
import { isRampartError } from '../../../runtime/errors.js';
import type { FinderResult, LayerFile } from '../contracts.js';
import { parseEggArchive } from './parse-egg-archive.js';
import { parseMetadata } from './parse-metadata.js';
import { parsePipfileLock } from './parse-pipfile-lock.js';
import { parsePoetryLock } from './parse-poetry-lock.js';
import { parseRequirements } from './parse-requirements.js';
import { parseUvLock } from './parse-uv-lock.js';

/** What a claimed Python file is, as index.ts decided from its path. */
export type PythonFileKind = 'egg' | 'metadata' | 'poetry.lock' | 'Pipfile.lock' | 'uv.lock' | 'requirements';

const PARSERS: Record<Exclude<PythonFileKind, 'egg'>, (data: Buffer, location: string) => PackageRecord[]> = {
  metadata: (data, location) => [parseMetadata(data, location)],
  'poetry.lock': parsePoetryLock,
  'Pipfile.lock': parsePipfileLock,
  'uv.lock': parseUvLock,
  requirements: parseRequirements,
};

/** Read one claimed Python file; a broken file is a warning. */
export async function findPython(file: LayerFile, kind: PythonFileKind | undefined): Promise<FinderResult> {
  try {
    if (kind === 'egg') return { packages: [await parseEggArchive(file.data, file.path)], warnings: [] };
    return { packages: kind ? PARSERS[kind](file.data, file.path) : [], warnings: [] };
  } catch (err) {
    const message = isRampartError(err) ? err.message : `${file.path} could not be read: ${String(err)}`;
    return {
      packages: [],
      warnings: [{ code: 'FINDER_PARSE', message, subject: file.path, source: 'python' }],
    };
  }
}
