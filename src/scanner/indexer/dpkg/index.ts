import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { ownerFromFileName, parseFileList } from './parse-file-list.js';
import { parseStatus } from './parse-status.js';

const STATUS = 'var/lib/dpkg/status';
const STATUS_D = 'var/lib/dpkg/status.d/';
const INFO = 'var/lib/dpkg/info/';

function childName(path: string, dir: string): string | undefined {
  if (!path.startsWith(dir)) return undefined;
  const rest = path.slice(dir.length);
  return rest === '' || rest.includes('/') ? undefined : rest;
}

function find(file: LayerFile, _ctx: FinderContext): FinderResult {
  const text = file.data.toString('utf8');
  const infoName = childName(file.path, INFO);
  if (infoName !== undefined) {
    return {
      packages: [],
      warnings: [],
      ownedFiles: [{ owner: ownerFromFileName(infoName), paths: parseFileList(text, 'list') }],
    };
  }
  const statusDName = childName(file.path, STATUS_D);
  if (statusDName?.endsWith('.md5sums')) {
    const owner = ownerFromFileName(statusDName);
    return { packages: [], warnings: [], ownedFiles: [{ owner, paths: parseFileList(text, 'md5sums') }] };
  }
  return parseStatus(text, file.path);
}

export const dpkgFinder = {
  name: 'dpkg',
  version: 1,
  kind: 'os',
  description:
    'Debian packages from var/lib/dpkg/status and distroless status.d/, with the files each package owns (info/*.list, status.d/*.md5sums)',
  claims(path: string): boolean {
    if (path === STATUS) return true;
    if (childName(path, STATUS_D) !== undefined) return true;
    return childName(path, INFO)?.endsWith('.list') ?? false;
  },
  find,
} satisfies PackageFinder;
