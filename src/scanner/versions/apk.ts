import { comparatorRange, type Clause } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { numericValue } from './numeric-value.js';

// Alpine version grammar (apk-tools v3): digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

// Suffix ranks: pre-release suffixes rank below NONE (5), post-release ones above.
const SUFFIX_NONE = 5;
const SUFFIXES: Record<string, number> = {
  alpha: 1,
  beta: 2,
  pre: 3,
  rc: 4,
  cvs: 6,
  svn: 7,
  git: 8,
  hg: 9,
  p: 10,
};

interface Token {
  readonly type: number;
  /** Raw text: digits for numbers, the letter, the suffix name or the hash. */
  readonly text: string;
  /** Numeric value (numbers), char code (letter) or rank (suffix). */
  readonly value: number | bigint;
}

/** A tokenised Alpine version; `valid` is false when apk itself would reject the string. */
export interface ApkVersion {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly valid: boolean;
}

function spanOf(s: string, i: number, re: RegExp): number {
  let k = i;
  while (k < s.length && re.test(s[k]!)) k++;
  return k;
}

const DIGIT_RE = /[0-9]/;
const LOWER_RE = /[a-z]/;
const HEX_RE = /[0-9a-fA-F]/;

/**
 * Tokenises like apk's token_first/token_next: the result always ends with an END token (a
 * valid version) or an INVALID token (the point where apk stops reading).
 */
export function tokenizeApkVersion(s: string): ApkVersion {
  const tokens: Token[] = [];
  let i = spanOf(s, 0, DIGIT_RE);
  let type = i === 0 ? INVALID : INITIAL_DIGIT;
  if (type === INITIAL_DIGIT) tokens.push({ type, text: s.slice(0, i), value: numericValue(s.slice(0, i)) });
  while (type !== INVALID) {
    if (i >= s.length) {
      type = END;
      break;
    }
    const c = s[i]!;
    let next = INVALID;
    let text = '';
    let value: number | bigint = 0;
    if (c >= 'a' && c <= 'z') {
      if (type <= DIGIT) {
        next = LETTER;
        text = c;
        value = c.charCodeAt(0);
        i++;
      }
    } else if (c === '.' || (c >= '0' && c <= '9')) {
      const dotOk = c !== '.' || type <= DIGIT;
      if (c === '.') i++;
      if (dotOk && (type === INITIAL_DIGIT || type === DIGIT || type === SUFFIX)) {
        const end = spanOf(s, i, DIGIT_RE);
        if (end > i) {
          next = type === SUFFIX ? SUFFIX_NO : DIGIT;
          text = s.slice(i, end);
          value = numericValue(text);
          i = end;
        }
      }
    } else if (c === '_') {
      if (type <= SUFFIX_NO) {
        const end = spanOf(s, i + 1, LOWER_RE);
        const rank = SUFFIXES[s.slice(i + 1, end)];
        if (rank !== undefined) {
          next = SUFFIX;
          text = s.slice(i + 1, end);
          value = rank;
          i = end;
        }
      }
    } else if (c === '~') {
      if (type < COMMIT_HASH) {
        const end = spanOf(s, i + 1, HEX_RE);
        if (end > i + 1) {
          next = COMMIT_HASH;
          text = s.slice(i + 1, end);
          i = end;
        }
      }
    } else if (c === '-') {
      if (type < REVISION_NO && s[i + 1] === 'r') {
        const end = spanOf(s, i + 2, DIGIT_RE);
        if (end > i + 2) {
          next = REVISION_NO;
          text = s.slice(i + 2, end);
          value = numericValue(text);
          i = end;
        }
      }
    }
    type = next;
    if (type !== INVALID) tokens.push({ type, text, value });
  }
  tokens.push({ type, text: '', value: 0 });
  return { text: s, tokens, valid: type === END };
}

/** Parses a version apk accepts; throws VERSION_INVALID for anything apk would reject. */
export function parseApkVersion(input: string): ApkVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('apk', input, 'too long');
  const v = tokenizeApkVersion(input);
  if (!v.valid) {
    throw invalidVersion('apk', input, 'expected digit{.digit}{letter}{_suffix{N}}{~hash}{-rN}');
  }
  return v;
}

function rawSort(a: string, b: string): CompareResult {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const d = a.charCodeAt(k) - b.charCodeAt(k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function tokenCompare(a: Token, b: Token): CompareResult {
  if (a.type === COMMIT_HASH || (a.type === DIGIT && (a.text[0] === '0' || b.text[0] === '0'))) {
    return rawSort(a.text, b.text);
  }
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/**
 * apk's comparison, on tokenised versions (valid or not, exactly as apk orders both). With
 * `fuzzy`, a version that matches all of `b`'s tokens and goes on is equal (apk's `~`).
 */
export function compareApkTokens(a: ApkVersion, b: ApkVersion, fuzzy = false): CompareResult {
  const at = a.tokens;
  const bt = b.tokens;
  let k = 0;
  while (at[k]!.type === bt[k]!.type && at[k]!.type < END) {
    const r = tokenCompare(at[k]!, bt[k]!);
    if (r !== 0) return r;
    k++;
  }
  const ta = at[k]!;
  const tb = bt[k]!;
  if (ta.type === tb.type) return 0;
  if (tb.type === END && fuzzy) return 0;
  if (ta.type === SUFFIX && (ta.value as number) < SUFFIX_NONE) return -1;
  if (tb.type === SUFFIX && (tb.value as number) < SUFFIX_NONE) return 1;
  return ta.type > tb.type ? -1 : 1;
}

export function compareApkVersions(a: ApkVersion, b: ApkVersion): CompareResult {
  return compareApkTokens(a, b);
}

const LESS = 1;
const EQUAL = 2;
const GREATER = 4;
const FUZZY = 8;

function maskOf(op: string): number {
  let m = 0;
  for (const c of op) m |= c === '<' ? LESS : c === '>' ? GREATER : c === '=' ? EQUAL : EQUAL | FUZZY;
  return m;
}

/** apk's dependency operators: `<`, `<=`, `=`, `>=`, `>`, `~` (prefix match), `<~`, `>~`, `!` negates. */
export function apkMatches(v: ApkVersion, op: string, bound: ApkVersion): boolean {
  const negate = op.startsWith('!');
  const mask = maskOf(negate ? op.slice(1) : op);
  const r = compareApkTokens(v, bound, (mask & FUZZY) !== 0);
  const ok = (mask & (r < 0 ? LESS : r > 0 ? GREATER : EQUAL)) !== 0;
  return negate ? !ok : ok;
}

const APK_CLAUSE_RE = /^\s*(!?(?:<~|>~|<=|>=|[<>=~]))?\s*([^\s,|<>=!~]+(?:~[0-9a-fA-F]+)?(?:-r[0-9]+)?)\s*,?/;

function parseApkRange(text: string) {
  const anyOf: Clause<ApkVersion>[][] = [];
  for (const alt of text.split('||')) {
    let rest = alt.trim();
    if (rest === '') throw invalidRange('apk', text, 'empty alternative');
    const all: Clause<ApkVersion>[] = [];
    while (rest !== '') {
      const m = APK_CLAUSE_RE.exec(rest);
      if (!m) throw invalidRange('apk', text, `cannot read clause at ${JSON.stringify(rest)}`);
      const op = m[1] ?? '=';
      const bound = parseApkVersion(m[2]!);
      all.push({ test: (v) => apkMatches(v, op, bound) });
      rest = rest.slice(m[0].length).trim();
    }
    anyOf.push(all);
  }
  return comparatorRange(text, anyOf, compareApkVersions);
}

export const apkScheme = {
  id: 'apk',
  title: 'Alpine apk',
  usedFor: ['Alpine', 'Wolfi', 'Chainguard'],
  parse: parseApkVersion,
  compare: compareApkVersions,
  format: (v: ApkVersion) => v.text,
  parseRange: parseApkRange,
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<ApkVersion>;
