/**
 * One predicate per policy value, by match kind (StackRox `basematchers`), and the group
 * combinator that applies a group's values, operator and negation to the values one node holds
 * (StackRox `combineMatchersIntoEvaluator[Negated]`).
 */
import { compileRe2, compileWholeMatch } from './re2-regex.js';

/** A value read from the augmented object, plus how it prints in messages. */
export interface ReadValue {
  raw: string | number | boolean;
  text: string;
  /** Map entries (labels, annotations) carry their key here and their value in `raw`. */
  key?: string;
}

export type ValuePredicate = (v: ReadValue) => boolean;

/** Matched values for messages, or null when the group does not match the node. */
export type ValueMatcher = (values: readonly ReadValue[] | undefined) => string[] | null;

const EMPTY: ReadValue = { raw: '<empty>', text: '<empty>' };

/** Regex fields: whole-string, case-insensitive RE2; a leading `r/` is stripped. */
export function regexPredicate(value: string, anchored = true): ValuePredicate {
  const pattern = value.startsWith('r/') ? value.slice(2) : value;
  if (anchored) {
    const whole = compileWholeMatch(pattern);
    return (v) => {
      if (v === EMPTY) return false;
      const s = String(v.raw);
      return whole(s, 0, s.length);
    };
  }
  const re = compileRe2(pattern, { anchored });
  return (v) => v !== EMPTY && re.test(String(v.raw));
}

/**
 * Plain string fields (StackRox `basematchers.ForString`): a leading `!` negates; `r/` makes the
 * rest a whole-string regex; `"quoted"` (more than one character inside) is an exact match;
 * `*` matches everything; anything else is a prefix match. All case-insensitive.
 */
export function prefixPredicate(value: string): ValuePredicate {
  let v = value;
  const negated = v.startsWith('!');
  if (negated) v = v.slice(1);
  let base: ValuePredicate;
  if (v.startsWith('r/')) {
    base = regexPredicate(v.slice(2));
  } else {
    let exact = false;
    if (v.startsWith('"')) {
      v = v.slice(1);
      if (v.endsWith('"')) {
        v = v.slice(0, -1);
        exact = v.length > 1;
      }
    }
    const lower = v.toLowerCase();
    base = exact
      ? (x) => String(x.raw).toLowerCase() === lower
      : (x) => v === '*' || String(x.raw).toLowerCase().startsWith(lower);
  }
  return (x) => x !== EMPTY && base(x) !== negated;
}

export function boolPredicate(value: string): ValuePredicate {
  const want = value.trim().toLowerCase() === 'true';
  return (v) => typeof v.raw === 'boolean' && v.raw === want;
}

const COMPARATOR = /^\s*(<=|>=|<|>|=)?\s*(.*?)\s*$/;

/** `[<|<=|>|>=] number`; no comparator = equality (floats within 1e-4). */
export function numberPredicate(value: string): ValuePredicate {
  const m = COMPARATOR.exec(value)!;
  const op = m[1] ?? '=';
  const want = Number(m[2]);
  return (v) => {
    if (typeof v.raw !== 'number') return false;
    const x = v.raw;
    switch (op) {
      case '<':
        return x < want;
      case '<=':
        return x <= want;
      case '>':
        return x > want;
      case '>=':
        return x >= want;
      default:
        return Math.abs(x - want) < 1e-4;
    }
  };
}

/**
 * Enum fields: names compared case-insensitively (underscores ignored, so HOSTTOCONTAINER equals
 * HOST_TO_CONTAINER); with a comparator the enum's order decides. `order` lists names by number.
 */
export function enumPredicate(value: string, order: readonly string[], suffix = ''): ValuePredicate {
  const m = COMPARATOR.exec(value)!;
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '');
  const name = norm(m[2]! + suffix);
  const idx = order.findIndex((o) => norm(o) === name);
  if (m[1] && m[1] !== '=') {
    const op = m[1];
    return (v) => {
      const x = order.findIndex((o) => o === v.raw);
      if (x < 0 || idx < 0) return false;
      return op === '<' ? x < idx : op === '<=' ? x <= idx : op === '>' ? x > idx : x >= idx;
    };
  }
  return (v) => typeof v.raw === 'string' && norm(v.raw) === name;
}

/** Day fields: value N matches a timestamp at least N days before `now`. */
export function daysPredicate(value: string, now: () => number): ValuePredicate {
  const days = Number(COMPARATOR.exec(value)![2]);
  return (v) => typeof v.raw === 'number' && now() - v.raw >= days * 86_400_000;
}

const EMPTY_VALUES: readonly ReadValue[] = [EMPTY];

/** Applies a group's value predicates to a node's values (StackRox semantics, incl. negation). */
export function combinePredicates(
  preds: readonly ValuePredicate[],
  op: 'OR' | 'AND',
  negate: boolean,
): ValueMatcher {
  if (!negate) {
    return (values) => {
      if (values === undefined) return null;
      const vs = values.length === 0 ? EMPTY_VALUES : values;
      let matched: string[] | null = null;
      for (let i = 0; i < preds.length; i++) {
        const p = preds[i]!;
        let any = false;
        for (let j = 0; j < vs.length; j++) {
          const v = vs[j]!;
          if (p(v)) {
            any = true;
            const text = v.text;
            if (matched === null) matched = [text];
            else if (!matched.includes(text)) matched.push(text);
          }
        }
        if (!any && op === 'AND') return null;
      }
      return matched;
    };
  }
  return (values) => {
    if (values === undefined) return null;
    const vs = values.length === 0 ? EMPTY_VALUES : values;
    const unmatched: string[] = [];
    let someValueMissed = false;
    for (let i = 0; i < preds.length; i++) {
      const p = preds[i]!;
      let any = false;
      for (let j = 0; j < vs.length; j++) {
        const v = vs[j]!;
        if (p(v)) any = true;
        else if (!unmatched.includes(v.text)) unmatched.push(v.text);
      }
      if (any && op === 'OR') return null;
      if (!any) someValueMissed = true;
    }
    return someValueMissed ? unmatched : null;
  };
}

/** A group's verdict alone (no matched values): what the existence pre-check needs. */
export type ValueTest = (values: readonly ReadValue[] | undefined) => boolean;

/** True when `p` holds for some value (an empty list reads as the one `<empty>` value). */
function anyHolds(p: ValuePredicate, values: readonly ReadValue[]): boolean {
  if (values.length === 0) return p(EMPTY);
  for (let j = 0; j < values.length; j++) if (p(values[j]!)) return true;
  return false;
}

/**
 * The verdict of `combinePredicates(preds, op, negate)` without collecting matched values, so
 * the pre-check that runs on every node allocates nothing and never renders a value's text.
 */
export function combinePredicatesTest(
  preds: readonly ValuePredicate[],
  op: 'OR' | 'AND',
  negate: boolean,
): ValueTest {
  if (preds.length === 0) return () => false;
  if (preds.length === 1) {
    // One value: AND and OR agree; negation flips the verdict on an existing node.
    const p = preds[0]!;
    return negate
      ? (values) => values !== undefined && !anyHolds(p, values)
      : (values) => values !== undefined && anyHolds(p, values);
  }
  // Without negation: AND = every predicate holds, OR = some does. Negated: AND = some predicate
  // fails, OR = every one fails. `want` is the per-predicate outcome that decides early.
  const all = (op === 'AND') !== negate;
  return (values) => {
    if (values === undefined) return false;
    for (let i = 0; i < preds.length; i++) {
      const h = anyHolds(preds[i]!, values) !== negate;
      if (all && !h) return false;
      if (!all && h) return true;
    }
    return all;
  };
}

/** Go's readable.Float(f, 3): at most three decimals, trailing zeros trimmed. */
export function readableFloat(f: number): string {
  const s = f.toFixed(3);
  // Trailing zeros off, then the dot they leave (what `replace(/\.?0+$/, '')` does, unscanned).
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  if (end === s.length) return s;
  if (end > 0 && s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/** Go's readable.Time: `YYYY-MM-DD HH:MM:SS` in UTC. */
export function readableTime(ms: number): string {
  const d = new Date(ms);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())}`;
}
