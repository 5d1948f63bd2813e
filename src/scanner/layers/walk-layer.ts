import type { Readable } from 'node:stream';

import { createRequire } from 'node:module';

import type { Header as Headers } from 'tar-stream';

import type { Warning } from '../../model/warning.js';
import { RampartError } from '../../runtime/errors.js';
import type { Limits } from '../../runtime/limits.js';
import type { LayerFile } from '../indexer/contracts.js';
import { isSuspiciousEntryName, normalizeEntryPath, resolveLinkTarget } from './normalize-path.js';
import { toLayerError } from './decompress.js';

/** What one pass over a layer tells about its shape (independent of any finder). */
export interface LayerShape {
  entries: number;
  /** Paths a `.wh.<name>` entry deletes from lower layers. */
  whiteouts: string[];
  /** Directories whose lower-layer content a `.wh..wh..opq` entry hides. */
  opaqueDirs: string[];
  /** Symlinks at claimed paths: path → resolved target inside the image. */
  symlinks: Record<string, string>;
  warnings: Warning[];
}

export interface WalkOptions {
  /** "layer 2 (sha256:…)" for messages. */
  label: string;
  limits: Limits;
  /** Which claimants want this path (empty = nobody: the entry is skipped unread). */
  claimants(path: string): readonly string[];
  /** Called for every claimed regular file, in tar order; the walk waits for it. */
  onFile(file: LayerFile, claimants: readonly string[]): void | Promise<void>;
}

// tar-stream is loaded when a layer is first read: a warm rescan from the cache never needs it.
const requireLazy = createRequire(import.meta.url);
const tarExtract = (): ReturnType<typeof import('tar-stream').extract> =>
  (requireLazy('tar-stream') as typeof import('tar-stream')).extract();

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/**
 * Read a layer tar once, as a stream. Nothing is written to disk. Entries are normalised; a
 * name or link that would climb out of the image root is skipped with a warning; device
 * files and FIFOs are never read; whiteouts are recorded, not applied (the squash step applies
 * them across layers). Only claimed regular files are buffered, each bounded by
 * limits.maxClaimedFileBytes; the entry count is bounded by limits.maxLayerEntries.
 */
export async function walkLayer(tar: Readable, opts: WalkOptions): Promise<LayerShape> {
  const shape: LayerShape = { entries: 0, whiteouts: [], opaqueDirs: [], symlinks: {}, warnings: [] };
  const { limits, label } = opts;
  const warn = (code: string, message: string, subject?: string) =>
    shape.warnings.push({ code, message: `${label}: ${message}`, subject, source: 'layers' });
  // Claimed files of this layer, kept only for hard links that point at them.
  const claimedData = new Map<string, LayerFile>();

  const extract = tarExtract();
  tar.on('error', (e) => extract.destroy(e));
  tar.pipe(extract);

  try {
    for await (const entry of extract) {
      const header: Headers = entry.header;
      shape.entries++;
      if (shape.entries > limits.maxLayerEntries) {
        throw new RampartError(
          'LAYER_TOO_MANY_ENTRIES',
          `${label} has more than ${limits.maxLayerEntries} entries; refusing it as a possible tar bomb (raise the limit with --max-layer-entries if the image is genuine)`,
        );
      }
      await handleEntry(header, entry as unknown as Readable);
    }
  } catch (err: unknown) {
    tar.destroy();
    throw toLayerError(err, label);
  }
  return shape;

  async function handleEntry(header: Headers, body: Readable): Promise<void> {
    const raw = header.name;
    const path = normalizeEntryPath(raw);
    if (path === undefined || isSuspiciousEntryName(raw)) {
      warn('LAYER_PATH_ESCAPE', `entry "${raw}" uses ".." to leave the image root; skipped`, raw);
      return drain(body);
    }
    if (path === '') return drain(body);
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const base = slash < 0 ? path : path.slice(slash + 1);

    if (base === OPAQUE) {
      shape.opaqueDirs.push(dir);
      return drain(body);
    }
    if (base.startsWith(WHITEOUT)) {
      if (!base.startsWith(WHITEOUT + WHITEOUT)) {
        const target = base.slice(WHITEOUT.length);
        if (target && target !== '.' && target !== '..')
          shape.whiteouts.push(dir ? `${dir}/${target}` : target);
      }
      return drain(body);
    }

    const claimants = opts.claimants(path);
    switch (header.type) {
      case 'file':
      case 'contiguous-file': {
        if (claimants.length === 0) return drain(body);
        const size = header.size ?? 0;
        if (size > limits.maxClaimedFileBytes) {
          warn(
            'LAYER_FILE_TOO_LARGE',
            `${path} is ${size} bytes, over the ${limits.maxClaimedFileBytes}-byte limit for files read into memory; not analysed`,
            path,
          );
          return drain(body);
        }
        const data = await readAll(body, size, limits.maxClaimedFileBytes, `${label} ${path}`);
        const file: LayerFile = { path, data, size: data.length, mode: (header.mode ?? 0o644) & 0o7777 };
        claimedData.set(path, file);
        await opts.onFile(file, claimants);
        return;
      }
      case 'link': {
        const target = header.linkname ? normalizeEntryPath(header.linkname) : undefined;
        if (target === undefined || isSuspiciousEntryName(header.linkname ?? '')) {
          warn(
            'LAYER_LINK_ESCAPE',
            `hard link ${path} points outside the image root ("${header.linkname}"); skipped`,
            path,
          );
          return drain(body);
        }
        if (claimants.length === 0) return drain(body);
        const same = claimedData.get(target);
        if (same) {
          const file: LayerFile = { ...same, path };
          claimedData.set(path, file);
          await opts.onFile(file, claimants);
        } else {
          warn(
            'LAYER_LINK_UNREAD',
            `hard link ${path} → ${target}: target content not available in this layer`,
            path,
          );
        }
        return drain(body);
      }
      case 'symlink': {
        const target = resolveLinkTarget(path, header.linkname ?? '');
        if (target === undefined) {
          warn(
            'LAYER_LINK_ESCAPE',
            `symlink ${path} points outside the image root ("${header.linkname}"); not followed`,
            path,
          );
        } else if (claimants.length > 0) {
          shape.symlinks[path] = target;
        }
        return drain(body);
      }
      case 'character-device':
      case 'block-device':
      case 'fifo':
        if (claimants.length > 0)
          warn('LAYER_SPECIAL_FILE', `${path} is a ${header.type}, not a regular file; not read`, path);
        return drain(body);
      default:
        return drain(body);
    }
  }
}

function drain(body: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    body.on('end', resolve);
    body.on('error', reject);
    body.resume();
  });
}

async function readAll(body: Readable, expected: number, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let len = 0;
  for await (const chunk of body) {
    len += (chunk as Buffer).length;
    if (len > max) throw new RampartError('LAYER_FILE_TOO_LARGE', `${what} is larger than its header says`);
    chunks.push(chunk as Buffer);
  }
  if (len !== expected)
    throw new RampartError('LAYER_CORRUPT', `${what}: read ${len} bytes, header says ${expected}`);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, len);
}
