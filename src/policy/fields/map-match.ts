/**
 * Key/value map matching for labels and annotations (StackRox `mapeval`): each value is
 * `key=value` with both sides anchored case-insensitive RE2 (empty side = any). "Disallowed"
 * fields match when an entry matches (OR: any value; AND: all values); "Required" fields match —
 * i.e. violate — when no entry satisfies any listed pair. The matched text is what StackRox
 * prints: the matching pairs sorted by key, or else the first three pairs and "and N more".
 */
import { compileRe2 } from '../engine/re2-regex.js';
import type { ReadValue, ValueMatcher } from '../engine/value-matchers.js';

interface KvConstraint {
  key?: RegExp;
  value?: RegExp;
}

function constraint(v: string): KvConstraint {
  const i = v.indexOf('=');
  const k = i < 0 ? v : v.slice(0, i);
  const val = i < 0 ? '' : v.slice(i + 1);
  return { key: k ? compileRe2(k) : undefined, value: val ? compileRe2(val) : undefined };
}

const hits = (c: KvConstraint, e: ReadValue) =>
  (!c.key || c.key.test(e.key ?? '')) && (!c.value || c.value.test(String(e.raw)));

const truncate = (s: string) => (s.length > 64 ? s.slice(0, 64) : s);

function printPairs(entries: readonly ReadValue[], total: number): string {
  if (entries.length === 0) return '<empty>';
  let out = entries.map((e) => `${e.key}=${truncate(String(e.raw))}`).join(', ');
  if (total > entries.length) out += ` and ${total - entries.length} more`;
  return out;
}

const byKey = (a: ReadValue, b: ReadValue) =>
  (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0;

function describe(entries: readonly ReadValue[], matching: readonly ReadValue[]): string {
  if (matching.length > 0) return printPairs([...matching].sort(byKey), matching.length);
  return printPairs([...entries].sort(byKey).slice(0, 3), entries.length);
}

export function disallowedMapMatcher(values: readonly string[], op: 'OR' | 'AND'): ValueMatcher {
  const cs = values.map(constraint);
  return (entries) => {
    if (entries === undefined) return null;
    const matching = new Set<ReadValue>();
    let ok: boolean;
    if (op === 'AND') {
      ok = cs.every((c) => {
        const m = entries.filter((e) => hits(c, e));
        m.forEach((e) => matching.add(e));
        return m.length > 0;
      });
    } else {
      ok = false;
      for (const c of cs) {
        const m = entries.filter((e) => hits(c, e));
        if (m.length > 0) {
          ok = true;
          m.forEach((e) => matching.add(e));
        }
      }
    }
    return ok ? [describe(entries, [...matching])] : null;
  };
}

export function requiredMapMatcher(values: readonly string[]): ValueMatcher {
  const cs = values.map(constraint);
  return (entries) => {
    if (entries === undefined) return null;
    const satisfied = entries.some((e) => cs.some((c) => hits(c, e)));
    return satisfied ? null : [describe(entries, [])];
  };
}

export const mapEntries = (m: Record<string, string> | undefined): ReadValue[] =>
  Object.entries(m ?? {}).map(([key, value]) => ({ key, raw: value, text: value }));
