/**
 * The declaration every policy field makes (style.md "PolicyField"): the exact StackRox name, the
 * stages it may appear in, the syntax of its values, negation/multi-value rules, whether it needs
 * image data, the array level of the augmented object it reads (which links AND-ed groups), how a
 * value is matched, how values are read, and which printer renders its violation message.
 */
import type { LifecycleStage } from '../model/policy.js';
import type { ValueSyntax } from './value-syntax.js';
import type { Binding, LinkLevel } from '../engine/augmented.js';
import type { ReadValue, ValueMatcher, ValuePredicate } from '../engine/value-matchers.js';
import type { PrinterKey } from '../engine/printers.js';

/** Which kind of runtime input a runtime-only field consumes. */
export type RuntimeKind = 'process' | 'kubeEvent' | 'networkFlow' | 'fileAccess';

/** How the field's values are compared (see engine/README.md). */
export type MatchKind =
  'regex' | 'containsRegex' | 'prefix' | 'bool' | 'number' | 'enum' | 'days' | 'map' | 'compound' | 'custom';

export interface PolicyField {
  /** The exact StackRox field name, e.g. "Privileged Container". */
  name: string;
  /** Lifecycle stages whose sections may use the field. */
  stages: readonly LifecycleStage[];
  /** Set for runtime-only criteria: which runtime input they read. */
  runtime?: RuntimeKind;
  /** Runtime fields: the policy event sources whose sections may use them. */
  eventSources?: readonly ('DEPLOYMENT_EVENT' | 'AUDIT_LOG_EVENT' | 'NODE_EVENT')[];
  valueSyntax: ValueSyntax;
  negatable: boolean;
  /** False when a group of this field may hold one value only. */
  multiValue: boolean;
  /** True when the field needs image enrichment (scan, metadata, signatures). */
  needsImage: boolean;
  /** The array level of the augmented object the field reads. */
  level: LinkLevel;
  match: MatchKind;
  /** Reads the field's values from a binding; undefined = the field does not exist there. */
  read(b: Binding): ReadValue[] | undefined;
  /** One value → predicate (for the generic group combinator). */
  predicate?(value: string, now: () => number): ValuePredicate;
  /** Whole-group compilation, for fields whose semantics are not per value (maps, drop caps…). */
  compileGroup?(
    values: readonly string[],
    op: 'OR' | 'AND',
    negate: boolean,
    now: () => number,
  ): ValueMatcher;
  /** The StackRox printer that renders messages for sections using this field. */
  printer?: PrinterKey;
}
