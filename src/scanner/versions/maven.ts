import { comparatorRange, type Clause } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { digitsValue } from './char-scan.js';

// Maven's ComparableVersion: a version is a tree of items; `-` (and a digit/letter switch)
// opens a nested list, `.` continues the current one.
type Item = NumItem | StrItem | ComboItem | ListItem;
interface NumItem {
  readonly k: 'num';
  readonly value: number | bigint;
}
interface StrItem {
  readonly k: 'str';
  readonly value: string;
  /** The value's rank key (qualifier index, or `7-<name>` for unknown qualifiers). */
  readonly key: string;
}
interface ComboItem {
  readonly k: 'combo';
  readonly str: StrItem;
  readonly digits: NumItem;
}
interface ListItem {
  readonly k: 'list';
  readonly items: Item[];
}

/** A parsed Maven version: the text as given and its item tree. */
export interface MavenVersion {
  readonly text: string;
  readonly items: ListItem;
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_QUALIFIERS = new Set(['ga', 'final', 'release']);
const RELEASE_KEY = '5';

function qualifierKey(q: string): string {
  if (RELEASE_QUALIFIERS.has(q)) return RELEASE_KEY;
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

// The known qualifiers' items, built once (items are never modified after parsing).
const KNOWN_ITEMS = new Map<string, StrItem>(
  [...QUALIFIERS, ...RELEASE_QUALIFIERS].map((q) => [q, { k: 'str', value: q, key: qualifierKey(q) }]),
);

const KNOWN_LIST = [...KNOWN_ITEMS.values()].filter((item) => item.value !== '');

function strItem(value: string, followedByDigit: boolean): StrItem {
  let v = value;
  if (followedByDigit && v.length === 1)
    v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  if (v === 'cr') v = 'rc';
  return KNOWN_ITEMS.get(v) ?? { k: 'str', value: v, key: qualifierKey(v) };
}

/** The item of the qualifier `s[start..end)` (as `strItem`), without slicing a known one. */
function strItemAt(s: string, start: number, end: number, followedByDigit: boolean): StrItem {
  const n = end - start;
  if (followedByDigit && n === 1) {
    const c = s.charCodeAt(start);
    if (c === 97) return KNOWN_ITEMS.get('alpha')!;
    if (c === 98) return KNOWN_ITEMS.get('beta')!;
    if (c === 109) return KNOWN_ITEMS.get('milestone')!;
  }
  if (n === 2 && s.startsWith('cr', start)) return KNOWN_ITEMS.get('rc')!;
  for (let k = 0; k < KNOWN_LIST.length; k++) {
    const item = KNOWN_LIST[k]!;
    if (item.value.length === n && s.startsWith(item.value, start)) return item;
  }
  return strItem(s.slice(start, end), followedByDigit);
}

// Small numbers' items, shared like the qualifiers' (ZERO is 0).
const SMALL_NUMS: readonly NumItem[] = Array.from({ length: 100 }, (_, n) => ({ k: 'num', value: n }));
const ZERO = SMALL_NUMS[0]!;

/** The number `s[start..end)` (digits), leading zeros dropped. */
function numItemAt(s: string, start: number, end: number): NumItem {
  let i = start;
  while (i < end && s.charCodeAt(i) === 48) i++;
  if (i === end) return ZERO;
  const value = digitsValue(s, i, end);
  return typeof value === 'number' && value < 100 ? SMALL_NUMS[value]! : { k: 'num', value };
}

function parseItem(combination: boolean, digit: boolean, s: string, start: number, end: number): Item {
  if (combination) {
    // Letters, perhaps a `-`, then digits to the end (a `-` elsewhere would have ended the item).
    let d = start;
    while (d < end && !(s.charCodeAt(d) >= 48 && s.charCodeAt(d) <= 57)) d++;
    const letters = d > start && s.charCodeAt(d - 1) === 45 ? d - 1 : d;
    return { k: 'combo', str: strItemAt(s, start, letters, true), digits: numItemAt(s, d, end) };
  }
  return digit ? numItemAt(s, start, end) : strItemAt(s, start, end, false);
}

function isNull(it: Item): boolean {
  switch (it.k) {
    case 'num':
      return it.value === 0 || it.value === 0n;
    case 'str':
      return it.value === '';
    case 'combo':
      return false;
    case 'list':
      return it.items.length === 0;
  }
}

/** Removes `xs[i]`, moving the later items down (cheaper than `splice` on these short lists). */
function removeAt(xs: Item[], i: number): void {
  for (let k = i; k < xs.length - 1; k++) xs[k] = xs[k + 1]!;
  xs.pop();
}

function normalize(list: ListItem): void {
  const xs = list.items;
  for (let i = xs.length - 1; i >= 0; i--) {
    if (!isNull(xs[i]!)) continue;
    const next = xs[i + 1];
    if (i === xs.length - 1 || next!.k === 'str') removeAt(xs, i);
    else if (next!.k === 'list') {
      const first = next!.items[0];
      if (first && (first.k === 'combo' || first.k === 'str')) removeAt(xs, i);
    }
  }
  if (xs.length === 1 && xs[0]!.k === 'list') {
    const inner = xs[0].items;
    xs.pop();
    for (let k = 0; k < inner.length; k++) xs.push(inner[k]!);
  }
}

/**
 * Throws when `input` is blank or holds blanks, commas or brackets (range syntax); true when it
 * has upper-case letters (or other characters that lower-casing may change).
 */
function checkChars(input: string): boolean {
  let blank = true;
  let bad = false;
  let upper = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 128) {
      // Unicode blanks: let the regular expressions decide.
      if (input.trim() === '') throw invalidVersion('maven', input, 'version string is empty');
      if (/[\s,[\]()]/.test(input))
        throw invalidVersion('maven', input, 'blanks, commas and brackets belong to ranges');
      return true;
    }
    if (c >= 65 && c <= 90) upper = true;
    const space = c === 32 || (c >= 9 && c <= 13);
    if (!space) blank = false;
    if (space || c === 44 || c === 91 || c === 93 || c === 40 || c === 41) bad = true;
  }
  if (blank) throw invalidVersion('maven', input, 'version string is empty');
  if (bad) throw invalidVersion('maven', input, 'blanks, commas and brackets belong to ranges');
  return upper;
}

/**
 * Normalises a parsed list and the lists nested in it, innermost first. Parsing opens a new list
 * only as the last item of the current one, so the nested lists form a chain through last items.
 */
function normalizeChain(list: ListItem): void {
  const last = list.items[list.items.length - 1];
  if (last !== undefined && last.k === 'list') normalizeChain(last);
  normalize(list);
}

export function parseMavenVersion(input: string): MavenVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('maven', input, 'too long');
  const version = checkChars(input) ? input.toLowerCase() : input;
  const root: ListItem = { k: 'list', items: [] };
  let list = root;
  let isDigit = false;
  let isCombination = false;
  let start = 0;
  const n = version.length;
  for (let i = 0; i < n; i++) {
    const c = version.charCodeAt(i);
    if (c === 46) {
      list.items.push(i === start ? ZERO : parseItem(isCombination, isDigit, version, start, i));
      isCombination = false;
      start = i + 1;
    } else if (c === 45) {
      if (i === start) list.items.push(ZERO);
      else {
        if (!isDigit && i !== n - 1) {
          const c1 = version.charCodeAt(i + 1);
          if (c1 >= 48 && c1 <= 57) {
            isCombination = true;
            continue;
          }
        }
        list.items.push(parseItem(isCombination, isDigit, version, start, i));
      }
      start = i + 1;
      if (list.items.length > 0) {
        const sub: ListItem = { k: 'list', items: [] };
        list.items.push(sub);
        list = sub;
      }
      isCombination = false;
    } else if (c >= 48 && c <= 57) {
      if (!isDigit && i > start) {
        isCombination = true;
        if (list.items.length > 0) {
          const sub: ListItem = { k: 'list', items: [] };
          list.items.push(sub);
          list = sub;
        }
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(isCombination, true, version, start, i));
        start = i;
        const sub: ListItem = { k: 'list', items: [] };
        list.items.push(sub);
        list = sub;
        isCombination = false;
      }
      isDigit = false;
    }
  }
  if (n > start) {
    if (!isDigit && list.items.length > 0) {
      const sub: ListItem = { k: 'list', items: [] };
      list.items.push(sub);
      list = sub;
    }
    list.items.push(parseItem(isCombination, isDigit, version, start, n));
  }
  normalizeChain(root);
  return { text: input, items: root };
}

function sign(n: number): CompareResult {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
function cmpStr(a: string, b: string): CompareResult {
  return a < b ? -1 : a > b ? 1 : 0;
}
function neg(r: CompareResult): CompareResult {
  return (r === 0 ? 0 : -r) as CompareResult;
}

/** Item.compareTo from ComparableVersion, `b` null meaning "nothing left on the other side". */
function compareItem(a: Item, b: Item | null): CompareResult {
  switch (a.k) {
    case 'num':
      if (b === null) return isNull(a) ? 0 : 1;
      if (b.k === 'num') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return 1;
    case 'str':
      if (b === null) return cmpStr(a.key, RELEASE_KEY);
      switch (b.k) {
        case 'num':
          return -1;
        case 'str':
          return cmpStr(a.key, b.key);
        case 'combo': {
          const r = compareItem(a, b.str);
          if (r !== 0) return r;
          return compareItem(a, null) === 0 ? neg(compareItem(b.digits, null)) : -1;
        }
        case 'list':
          return neg(compareItem(b, a));
      }
      break;
    case 'combo':
      if (b === null) {
        const r = compareItem(a.str, null);
        return r === 0 ? compareItem(a.digits, null) : r;
      }
      switch (b.k) {
        case 'num':
          return -1;
        case 'str': {
          const r = compareItem(a.str, b);
          if (r !== 0) return r;
          return compareItem(a.str, null) === 0 ? compareItem(a.digits, null) : 1;
        }
        case 'list':
          return neg(compareItem(b, a));
        case 'combo': {
          const r = compareItem(a.str, b.str);
          return r === 0 ? compareItem(a.digits, b.digits) : r;
        }
      }
      break;
    case 'list': {
      const xs = a.items;
      if (b === null) {
        for (const it of xs) {
          const r = compareItem(it, null);
          if (r !== 0) return r;
        }
        return 0;
      }
      if (b.k === 'num') return -1;
      if (b.k === 'str' || b.k === 'combo') {
        let r = xs.length === 0 ? neg(compareItem(b, null)) : compareItem(xs[0]!, b);
        for (let i = 1; r === 0 && i < xs.length; i++) r = compareItem(xs[i]!, null);
        return r;
      }
      const ys = b.items;
      const n = Math.max(xs.length, ys.length);
      for (let i = 0; i < n; i++) {
        const l = xs[i];
        const r = ys[i];
        const res =
          l === undefined ? (r === undefined ? 0 : neg(compareItem(r, null))) : compareItem(l, r ?? null);
        if (res !== 0) return res;
      }
      return 0;
    }
  }
  return sign(0);
}

export function compareMavenVersions(a: MavenVersion, b: MavenVersion): CompareResult {
  return compareItem(a.items, b.items);
}

/**
 * Maven version ranges: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, unions `(,1.0],[1.2,)`; a bare version
 * is an exact match (in a POM it is a soft preference, which has no meaning for an advisory).
 */
export function parseMavenRange(text: string) {
  const s = text.trim();
  if (s === '') throw invalidRange('maven', text, 'range is empty');
  const ver = (raw: string) => {
    try {
      return parseMavenVersion(raw.trim());
    } catch {
      throw invalidRange('maven', text, `${JSON.stringify(raw.trim())} is not a Maven version`);
    }
  };
  if (!/^[[(]/.test(s)) return comparatorRange(text, [[{ op: '=', bound: ver(s) }]], compareMavenVersions);
  const anyOf: Clause<MavenVersion>[][] = [];
  let rest = s;
  while (rest !== '') {
    const m = /^([[(])([^\])]*)([\])])\s*(?:,\s*)?/.exec(rest);
    if (!m) throw invalidRange('maven', text, `cannot read restriction at ${JSON.stringify(rest)}`);
    const [, open, body, close] = m;
    const parts = body!.split(',');
    if (parts.length === 1) {
      if (open !== '[' || close !== ']') throw invalidRange('maven', text, 'a single version needs [v]');
      anyOf.push([{ op: '=', bound: ver(parts[0]!) }]);
    } else if (parts.length === 2) {
      const all: Clause<MavenVersion>[] = [];
      if (parts[0]!.trim() !== '') all.push({ op: open === '[' ? '>=' : '>', bound: ver(parts[0]!) });
      if (parts[1]!.trim() !== '') all.push({ op: close === ']' ? '<=' : '<', bound: ver(parts[1]!) });
      if (
        all.length === 2 &&
        compareMavenVersions(
          (all[0] as { bound: MavenVersion }).bound,
          (all[1] as { bound: MavenVersion }).bound,
        ) > 0
      ) {
        throw invalidRange('maven', text, 'lower bound is above upper bound');
      }
      anyOf.push(all);
    } else throw invalidRange('maven', text, 'a restriction has at most one comma');
    rest = rest.slice(m[0].length);
  }
  return comparatorRange(text, anyOf, compareMavenVersions);
}

export const mavenScheme = {
  id: 'maven',
  title: 'Maven ComparableVersion',
  usedFor: ['Maven'],
  parse: parseMavenVersion,
  compare: compareMavenVersions,
  format: (v: MavenVersion) => v.text,
  parseRange: parseMavenRange,
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<MavenVersion>;
