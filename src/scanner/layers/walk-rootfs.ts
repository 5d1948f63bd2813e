import { lstat, open, opendir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

import { RampartError, describeError } from '../../runtime/errors.js';
import type { LayerFile } from '../indexer/contracts.js';
import { resolveLinkTarget } from './normalize-path.js';
import type { LayerShape, WalkOptions } from './walk-layer.js';

/** Top-level directories of a live system that are not part of an image. */
const SKIP_TOP = new Set(['proc', 'sys', 'dev']);

/**
 * Walk a flattened root filesystem as if it were one layer. Symlinks are never followed (a
 * claimed path that is a symlink is recorded with its target resolved inside the root), so a
 * link pointing at the host's /etc cannot leak host files into the report. Only claimed regular
 * files are read, each bounded by limits.maxClaimedFileBytes.
 */
export async function walkRootfs(root: string, opts: WalkOptions): Promise<LayerShape> {
  const shape: LayerShape = { entries: 0, whiteouts: [], opaqueDirs: [], symlinks: {}, warnings: [] };
  try {
    const st = await lstat(root);
    if (!st.isDirectory()) throw new Error('not a directory');
  } catch (err: unknown) {
    throw new RampartError(
      'SOURCE_NOT_FOUND',
      `root filesystem ${root} cannot be read: ${describeError(err)}`,
    );
  }
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let dir;
    try {
      dir = await opendir(rel ? join(root, rel) : root);
    } catch (err: unknown) {
      shape.warnings.push({
        code: 'ROOTFS_UNREADABLE',
        message: `${opts.label}: cannot list ${rel || '/'}: ${describeError(err)}`,
        subject: rel,
        source: 'layers',
      });
      continue;
    }
    for await (const ent of dir) {
      const path = rel ? `${rel}/${ent.name}` : ent.name;
      shape.entries++;
      if (shape.entries > opts.limits.maxLayerEntries) {
        throw new RampartError(
          'LAYER_TOO_MANY_ENTRIES',
          `${opts.label} has more than ${opts.limits.maxLayerEntries} entries (raise --max-layer-entries if this is expected)`,
        );
      }
      if (ent.isDirectory()) {
        if (!(rel === '' && SKIP_TOP.has(ent.name))) stack.push(path);
        continue;
      }
      const claimants = opts.claimants(path);
      if (claimants.length === 0) continue;
      const abs = join(root, path);
      if (ent.isSymbolicLink()) {
        const target = resolveLinkTarget(path, await readlink(abs));
        if (target !== undefined) shape.symlinks[path] = target;
        continue;
      }
      if (!ent.isFile()) continue;
      const file = await readBounded(abs, path, opts);
      if (file) await opts.onFile(file, claimants);
      else
        shape.warnings.push({
          code: 'LAYER_FILE_TOO_LARGE',
          message: `${opts.label}: ${path} is over the ${opts.limits.maxClaimedFileBytes}-byte limit for files read into memory; not analysed`,
          subject: path,
          source: 'layers',
        });
    }
  }
  return shape;
}

async function readBounded(abs: string, path: string, opts: WalkOptions): Promise<LayerFile | undefined> {
  const fh = await open(abs, 'r');
  try {
    const st = await fh.stat();
    if (st.size > opts.limits.maxClaimedFileBytes) return undefined;
    const data = await fh.readFile();
    return { path, data, size: data.length, mode: st.mode & 0o7777 };
  } finally {
    await fh.close();
  }
}
