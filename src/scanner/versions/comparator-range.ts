import type { CompareResult, VersionRange } from './contracts.js';

/** The six comparison operators every constraint syntax reduces to. */
export type ComparatorOp = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** One test on a version: a comparator against a bound, or a scheme-specific predicate. */
export type Clause<V> = { op: ComparatorOp; bound: V } | { test: (v: V) => boolean };

/** True when `compare(v, bound)` satisfies `op`. */
export function opHolds(op: ComparatorOp, c: CompareResult): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
  }
}

/**
 * A range as a union (any of) of intersections (all of) of clauses. Every constraint syntax in
 * the feeds (GHSA, RubySec, FriendsOfPHP, Maven and NuGet intervals, PEP 440 specifier sets)
 * reduces to this shape. An empty union matches nothing; an empty intersection matches all.
 */
export function comparatorRange<V>(
  text: string,
  anyOf: Clause<V>[][],
  compare: (a: V, b: V) => CompareResult,
): VersionRange<V> & { readonly anyOf: Clause<V>[][] } {
  return {
    text,
    anyOf,
    includes(v: V): boolean {
      return anyOf.some((all) =>
        all.every((cl) => ('test' in cl ? cl.test(v) : opHolds(cl.op, compare(v, cl.bound)))),
      );
    },
  };
}

/** Splits `s` on `sep`, trimming each part and dropping empty ones. */
export function splitTrim(s: string, sep: string | RegExp): string[] {
  return s
    .split(sep)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

const OP_ALIASES: Record<string, ComparatorOp> = {
  '<': '<',
  '<<': '<',
  '<=': '<=',
  '>': '>',
  '>>': '>',
  '>=': '>=',
  '=': '=',
  '==': '=',
  '!=': '!=',
};

const CLAUSE_RE = /^\s*(<<|>>|<=|>=|!=|==|<|>|=)?\s*([^\s,|<>=!]+)\s*,?/;

/**
 * The plain operator syntax shared by the OS schemes and usable for any scheme:
 * `>= 1.0, << 2.0 || = 3.0` — clauses joined by commas or spaces are ANDed, `||` separates
 * alternatives; `<<`/`>>` are Debian's spellings of `<`/`>`, `==` is `=`; a bare version means `=`.
 */
export function parseOperatorRange<V>(
  text: string,
  parse: (s: string) => V,
  compare: (a: V, b: V) => CompareResult,
  fail: (why: string) => Error,
): VersionRange<V> {
  const anyOf: Clause<V>[][] = [];
  for (const alt of text.split('||')) {
    let rest = alt.trim();
    if (rest === '') throw fail('empty alternative');
    const all: Clause<V>[] = [];
    while (rest !== '') {
      const m = CLAUSE_RE.exec(rest);
      if (!m) throw fail(`cannot read clause at ${JSON.stringify(rest)}`);
      all.push({ op: OP_ALIASES[m[1] ?? '='] ?? '=', bound: parse(m[2]!) });
      rest = rest.slice(m[0].length).trim();
    }
    anyOf.push(all);
  }
  return comparatorRange(text, anyOf, compare);
}
