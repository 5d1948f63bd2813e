import type { PackageRecord } from '../../../model/package.js';
import { isRampartError } from '../../../runtime/errors.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalescePython } from './coalesce-python.js';
import { parseEggArchive } from './parse-egg-archive.js';
import { parseMetadata } from './parse-metadata.js';
import { parsePipfileLock } from './parse-pipfile-lock.js';
import { parsePoetryLock } from './parse-poetry-lock.js';
import { parseRequirements } from './parse-requirements.js';
import { parseUvLock } from './parse-uv-lock.js';

/** Core metadata of an installed distribution: wheel, egg-info directory or file, unzipped egg. */
const METADATA = /(?:\.dist-info\/METADATA|\.egg-info\/PKG-INFO|\.egg\/EGG-INFO\/PKG-INFO|\.egg-info)$/;
/** A zipped egg; a `.egg` directory's metadata is claimed through METADATA instead. */
const EGG_ARCHIVE = /\.egg$/;
const REQUIREMENTS = /^requirements[\w.-]*\.txt$/;

const LOCKFILES: Record<string, (data: Buffer, location: string) => PackageRecord[]> = {
  'poetry.lock': parsePoetryLock,
  'Pipfile.lock': parsePipfileLock,
  'uv.lock': parseUvLock,
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Lockfiles shipped inside installed distributions (or npm packages, or package docs) describe
 * their authors' builds, not the image.
 */
function insideSitePackages(path: string): boolean {
  return (
    /(?:^|\/)(?:site-packages|dist-packages|node_modules)\//.test(path) || path.startsWith('usr/share/doc/')
  );
}

function lockfileParser(path: string): ((data: Buffer, location: string) => PackageRecord[]) | undefined {
  if (insideSitePackages(path)) return undefined;
  const base = baseName(path);
  return LOCKFILES[base] ?? (REQUIREMENTS.test(base) ? parseRequirements : undefined);
}

export const pythonFinder = {
  name: 'python',
  version: 1,
  kind: 'language',
  description:
    'Python distributions: dist-info/egg-info metadata, zipped eggs; requirements, poetry.lock, Pipfile.lock, uv.lock when not installed',
  claims(path: string): boolean {
    return METADATA.test(path) || EGG_ARCHIVE.test(path) || lockfileParser(path) !== undefined;
  },
  async find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
    try {
      if (EGG_ARCHIVE.test(file.path))
        return { packages: [await parseEggArchive(file.data, file.path)], warnings: [] };
      if (METADATA.test(file.path)) return { packages: [parseMetadata(file.data, file.path)], warnings: [] };
      const parse = lockfileParser(file.path);
      return { packages: parse ? parse(file.data, file.path) : [], warnings: [] };
    } catch (err) {
      const message = isRampartError(err) ? err.message : `${file.path} could not be read: ${String(err)}`;
      return {
        packages: [],
        warnings: [{ code: 'FINDER_PARSE', message, subject: file.path, source: 'python' }],
      };
    }
  },
  coalesce: coalescePython,
} satisfies PackageFinder;
