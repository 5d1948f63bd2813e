import { ancestorsOf } from './normalize-path.js';
import type { LayerShape } from './walk-layer.js';

/**
 * The union file system rules (OCI image spec, "Applying changesets"): a path found in layer i
 * is what a container sees unless a higher layer replaces it, deletes it with a whiteout (of the
 * path or of one of its parent directories), or hides its directory with an opaque whiteout.
 */
export class LayerStack {
  private readonly deleted: Set<string>[];
  private readonly opaque: Set<string>[];

  constructor(private readonly shapes: readonly Pick<LayerShape, 'whiteouts' | 'opaqueDirs'>[]) {
    this.deleted = shapes.map((s) => new Set(s.whiteouts));
    this.opaque = shapes.map((s) => new Set(s.opaqueDirs));
  }

  get length(): number {
    return this.shapes.length;
  }

  /** True when layer `j` removes `path` as it was in the layers below j. */
  deletesBelow(j: number, path: string): boolean {
    const del = this.deleted[j]!;
    const opq = this.opaque[j]!;
    if (del.has(path)) return true;
    for (const a of ancestorsOf(path)) if (del.has(a) || opq.has(a)) return true;
    return opq.has('') && path !== '';
  }

  /**
   * Is the copy of `path` found in layer `i` visible in the final image? `presentIn(j)` says
   * whether layer j has its own entry at `path` (which would replace the copy from i).
   */
  visible(i: number, path: string, presentIn: (j: number) => boolean): boolean {
    for (let j = i + 1; j < this.shapes.length; j++) {
      if (presentIn(j) || this.deletesBelow(j, path)) return false;
    }
    return true;
  }
}
