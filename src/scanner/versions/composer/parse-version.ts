import type { CompareResult } from '../contracts.js';
import { invalidVersion, MAX_VERSION_LENGTH } from '../invalid-version.js';
import { digitsValue } from '../char-scan.js';
import {
  letterKey,
  numberKey,
  phpVersionCompare,
  phpVersionKeys,
  type PhpVersionKey,
} from './php-version-compare.js';

/** A Composer (Packagist) version, normalised as composer/semver's VersionParser does. */
export interface ComposerVersion {
  /** Normalised text: `1.2.0.0`, `1.0.0.0-beta2`, `2.1.9999999.9999999-dev` or `dev-<branch>`. */
  readonly normalized: string;
  /** True for a branch (`dev-main`): branches have no order against numbered versions. */
  readonly branch: boolean;
  readonly parts: readonly PhpVersionKey[];
}

const MOD = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSIC_RE = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MOD}$`, 'i');
const DATE_RE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MOD}$`, 'i');
const STABILITY_FLAG_RE = /@(?:stable|RC|beta|alpha|dev)$/i;

function expandStability(s: string): string {
  const l = s.toLowerCase();
  return l === 'a' ? 'alpha' : l === 'b' ? 'beta' : l === 'p' || l === 'pl' ? 'patch' : l === 'rc' ? 'RC' : l;
}

function normalizeBranch(name: string): string {
  const m = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i.exec(name.trim());
  if (m) {
    let v = '';
    for (let i = 1; i < 5; i++) v += m[i] !== undefined ? m[i]!.replace(/[*X]/g, 'x') : '.x';
    return `${v.replace(/x/g, '9999999')}-dev`;
  }
  return `dev-${name}`;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** The char code at `i`, or -1 past the end (reading past the end slows optimised code). */
const code = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : -1);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** True when `s` has `word` (lower-case letters) at `i`, in any case. */
function wordAt(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) if ((code(s, i + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

// CLASSIC_RE's stability words in its own order (so `beta` is tried before `b`), with the rank
// PHP's version_compare gives the word Composer writes for each (alpha 1, beta 2, RC 3, patch 5;
// `stable` in another case stays `stable`, an unknown form).
const STABILITY_WORDS: readonly (readonly [string, number])[] = [
  ['stable', -1],
  ['beta', 2],
  ['b', 2],
  ['rc', 3],
  ['alpha', 1],
  ['a', 1],
  ['patch', 5],
  ['pl', 5],
  ['p', 5],
];

/** Index after the digits starting at `i`. */
function digitsEnd(s: string, i: number): number {
  let e = i;
  while (e < s.length && isDigit(code(s, e))) e++;
  return e;
}

// What the last successful `readModifier` found.
let modWord: string | undefined;
let modOrder = 0;
let modNumsStart = 0;
let modNumsEnd = 0;
let modDev = false;

/**
 * MOD (`[._-]?(?:(word)((?:[.-]?\d+)*)?)?([.-]?dev)?`) from `i` to the end of `s`. Taking the
 * first choice at each step finds a match whenever the regular expression has one, and the same
 * one: a word cannot start with a separator or a digit, a shorter word from the list (`b` for
 * `beta`) would leave letters nothing after it accepts, and fewer numbers would leave digits.
 */
function readModifier(s: string, from: number): boolean {
  const n = s.length;
  let i = from;
  if (i < n && (code(s, i) === 46 || code(s, i) === 95 || code(s, i) === 45)) i++;
  modWord = undefined;
  modNumsStart = modNumsEnd = i;
  if (isLetter(code(s, i))) {
    for (let k = 0; k < STABILITY_WORDS.length; k++) {
      const w = STABILITY_WORDS[k]![0];
      if (!wordAt(s, i, w)) continue;
      modWord = s.slice(i, i + w.length);
      modOrder = STABILITY_WORDS[k]![1];
      i += w.length;
      modNumsStart = i;
      for (;;) {
        const c = code(s, i);
        if ((c === 46 || c === 45) && isDigit(code(s, i + 1))) i++;
        else if (!isDigit(c) || i !== modNumsStart) break;
        i = digitsEnd(s, i);
      }
      modNumsEnd = i;
      break;
    }
  }
  modDev = false;
  const sep = code(s, i) === 46 || code(s, i) === 45 ? 1 : 0;
  if (wordAt(s, i + sep, 'dev')) {
    modDev = true;
    i += sep + 3;
  } else if (wordAt(s, i, 'dev')) {
    modDev = true;
    i += 3;
  }
  return i === n;
}

/** `v` + the modifier `readModifier` found, as `normalize` appends it. */
function withModifier(s: string, v: string): string {
  if (modWord === 'stable') return v;
  let out = v;
  if (modWord !== undefined) {
    const c = code(s, modNumsStart);
    const from = c === 46 || c === 45 ? modNumsStart + 1 : modNumsStart;
    out += `-${expandStability(modWord)}${s.slice(Math.min(from, modNumsEnd), modNumsEnd)}`;
  }
  return modDev ? `${out}-dev` : out;
}

/** Keys of the last version `readClassic` read (its normalised text's PHP keys). */
let classicKeys: PhpVersionKey[] = [];

/**
 * CLASSIC_RE (`v?N{1,5}(.N){0,3}` MOD) on `s`, taking the first choice at each step, which is
 * the regular expression's own match (fewer digits or a skipped `.N` would leave digits or a dot
 * that nothing after accepts). Undefined when it does not match; leaves the keys in `classicKeys`
 * and returns the normalised text (with `text`) or '' (without).
 */
function readClassic(s: string, text: boolean): string | undefined {
  const keys: PhpVersionKey[] = [];
  let i = (code(s, 0) | 32) === 118 ? 1 : 0;
  let e = digitsEnd(s, i);
  if (e === i || e - i > 5) return undefined;
  let v = text ? s.slice(i, e) : '';
  keys.push(numberKey(digitsValue(s, i, e)));
  i = e;
  for (let g = 0; g < 3; g++) {
    if (code(s, i) === 46 && isDigit(code(s, i + 1))) {
      e = digitsEnd(s, i + 2);
      if (text) v += s.slice(i, e);
      keys.push(numberKey(digitsValue(s, i + 1, e)));
      i = e;
    } else {
      if (text) v += '.0';
      keys.push(numberKey(0));
    }
  }
  if (!readModifier(s, i)) return undefined;
  if (modWord !== 'stable') {
    if (modWord !== undefined) {
      keys.push(letterKey(modOrder));
      for (let k = modNumsStart; k < modNumsEnd;) {
        if (!isDigit(code(s, k))) k++;
        else {
          const d = digitsEnd(s, k);
          keys.push(numberKey(digitsValue(s, k, d)));
          k = d;
        }
      }
    }
    if (modDev) keys.push(letterKey(0));
  }
  classicKeys = keys;
  return text ? withModifier(s, v) : '';
}

const isDateSeparator = (c: number) => c === 46 || c === 58 || c === 45;

/**
 * DATE_RE (`v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)` MOD) on `s`, trying the splits in
 * the regular expression's own order: most two-digit groups first, then the longest tail.
 */
function readDate(s: string): string | undefined {
  const start = (code(s, 0) | 32) === 118 ? 1 : 0;
  if (digitsEnd(s, start) < start + 4) return undefined;
  const groupEnds: number[] = [];
  let q = start + 4;
  while (groupEnds.length < 6) {
    const r = isDateSeparator(code(s, q)) ? q + 1 : q;
    if (!isDigit(code(s, r)) || !isDigit(code(s, r + 1))) break;
    q = r + 2;
    groupEnds.push(q);
  }
  for (let k = groupEnds.length - 1; k >= 0; k--) {
    const g = groupEnds[k]!;
    const r = isDateSeparator(code(s, g)) ? g + 1 : g;
    const most = Math.min(3, digitsEnd(s, r) - r);
    for (let d = most; d >= 0; d--) {
      const end = d === 0 ? g : r + d;
      if (readModifier(s, end)) return withModifier(s, s.slice(start, end).replace(/\D/g, '.'));
    }
  }
  return undefined;
}

/**
 * The numbered dev branch (`1.x-dev`, `2.1.x-dev`, `v1.0.x-dev`) that `normalize` makes of a
 * plain input neither the classic nor the date form reads: the name before `[.-]?dev` (any
 * case) as `v?N(.N|.x){0,3}`, padded with `.x`, each `x` written 9999999. Undefined otherwise.
 */
function readDevBranch(s: string): string | undefined {
  const n = s.length;
  if (n < 3 || !wordAt(s, n - 3, 'dev')) return undefined;
  let end = n - 3;
  if (end > 0 && (code(s, end - 1) === 46 || code(s, end - 1) === 45)) end--;
  let i = (code(s, 0) | 32) === 118 ? 1 : 0;
  let e = digitsEnd(s, i);
  if (e === i || e > end) return undefined;
  let v = s.slice(i, e);
  i = e;
  for (let g = 0; g < 3; g++) {
    if (i === end) v += '.9999999';
    else if (code(s, i) !== 46) return undefined;
    else if ((code(s, i + 1) | 32) === 120) {
      v += '.9999999';
      i += 2;
    } else {
      e = digitsEnd(s, i + 1);
      if (e === i + 1 || e > end) return undefined;
      v += s.slice(i, e);
      i = e;
    }
  }
  return i === end ? `${v}-dev` : undefined;
}

/**
 * The part of a common input that `normalize` reads, found without its regular expressions:
 * after trimming, letters, digits, `.`, `_` and `-`, optionally followed by `+build` (non-blank,
 * no `@`), so that alias, stability flag and branch handling have nothing to do and only the
 * build is dropped. Undefined for any other input (then `normalize` proper decides).
 */
function plainPart(input: string): string | undefined {
  const t = input.trim();
  let plus = -1;
  for (let k = 0; k < t.length; k++) {
    const c = code(t, k);
    if (plus >= 0) {
      if (c < 33 || c > 126 || c === 64) return undefined;
    } else if (c === 43) plus = k;
    else if (!isDigit(c) && !isLetter(c) && c !== 46 && c !== 95 && c !== 45) return undefined;
  }
  if (plus === 0 || plus === t.length - 1) return undefined;
  return plus > 0 ? t.slice(0, plus) : t;
}

/** `normalize` for the inputs `plainPart` accepts, in the classic or the date form. */
function normalizeFast(input: string): string | undefined {
  const s = plainPart(input);
  if (s === undefined) return undefined;
  const classic = readClassic(s, true);
  if (classic !== undefined) return classic;
  const date = readDate(s);
  if (date !== undefined) classicKeys = phpVersionKeys(date);
  return date;
}

/** composer/semver `VersionParser::normalize`; returns undefined where Composer throws. */
export function normalizeComposerVersion(input: string): string | undefined {
  const fast = normalizeFast(input);
  if (fast !== undefined) return fast;
  let v = input.trim();
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(v);
  if (alias) v = alias[1]!;
  const flag = STABILITY_FLAG_RE.exec(v);
  if (flag) v = v.slice(0, v.length - flag[0].length);
  if (v === 'master' || v === 'trunk' || v === 'default') v = `dev-${v}`;
  if (v.slice(0, 4).toLowerCase() === 'dev-') return `dev-${v.slice(4)}`;
  const build = /^([^,\s+]+)\+\S+$/.exec(v);
  if (build) v = build[1]!;
  let m = CLASSIC_RE.exec(v);
  let index = 5;
  if (m) v = `${m[1]}${m[2] || '.0'}${m[3] || '.0'}${m[4] || '.0'}`;
  else {
    m = DATE_RE.exec(v);
    index = 2;
    if (m) v = m[1]!.replace(/\D/g, '.');
  }
  if (m) {
    if (m[index]) {
      if (m[index] === 'stable') return v;
      v += `-${expandStability(m[index]!)}${m[index + 1] ? m[index + 1]!.replace(/^[.-]+/, '') : ''}`;
    }
    if (m[index + 2]) v += '-dev';
    return v;
  }
  const dev = /^(.*?)[.-]?dev$/i.exec(v);
  if (dev) {
    const n = normalizeBranch(dev[1]!);
    if (!n.includes('dev-')) return n;
  }
  return undefined;
}

/** A parsed version; the normalised text of a classic one is built when first asked for. */
class ParsedComposerVersion implements ComposerVersion {
  constructor(
    private readonly input: string,
    private text: string | undefined,
    readonly branch: boolean,
    readonly parts: readonly PhpVersionKey[],
  ) {}

  get normalized(): string {
    this.text ??= normalizeComposerVersion(this.input)!;
    return this.text;
  }
}

export function parseComposerVersion(input: string): ComposerVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('composer', input, 'too long');
  const plain = plainPart(input);
  // The common classic form: its keys are read straight from the input, its text when asked.
  if (plain !== undefined) {
    if (readClassic(plain, false) !== undefined) {
      return new ParsedComposerVersion(input, undefined, false, classicKeys);
    }
    const other = readDate(plain) ?? readDevBranch(plain);
    if (other !== undefined) return new ParsedComposerVersion(input, other, false, phpVersionKeys(other));
  }
  const normalized = normalizeComposerVersion(input);
  if (normalized === undefined || normalized === 'dev-') {
    throw invalidVersion('composer', input, 'Composer cannot normalise it');
  }
  const branch = normalized.startsWith('dev-');
  return new ParsedComposerVersion(input, normalized, branch, branch ? [] : phpVersionKeys(normalized));
}

/**
 * PHP `version_compare` on normalised versions. Branches (which Composer never orders) sort
 * before every numbered version and among themselves by name, so the order stays total.
 */
export function compareComposerVersions(a: ComposerVersion, b: ComposerVersion): CompareResult {
  if (a.branch || b.branch) {
    if (a.branch && b.branch) return a.normalized < b.normalized ? -1 : a.normalized > b.normalized ? 1 : 0;
    return a.branch ? -1 : 1;
  }
  return phpVersionCompare(a.parts, b.parts);
}
