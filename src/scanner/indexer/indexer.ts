import type { Readable } from 'node:stream';

import type { IndexReport } from '../../model/index-report.js';
import type { PackageRecord } from '../../model/package.js';
import type { Warning } from '../../model/warning.js';
import type { Limits } from '../../runtime/limits.js';
import type { Logger } from '../../runtime/log.js';
import { decompressLayer } from '../layers/decompress.js';
import { LayerStack } from '../layers/squash.js';
import { walkLayer, type LayerShape } from '../layers/walk-layer.js';
import { walkRootfs } from '../layers/walk-rootfs.js';
import type { ResolvedImage } from '../source/contracts.js';
import { LayerCache } from './cache.js';
import type {
  DistributionCandidate,
  DistributionDetector,
  FinderResult,
  LayerFile,
  PackageFinder,
} from './contracts.js';
import { assignOwnership, pickDistribution, qualifyOsPurls } from './finalize.js';
import { distributionDetectors, packageFinders } from './registry.js';

/** Bump when the walker's output (LayerShape) changes for the same layer bytes. */
export const WALKER_VERSION = 1;

export interface IndexContext {
  log: Logger;
  limits: Limits;
  signal?: AbortSignal;
}

export interface IndexOptions {
  /** Directory of the per-layer cache; undefined = no cache. */
  cacheDir?: string;
  /** Ignore cached results (they are still refreshed). */
  force?: boolean;
  /** Layers read at the same time. */
  concurrency?: number;
  finders?: readonly PackageFinder[];
  detectors?: readonly DistributionDetector[];
  toolVersion: string;
  onProgress?: (event: IndexProgress) => void;
}

export type IndexProgress =
  | { kind: 'layer-start'; index: number; total: number; size: number; cached: boolean }
  | { kind: 'layer-bytes'; index: number; bytes: number; size: number }
  | { kind: 'layer-done'; index: number; total: number; cached: boolean };

/** What one finder (or detector) found in one layer: per claimed path, its result. */
interface FinderLayerData<T> {
  files: Record<string, T>;
}
type ShapeData = Omit<LayerShape, never>;

interface LayerState {
  shape: ShapeData;
  finders: Map<string, FinderLayerData<FinderResult>>;
  detectors: Map<string, FinderLayerData<DistributionCandidate | null>>;
}

const detectorKey = (name: string) => `detect:${name}`;

/**
 * The indexing pipeline: for every layer, take its results from the cache or read it once
 * (decompress → verify diff-id → safe tar walk → finders on claimed files), then squash the
 * layers (whiteouts), pick the distribution, attribute each package to the layer that
 * introduced it, mark OS-owned language packages and apply each finder's coalescing rule.
 */
export async function indexImage(
  image: ResolvedImage,
  opts: IndexOptions,
  ctx: IndexContext,
): Promise<IndexReport> {
  const finders = opts.finders ?? packageFinders;
  const detectors = opts.detectors ?? distributionDetectors;
  const cache = opts.cacheDir && !image.rootfs ? LayerCache.open(opts.cacheDir) : undefined;
  try {
    const states: LayerState[] = new Array(image.rootfs ? 1 : image.layers.length);
    if (image.rootfs) {
      states[0] = await readLayer(image, 0, finders, detectors, ctx, opts);
    } else {
      const order = image.layers.map((l) => l.index);
      const workers = Math.max(1, Math.min(opts.concurrency ?? 2, order.length));
      let next = 0;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (next < order.length) {
            const i = order[next++]!;
            states[i] = await layerState(image, i, finders, detectors, ctx, opts, cache);
          }
        }),
      );
    }
    return buildReport(image, states, finders, opts.toolVersion);
  } finally {
    cache?.close();
  }
}

async function layerState(
  image: ResolvedImage,
  i: number,
  finders: readonly PackageFinder[],
  detectors: readonly DistributionDetector[],
  ctx: IndexContext,
  opts: IndexOptions,
  cache: LayerCache | undefined,
): Promise<LayerState> {
  const layer = image.layers[i]!;
  const total = image.layers.length;
  if (cache && !opts.force) {
    const shape = cache.getShape(layer.diffId, WALKER_VERSION) as ShapeData | undefined;
    if (shape) {
      const state: LayerState = { shape, finders: new Map(), detectors: new Map() };
      let complete = true;
      for (const f of finders) {
        const d = cache.getFindings<FinderLayerData<FinderResult>>(layer.diffId, f.name, f.version);
        if (d) state.finders.set(f.name, d);
        else complete = false;
      }
      for (const d of detectors) {
        const data = cache.getFindings<FinderLayerData<DistributionCandidate | null>>(
          layer.diffId,
          detectorKey(d.name),
          d.version,
        );
        if (data) state.detectors.set(d.name, data);
        else complete = false;
      }
      if (complete) {
        opts.onProgress?.({ kind: 'layer-start', index: i, total, size: layer.size, cached: true });
        opts.onProgress?.({ kind: 'layer-done', index: i, total, cached: true });
        ctx.log.debug('layer cache hit', { index: i, diffId: layer.diffId });
        return state;
      }
    }
  }
  const state = await readLayer(image, i, finders, detectors, ctx, opts);
  if (cache) {
    cache.put(layer.diffId, WALKER_VERSION, state.shape, [
      ...finders.map((f) => ({ finder: f.name, version: f.version, data: state.finders.get(f.name) })),
      ...detectors.map((d) => ({
        finder: detectorKey(d.name),
        version: d.version,
        data: state.detectors.get(d.name),
      })),
    ]);
  }
  return state;
}

async function readLayer(
  image: ResolvedImage,
  i: number,
  finders: readonly PackageFinder[],
  detectors: readonly DistributionDetector[],
  ctx: IndexContext,
  opts: IndexOptions,
): Promise<LayerState> {
  const state: LayerState = {
    shape: { entries: 0, whiteouts: [], opaqueDirs: [], symlinks: {}, warnings: [] },
    finders: new Map(finders.map((f) => [f.name, { files: {} }])),
    detectors: new Map(detectors.map((d) => [d.name, { files: {} }])),
  };
  const claimants = (path: string): string[] => {
    const out: string[] = [];
    for (const f of finders) if (f.claims(path)) out.push(f.name);
    for (const d of detectors) if (d.claims(path)) out.push(detectorKey(d.name));
    return out;
  };
  const byName = new Map(finders.map((f) => [f.name, f]));
  const detByKey = new Map(detectors.map((d) => [detectorKey(d.name), d]));
  const finderCtx = { log: ctx.log, limits: ctx.limits, signal: ctx.signal };

  const onFile = async (file: LayerFile, who: readonly string[]) => {
    for (const name of who) {
      const det = detByKey.get(name);
      if (det) {
        let cand: DistributionCandidate | null = null;
        try {
          cand = det.detect(file, finderCtx) ?? null;
        } catch (err: unknown) {
          state.shape.warnings.push(finderFailure(det.name, file.path, err));
        }
        state.detectors.get(det.name)!.files[file.path] = cand;
        continue;
      }
      const finder = byName.get(name)!;
      let result: FinderResult;
      try {
        result = await finder.find(file, finderCtx);
      } catch (err: unknown) {
        result = { packages: [], warnings: [finderFailure(finder.name, file.path, err)] };
      }
      state.finders.get(finder.name)!.files[file.path] = result;
    }
  };

  const total = image.rootfs ? 1 : image.layers.length;
  if (image.rootfs) {
    opts.onProgress?.({ kind: 'layer-start', index: 0, total, size: -1, cached: false });
    state.shape = await walkRootfs(image.rootfs, {
      label: `root filesystem ${image.rootfs}`,
      limits: ctx.limits,
      claimants,
      onFile,
    });
    opts.onProgress?.({ kind: 'layer-done', index: 0, total, cached: false });
    return state;
  }

  const layer = image.layers[i]!;
  const label = `layer ${i} (${layer.digest ?? layer.diffId})`;
  opts.onProgress?.({ kind: 'layer-start', index: i, total, size: layer.size, cached: false });
  const blob: Readable = await image.openLayer(i, ctx);
  const { stream } = await decompressLayer(blob, {
    hint: layer.compression,
    expectedDiffId: layer.diffId,
    label,
    limits: ctx.limits,
    onCompressedBytes: opts.onProgress
      ? (bytes) => opts.onProgress!({ kind: 'layer-bytes', index: i, bytes, size: layer.size })
      : undefined,
  });
  state.shape = await walkLayer(stream, { label, limits: ctx.limits, claimants, onFile });
  opts.onProgress?.({ kind: 'layer-done', index: i, total, cached: false });
  return state;
}

function finderFailure(name: string, path: string, err: unknown): Warning {
  const msg = err instanceof Error ? err.message : String(err);
  return {
    code: 'FINDER_FAILED',
    message: `${name} could not read ${path}: ${msg}`,
    subject: path,
    source: name,
  };
}

function buildReport(
  image: ResolvedImage,
  states: LayerState[],
  finders: readonly PackageFinder[],
  toolVersion: string,
): IndexReport {
  const stack = new LayerStack(states.map((s) => s.shape));
  const warnings: Warning[] = states.flatMap((s) => s.shape.warnings);
  const present = (j: number, name: string, path: string, detector = false) => {
    const s = states[j]!;
    const data = detector ? s.detectors.get(name) : s.finders.get(name);
    return Boolean(data && path in data.files) || path in s.shape.symlinks;
  };

  // Distribution: visible candidates from every detector.
  const candidates: { cand: DistributionCandidate; layer: number }[] = [];
  states.forEach((s, i) => {
    for (const [name, data] of s.detectors) {
      for (const [path, cand] of Object.entries(data.files)) {
        if (cand && stack.visible(i, path, (j) => present(j, name, path, true)))
          candidates.push({ cand, layer: i });
      }
    }
  });
  const distribution = pickDistribution(candidates);

  const packages: PackageRecord[] = [];
  const ownedFiles = new Map<string, string>();
  for (const finder of finders) {
    const mine: PackageRecord[] = [];
    states.forEach((s, i) => {
      const data = s.finders.get(finder.name);
      if (!data) return;
      for (const [path, result] of Object.entries(data.files)) {
        if (!stack.visible(i, path, (j) => present(j, finder.name, path))) continue;
        warnings.push(...result.warnings);
        for (const own of result.ownedFiles ?? []) for (const p of own.paths) ownedFiles.set(p, own.owner);
        for (const pkg of result.packages) {
          const introduced = introducedIn(states, stack, finder.name, path, i, pkg);
          const layer = image.rootfs
            ? { index: 0, diffId: 'rootfs' }
            : { index: introduced, diffId: image.layers[introduced]!.diffId };
          mine.push({ ...pkg, layer });
        }
      }
    });
    packages.push(...(finder.coalesce ? finder.coalesce(mine) : mine));
  }
  assignOwnership(packages, ownedFiles);
  qualifyOsPurls(packages, distribution);
  packages.sort(comparePackages);

  const cfg = image.config.config ?? {};
  return {
    schemaVersion: 1,
    tool: {
      name: 'rampart',
      version: toolVersion,
      finders: finders.map((f) => ({ name: f.name, version: f.version })),
    },
    image: {
      reference: image.reference,
      sourceKind: image.sourceKind,
      ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
      ...(image.configDigest ? { configDigest: image.configDigest } : {}),
      platform: image.platform,
      ...(image.config.created ? { created: image.config.created } : {}),
      ...(image.repoTags?.length ? { repoTags: image.repoTags } : {}),
      ...(cfg.User ? { user: cfg.User } : {}),
      ...(cfg.WorkingDir ? { workingDir: cfg.WorkingDir } : {}),
      ...(cfg.Labels && Object.keys(cfg.Labels).length ? { labels: cfg.Labels } : {}),
      layers: image.layers.map((l) => ({
        index: l.index,
        diffId: l.diffId,
        ...(l.digest ? { digest: l.digest } : {}),
        mediaType: l.mediaType,
        size: l.size,
        ...(l.createdBy ? { createdBy: l.createdBy } : {}),
      })),
    },
    ...(distribution ? { distribution } : {}),
    packages,
    warnings: dedupeWarnings(warnings),
  };
}

/** Lowest layer from which this package has been continuously present at `path`. */
function introducedIn(
  states: LayerState[],
  stack: LayerStack,
  finder: string,
  path: string,
  top: number,
  pkg: PackageRecord,
): number {
  let k = top;
  for (let j = top; j >= 0; j--) {
    const files = states[j]!.finders.get(finder)?.files;
    const res = files?.[path];
    if (res) {
      if (res.packages.some((p) => p.name === pkg.name && p.version === pkg.version && p.arch === pkg.arch))
        k = j;
      else break;
    }
    if (stack.deletesBelow(j, path)) break;
  }
  return k;
}

function comparePackages(a: PackageRecord, b: PackageRecord): number {
  return (
    cmp(a.type, b.type) ||
    cmp(a.name, b.name) ||
    cmp(a.version, b.version) ||
    cmp(a.location, b.location) ||
    cmp(a.arch ?? '', b.arch ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupeWarnings(ws: Warning[]): Warning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const k = `${w.code}\0${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
