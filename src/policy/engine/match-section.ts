/**
 * Linked evaluation of one section: walk the augmented object level by level; at each node the
 * groups of that level must match; each active child level must yield at least one match under
 * the node; results are the cross product over sibling levels (indices agree on the common path).
 */
import { bindChild, childNodes, type Binding, type LinkLevel } from './augmented.js';
import type { CompiledSection } from './compile-policies.js';

export interface SectionMatch {
  binding: Binding;
  /** Field name → matched values (what StackRox's evaluator puts in a result's field map). */
  matches: Map<string, string[]>;
}

/** Upper bound on linked combinations kept per section, against pathological cross products. */
const MAX_MATCHES = 1000;

function evalLevel(section: CompiledSection, level: LinkLevel, b: Binding): SectionMatch[] | null {
  const own = new Map<string, string[]>();
  for (const g of section.byLevel.get(level) ?? []) {
    const m = g.matcher(g.field.read(b));
    if (m === null) return null;
    own.set(g.field.name, m);
  }
  let results: SectionMatch[] = [{ binding: b, matches: own }];
  for (const child of section.children.get(level) ?? []) {
    const found: SectionMatch[] = [];
    for (const node of childNodes(child, b)) {
      const r = evalLevel(section, child, bindChild(child, b, node));
      if (r) for (const x of r) if (found.length < MAX_MATCHES) found.push(x);
    }
    if (found.length === 0) return null;
    const merged: SectionMatch[] = [];
    for (const left of results) {
      for (const right of found) {
        if (merged.length >= MAX_MATCHES) break;
        const matches = new Map(left.matches);
        for (const [k, v] of right.matches) matches.set(k, v);
        merged.push({ binding: { ...left.binding, ...right.binding }, matches });
      }
    }
    results = merged;
  }
  return results;
}

/** A compiled existence check over a mutable binding (no allocation per node). */
export type ExistsCheck = (b: Binding) => boolean;

/**
 * Compiles the allocation-light "does some linked combination satisfy every group?" check that
 * runs before the full match (most sections do not match most workloads).
 */
export function compileExists(section: CompiledSection, level: LinkLevel = 'deployment'): ExistsCheck {
  const own = section.byLevel.get(level) ?? [];
  const kids = (section.children.get(level) ?? []).map((child) => ({
    child,
    check: compileExists(section, child),
  }));
  return (b) => {
    for (const g of own) if (g.matcher(g.field.read(b)) === null) return false;
    const slot = b as unknown as Record<LinkLevel, unknown>;
    for (const k of kids) {
      const saved = slot[k.child];
      let found = false;
      for (const node of childNodes(k.child, b)) {
        slot[k.child] = node;
        if (k.check(b)) {
          found = true;
          break;
        }
      }
      slot[k.child] = saved;
      if (!found) return false;
    }
    return true;
  };
}

/** All linked matches of the section in the context, or null when the section does not match. */
export function matchSection(section: CompiledSection, root: Binding): SectionMatch[] | null {
  if (section.groups.length === 0) return null;
  if (!section.exists(root)) return null;
  return evalLevel(section, 'deployment', root);
}
