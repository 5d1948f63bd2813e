import type { FinderResult, LayerFile } from '../contracts.js';
import { dpkgChildName, DPKG_INFO, DPKG_STATUS_D } from './dpkg-paths.js';
import { ownerFromFileName, parseFileList } from './parse-file-list.js';
import { parseStatus } from './parse-status.js';

/** Read a dpkg status file, a distroless status.d entry, or a package's file list. */
export function findDpkg(file: LayerFile): FinderResult {
  const text = file.data.toString('utf8');
  const infoName = dpkgChildName(file.path, DPKG_INFO);
  if (infoName !== undefined) {
    return {
      packages: [],
      warnings: [],
      ownedFiles: [{ owner: ownerFromFileName(infoName), paths: parseFileList(text, 'list') }],
    };
  }
  const statusDName = dpkgChildName(file.path, DPKG_STATUS_D);
  if (statusDName?.endsWith('.md5sums')) {
    const owner = ownerFromFileName(statusDName);
    return { packages: [], warnings: [], ownedFiles: [{ owner, paths: parseFileList(text, 'md5sums') }] };
  }
  return parseStatus(text, file.path);
}
