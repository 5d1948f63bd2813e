/**
 * Compile once: each policy becomes closures — one value matcher per group, sections planned by
 * link level, scopes and exclusions as predicates. Evaluation then never looks at policy JSON.
 */
import { RampartError } from '../../runtime/errors.js';
import type { Policy, PolicyScope } from '../model/policy.js';
import { validatePolicy } from '../model/validate-policy.js';
import { policyFieldByName } from '../fields/registry.js';
import type { PolicyField, RuntimeKind } from '../fields/policy-field.js';
import { LEVEL_PARENT, type LinkLevel } from './augmented.js';
import {
  boolPredicate,
  combinePredicates,
  combinePredicatesTest,
  daysPredicate,
  numberPredicate,
  prefixPredicate,
  regexPredicate,
  type ValueMatcher,
  type ValuePredicate,
  type ValueTest,
} from './value-matchers.js';
import type { PrinterKey } from './printers.js';
import { compileRe2 } from './re2-regex.js';
import { compileExists, type ExistsCheck } from './match-section.js';

/** The evaluation clock, shared by every day-based matcher of a set; set per evaluation. */
export interface Clock {
  now: number;
}

export interface CompiledGroup {
  field: PolicyField;
  /** The group's policy values, operator and negation as written (for evaluation plans). */
  values: readonly string[];
  negate: boolean;
  matcher: ValueMatcher;
  /** The matcher's verdict alone (`matcher(v) !== null`), allocation-free where possible. */
  test: ValueTest;
}

export interface CompiledSection {
  groups: CompiledGroup[];
  byLevel: Map<LinkLevel, CompiledGroup[]>;
  /** For each level, the child levels whose subtree holds groups (evaluation order). */
  children: Map<LinkLevel, LinkLevel[]>;
  printers: PrinterKey[];
  runtime: Set<RuntimeKind>;
  fieldNames: Set<string>;
  /** Fast pre-check; see match-section.ts. */
  exists: ExistsCheck;
  /** The same check for the subtree under each level (the binding's slot of that level set). */
  existsAt: Map<LinkLevel, ExistsCheck>;
}

export type ScopeMatcher = (s: ScopeSubject) => boolean;

export interface ScopeSubject {
  clusterId?: string;
  namespace?: string;
  labels?: Record<string, string>;
  clusterLabels?: Record<string, string>;
  namespaceLabels?: Record<string, string>;
}

export interface CompiledExclusion {
  expiresAt?: number;
  deployment?: { name?: RegExp | null; scope?: ScopeMatcher };
  imagePrefix?: string;
}

export interface CompiledPolicy {
  policy: Policy;
  sections: CompiledSection[];
  scopes: ScopeMatcher[];
  exclusions: CompiledExclusion[];
  needsImage: boolean;
  skipContainerTypes: readonly string[];
}

export interface CompiledPolicySet {
  policies: readonly CompiledPolicy[];
  clock: Clock;
}

function defaultPredicate(field: PolicyField, value: string, now: () => number): ValuePredicate {
  if (field.predicate) return field.predicate(value, now);
  switch (field.match) {
    case 'regex':
      return regexPredicate(value);
    case 'containsRegex':
      return regexPredicate(value.startsWith('r/') ? value.slice(2) : value, false);
    case 'prefix':
      return prefixPredicate(value);
    case 'bool':
      return boolPredicate(value);
    case 'number':
      return numberPredicate(value);
    case 'days':
      return daysPredicate(value, now);
    default:
      throw new RampartError('POLICY_FIELD_UNSUPPORTED', `field "${field.name}" has no value matcher`);
  }
}

export function compileGroupMatcher(
  field: PolicyField,
  values: readonly string[],
  op: 'OR' | 'AND',
  negate: boolean,
  now: () => number,
): ValueMatcher {
  return compileGroup(field, values, op, negate, now).matcher;
}

/** A group's matcher and its verdict-only twin, sharing one set of value predicates. */
function compileGroup(
  field: PolicyField,
  values: readonly string[],
  op: 'OR' | 'AND',
  negate: boolean,
  now: () => number,
): { matcher: ValueMatcher; test: ValueTest } {
  if (field.compileGroup) {
    const matcher = field.compileGroup(values, op, negate, now);
    return { matcher, test: (vs) => matcher(vs) !== null };
  }
  const preds = values.map((v) => defaultPredicate(field, v, now));
  return { matcher: combinePredicates(preds, op, negate), test: combinePredicatesTest(preds, op, negate) };
}

/** Anchored case-insensitive regex for scopes/exclusions; null when invalid (never matches). */
function safeRegex(p: string | undefined): RegExp | null | undefined {
  if (p === undefined || p === '') return undefined;
  try {
    return compileRe2(p);
  } catch {
    return null;
  }
}

function labelMatcher(kv: { key?: string; value?: string } | undefined) {
  if (!kv) return undefined;
  const k = safeRegex(kv.key);
  const v = safeRegex(kv.value);
  return (labels: Record<string, string> | undefined) =>
    Object.entries(labels ?? {}).some(
      ([lk, lv]) => k !== null && v !== null && (!k || k.test(lk)) && (!v || v.test(lv)),
    );
}

export function compileScope(scope: PolicyScope): ScopeMatcher {
  const ns = safeRegex(scope.namespace);
  const label = labelMatcher(scope.label);
  const clusterLabel = labelMatcher(scope.clusterLabel);
  const namespaceLabel = labelMatcher(scope.namespaceLabel);
  return (s) => {
    if (scope.cluster && scope.cluster !== s.clusterId) return false;
    if (ns === null) return false;
    if (ns && !ns.test(s.namespace ?? '')) return false;
    if (label && !label(s.labels)) return false;
    if (clusterLabel && !clusterLabel(s.clusterLabels)) return false;
    if (namespaceLabel && !namespaceLabel(s.namespaceLabels)) return false;
    return true;
  };
}

function compileSection(
  groups: Policy['policySections'] & object,
  index: number,
  clock: Clock,
): CompiledSection {
  const section = groups[index]!;
  const now = () => clock.now;
  const compiled: CompiledGroup[] = section.policyGroups.map((g) => {
    const field = policyFieldByName(g.fieldName)!;
    const values = g.values.map((v) => v.value);
    const negate = g.negate === true;
    return { field, values, negate, ...compileGroup(field, values, g.booleanOperator ?? 'OR', negate, now) };
  });
  const byLevel = new Map<LinkLevel, CompiledGroup[]>();
  const children = new Map<LinkLevel, LinkLevel[]>();
  for (const g of compiled) {
    const list = byLevel.get(g.field.level) ?? [];
    list.push(g);
    byLevel.set(g.field.level, list);
    // Register the path from this level up to the root.
    let lvl: LinkLevel = g.field.level;
    let parent = LEVEL_PARENT[lvl];
    while (parent) {
      const kids = children.get(parent) ?? [];
      if (!kids.includes(lvl)) kids.push(lvl);
      children.set(parent, kids);
      lvl = parent;
      parent = LEVEL_PARENT[lvl];
    }
  }
  const printers: PrinterKey[] = [];
  for (const g of compiled)
    if (g.field.printer && !printers.includes(g.field.printer)) printers.push(g.field.printer);
  const plan = {
    groups: compiled,
    byLevel,
    children,
    printers,
    runtime: new Set(compiled.map((g) => g.field.runtime).filter((r): r is RuntimeKind => !!r)),
    fieldNames: new Set(compiled.map((g) => g.field.name)),
  };
  const existsAt = new Map<LinkLevel, ExistsCheck>();
  return { ...plan, exists: compileExists(plan, 'deployment', existsAt), existsAt };
}

/** Validates and compiles policies. Throws POLICY_INVALID listing every problem of every policy. */
export function compilePolicies(policies: readonly Policy[]): CompiledPolicySet {
  const problems: string[] = [];
  for (const p of policies) {
    for (const prob of validatePolicy(p)) problems.push(`policy "${p.name}" ${prob.path}: ${prob.message}`);
  }
  if (problems.length > 0) {
    throw new RampartError(
      'POLICY_INVALID',
      `invalid policies; fix these and retry:\n  ${problems.join('\n  ')}`,
    );
  }
  const clock: Clock = { now: Date.now() };
  const compiled = policies.map((policy): CompiledPolicy => {
    const sections = (policy.policySections ?? []).map((_s, i, all) => compileSection(all, i, clock));
    return {
      policy,
      sections,
      scopes: (policy.scope ?? []).map(compileScope),
      exclusions: (policy.exclusions ?? []).map((e) => {
        const exp = e.expiration ? Date.parse(e.expiration) : undefined;
        return {
          expiresAt: exp !== undefined && !Number.isNaN(exp) ? exp : undefined,
          deployment: e.deployment
            ? {
                name: e.deployment.name ? (safeRegex(e.deployment.name) ?? null) : undefined,
                scope: e.deployment.scope ? compileScope(e.deployment.scope) : undefined,
              }
            : undefined,
          imagePrefix: e.image?.name || undefined,
        };
      }),
      needsImage: sections.some((s) => s.groups.some((g) => g.field.needsImage)),
      skipContainerTypes: policy.evaluationFilter?.skipContainerTypes ?? [],
    };
  });
  return { policies: compiled, clock };
}
