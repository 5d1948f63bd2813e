/**
 * Linked evaluation of one section: walk the augmented object level by level; at each node the
 * groups of that level must match; each active child level must yield at least one match under
 * the node; results are the cross product over sibling levels (indices agree on the common path).
 */
import {
  activeVulnNodes,
  activeVulnsWithCve,
  bindChild,
  childNodes,
  componentsNamed,
  vulnComponentNodes,
  type Binding,
  type LinkLevel,
} from './augmented.js';
import { plainWords } from './re2-regex.js';
import type { CompiledSection } from './compile-policies.js';

export interface SectionMatch {
  binding: Binding;
  /** Field name → matched values (what StackRox's evaluator puts in a result's field map). */
  matches: Map<string, string[]>;
}

type Nodes = (b: Binding) => readonly unknown[];

const nodeSources = new Map<LinkLevel, Nodes>();

/**
 * Where the section finds the elements of `child`: the augmented object's own arrays, except that
 * vulnerability levels walk only the active vulnerabilities and the components that have some
 * (the only nodes their groups can hold on; see augmented.ts). Skipped nodes never match, so the
 * matches and their order are those of the full walk.
 */
/** Node sources per section (keyed by its `byLevel` map) and child level, planned once. */
const planned = new WeakMap<object, Map<LinkLevel, Nodes>>();

function nodeSource(section: Pick<CompiledSection, 'children' | 'byLevel'>, child: LinkLevel): Nodes {
  let bySection = planned.get(section.byLevel);
  if (bySection === undefined) planned.set(section.byLevel, (bySection = new Map()));
  let f = bySection.get(child);
  if (f === undefined) bySection.set(child, (f = planNodeSource(section, child)));
  return f;
}

function planNodeSource(section: Pick<CompiledSection, 'children' | 'byLevel'>, child: LinkLevel): Nodes {
  const cves = child === 'vuln' || child === 'component' ? plainNameTests(section, 'vuln', 'CVE') : undefined;
  if (cves !== undefined) {
    const { tests, key } = cves;
    if (child === 'vuln') {
      return (b) =>
        b.container && b.component
          ? (activeVulnsWithCve(b.container, tests, key).vulns.get(b.component) ?? NO_NODES)
          : NO_NODES;
    }
    return (b) => (b.container ? activeVulnsWithCve(b.container, tests, key).components : NO_NODES);
  }
  if (child === 'vuln') return activeVulnNodes;
  if (child === 'component' && section.children.get('component')?.includes('vuln')) return vulnComponentNodes;
  if (child === 'component') {
    const names = plainNameTests(section, 'component', 'Image Component');
    if (names !== undefined) {
      const { tests, key } = names;
      return (b) => (b.container ? componentsNamed(b.container, tests, key) : NO_NODES);
    }
  }
  let f = nodeSources.get(child);
  if (f === undefined) {
    f = (b) => childNodes(child, b);
    nodeSources.set(child, f);
  }
  return f;
}

const NO_NODES: readonly unknown[] = [];

/**
 * The names a group of the section can match, when it can only hold on a node named by one of
 * them: a not negated `Image Component` group whose values all name components by plain words or
 * word alternations (`apt|dpkg=`, `rpm=4.14`), or a not negated `CVE` group whose values are such
 * words (`CVE-2021-44228`). Such a name part is compared as a whole, ASCII letters ignoring case
 * (re2-regex.ts `compileWholeMatch`, `plainWords`), so a node named by none of the words fails
 * the group (with AND or OR) and so the section. `tests` are the words in lower case, `key` names
 * the list. Undefined when no group qualifies.
 */
function plainNameTests(
  section: Pick<CompiledSection, 'byLevel'>,
  level: LinkLevel,
  field: 'Image Component' | 'CVE',
): { tests: string[]; key: string } | undefined {
  for (const g of section.byLevel.get(level) ?? []) {
    if (g.field.name !== field || g.negate || g.values.length === 0) continue;
    const words = new Set<string>();
    let plain = true;
    for (const v of g.values) {
      let name: string;
      if (field === 'CVE') name = v.startsWith('r/') ? v.slice(2) : v;
      else {
        const i = v.indexOf('=');
        name = i < 0 ? '' : v.slice(0, i);
      }
      const ws = plainWords(name);
      if (ws === undefined) {
        plain = false;
        break;
      }
      for (const w of ws) words.add(w);
    }
    if (plain) {
      const tests = [...words];
      return { tests, key: tests.join('|') };
    }
  }
  return undefined;
}

/** Upper bound on linked combinations kept per section, against pathological cross products. */
const MAX_MATCHES = 1000;

/** Shared by levels without groups of their own; match maps are never changed once built. */
const NO_MATCHES: Map<string, string[]> = new Map();

/** Matched values of the level's groups, in group order (reused: ownMatches is not re-entered). */
const scratch: string[][] = [];

/** The level's own groups on `b`: field name → matched values, or null when one fails. */
function ownMatches(section: CompiledSection, level: LinkLevel, b: Binding): Map<string, string[]> | null {
  const groups = section.byLevel.get(level);
  if (groups === undefined) return NO_MATCHES;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const m = g.matcher(g.field.read(b));
    if (m === null) return null;
    scratch[i] = m;
  }
  // Built after the checks, in group order, so a failing node allocates no map.
  const own = new Map<string, string[]>();
  for (let i = 0; i < groups.length; i++) own.set(groups[i]!.field.name, scratch[i]!);
  return own;
}

function evalLevel(section: CompiledSection, level: LinkLevel, b: Binding): SectionMatch[] | null {
  const own = ownMatches(section, level, b);
  if (own === null) return null;
  let results: SectionMatch[] = [{ binding: b, matches: own }];
  for (const child of section.children.get(level) ?? []) {
    const found: SectionMatch[] = [];
    const slot = slotAccess(child);
    const saved = slot.get(b);
    const nodes = nodeSource(section, child)(b);
    if (!section.children.has(child)) {
      // A leaf level: its groups are the whole test, run once per node on `b` (slot set, then
      // restored); only a matching node gets a binding of its own.
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        slot.set(b, node);
        const m = ownMatches(section, child, b);
        slot.set(b, saved);
        if (m !== null && found.length < MAX_MATCHES)
          found.push({ binding: bindChild(child, b, node), matches: m });
      }
    } else {
      // Most nodes match nothing: the allocation-free check on `b` decides first, and only
      // nodes whose subtree holds are bound and collected.
      const holds = section.existsAt.get(child)!;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        slot.set(b, node);
        const ok = holds(b);
        slot.set(b, saved);
        if (!ok) continue;
        const r = evalLevel(section, child, bindChild(child, b, node));
        if (r) for (const x of r) if (found.length < MAX_MATCHES) found.push(x);
      }
    }
    if (found.length === 0) return null;
    if (results.length === 1 && results[0]!.matches.size === 0) {
      // One left side with nothing to add: the merge would copy each child match as it is.
      results = found;
      continue;
    }
    const merged: SectionMatch[] = [];
    for (const left of results) {
      for (const right of found) {
        if (merged.length >= MAX_MATCHES) break;
        // A child binding carries every slot key (bindChild writes them all), so spreading it
        // over the left binding gives its own values: it is used as is. Match maps are never
        // changed once built, so one with nothing to add is shared rather than copied.
        let matches = right.matches;
        if (left.matches.size > 0) {
          matches = new Map(left.matches);
          for (const [k, v] of right.matches) matches.set(k, v);
        }
        merged.push({ binding: right.binding, matches });
      }
    }
    results = merged;
  }
  return results;
}

/**
 * Reads and writes one level's slot of a binding with a fixed property name each (a store through
 * a variable key is much slower on the hot path of the existence check).
 */
interface SlotAccess {
  get: (b: Binding) => unknown;
  set: (b: Binding, node: unknown) => void;
}

const slots = new Map<LinkLevel, SlotAccess>();

function slotAccess(level: LinkLevel): SlotAccess {
  let s = slots.get(level);
  if (s === undefined) {
    s = makeSlotAccess(level);
    slots.set(level, s);
  }
  return s;
}

function makeSlotAccess(level: LinkLevel): SlotAccess {
  switch (level) {
    case 'container':
      return { get: (b) => b.container, set: (b, n) => void (b.container = n as Binding['container']) };
    case 'layer':
      return { get: (b) => b.layer, set: (b, n) => void (b.layer = n as Binding['layer']) };
    case 'component':
      return { get: (b) => b.component, set: (b, n) => void (b.component = n as Binding['component']) };
    case 'vuln':
      return { get: (b) => b.vuln, set: (b, n) => void (b.vuln = n as Binding['vuln']) };
    case 'volume':
      return { get: (b) => b.volume, set: (b, n) => void (b.volume = n as Binding['volume']) };
    case 'env':
      return { get: (b) => b.env, set: (b, n) => void (b.env = n as Binding['env']) };
    case 'port':
      return { get: (b) => b.port, set: (b, n) => void (b.port = n as Binding['port']) };
    case 'exposure':
      return { get: (b) => b.exposure, set: (b, n) => void (b.exposure = n as Binding['exposure']) };
    default:
      throw new Error(`no binding slot for level ${level}`);
  }
}

/** A compiled existence check over a mutable binding (no allocation per node). */
export type ExistsCheck = (b: Binding) => boolean;

/**
 * Compiles the allocation-light "does some linked combination satisfy every group?" check that
 * runs before the full match (most sections do not match most workloads).
 */
export function compileExists(
  section: Omit<CompiledSection, 'exists' | 'existsAt'>,
  level: LinkLevel = 'deployment',
  byLevel: Map<LinkLevel, ExistsCheck> = new Map(),
): ExistsCheck {
  const own = section.byLevel.get(level) ?? [];
  const kids = (section.children.get(level) ?? []).map((child) => ({
    child,
    check: compileExists(section, child, byLevel),
    nodes: nodeSource(section, child),
    ...slotAccess(child),
  }));
  const check: ExistsCheck = (b) => {
    for (let i = 0; i < own.length; i++) {
      const g = own[i]!;
      if (!g.test(g.field.read(b))) return false;
    }
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      const saved = k.get(b);
      const nodes = k.nodes(b);
      let found = false;
      for (let j = 0; j < nodes.length; j++) {
        k.set(b, nodes[j]);
        if (k.check(b)) {
          found = true;
          break;
        }
      }
      k.set(b, saved);
      if (!found) return false;
    }
    return true;
  };
  byLevel.set(level, check);
  return check;
}

/** All linked matches of the section in the context, or null when the section does not match. */
export function matchSection(section: CompiledSection, root: Binding): SectionMatch[] | null {
  if (section.groups.length === 0) return null;
  if (!section.exists(root)) return null;
  return evalLevel(section, 'deployment', root);
}
