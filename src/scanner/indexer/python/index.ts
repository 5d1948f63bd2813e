import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalescePython } from './coalesce-python.js';
import type { PythonFileKind } from './find-python.js';

/** Core metadata of an installed distribution: wheel, egg-info directory or file, unzipped egg. */
const METADATA = /(?:\.dist-info\/METADATA|\.egg-info\/PKG-INFO|\.egg\/EGG-INFO\/PKG-INFO|\.egg-info)$/;
/** A zipped egg; a `.egg` directory's metadata is claimed through METADATA instead. */
const EGG_ARCHIVE = /\.egg$/;
const REQUIREMENTS = /^requirements[\w.-]*\.txt$/;

const LOCKFILES = new Set<PythonFileKind>(['poetry.lock', 'Pipfile.lock', 'uv.lock']);

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

function lockfileKind(path: string): PythonFileKind | undefined {
  if (insideSitePackages(path)) return undefined;
  const base = baseName(path);
  if (LOCKFILES.has(base as PythonFileKind)) return base as PythonFileKind;
  return REQUIREMENTS.test(base) ? 'requirements' : undefined;
}

function fileKind(path: string): PythonFileKind | undefined {
  if (EGG_ARCHIVE.test(path)) return 'egg';
  if (METADATA.test(path)) return 'metadata';
  return lockfileKind(path);
}

/** The parsers (a TOML parser and a zip reader among them) load on the first claimed file. */
let parser: Promise<typeof import('./find-python.js')> | undefined;

export const pythonFinder = {
  name: 'python',
  version: 1,
  kind: 'language',
  description:
    'Python distributions: dist-info/egg-info metadata, zipped eggs; requirements, poetry.lock, Pipfile.lock, uv.lock when not installed',
  claims(path: string): boolean {
    return METADATA.test(path) || EGG_ARCHIVE.test(path) || lockfileKind(path) !== undefined;
  },
  async find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
    const { findPython } = await (parser ??= import('./find-python.js'));
    return findPython(file, fileKind(file.path));
  },
  coalesce: coalescePython,
} satisfies PackageFinder;
