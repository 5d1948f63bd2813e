/**
 * `vulndb import DIR|FILE`: offer every file of a local mirror to every feed's `accepts`
 * and group the files by the feed that scores highest. Files no feed wants are listed as
 * skipped; a tie between two feeds is FEED_ROUTE_AMBIGUOUS (a registry bug, not user error).
 */
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

import { RampartError } from '../../runtime/errors.js';
import type { Artefact, Feed } from './feeds/contracts.js';

export interface MirrorRoute {
  byFeed: Map<Feed, Artefact[]>;
  skipped: string[];
}

function head(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

export function routeMirror(root: string, feeds: readonly Feed[]): MirrorRoute {
  let files: string[];
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new RampartError(
      'VULNDB_IMPORT_PATH',
      `${root} does not exist; give a mirror directory or a feed file`,
    );
  }
  if (isDir) {
    files = [];
    walk(root, files);
  } else files = [root];
  const byFeed = new Map<Feed, Artefact[]>();
  const skipped: string[] = [];
  for (const path of files) {
    const name = isDir ? relative(root, path).split(sep).join('/') : basename(path);
    const h = head(path);
    let best: Feed | undefined;
    let bestScore = 0;
    let tie: Feed | undefined;
    for (const f of feeds) {
      const s = f.accepts({ path: name, head: h });
      if (s > bestScore) [best, bestScore, tie] = [f, s, undefined];
      else if (s > 0 && s === bestScore) tie = f;
    }
    if (tie && best) {
      throw new RampartError(
        'FEED_ROUTE_AMBIGUOUS',
        `${name} is claimed by both feed ${best.name} and feed ${tie.name}; import it with --feeds to choose one`,
      );
    }
    if (!best) skipped.push(name);
    else {
      const list = byFeed.get(best) ?? [];
      list.push({ path, name });
      byFeed.set(best, list);
    }
  }
  return { byFeed, skipped };
}
