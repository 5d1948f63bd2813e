import { comparatorRange, type Clause } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { allDigits, digitsEnd, digitsValue, isAlnum, isDigit } from './char-scan.js';

type Num = number | bigint;

/** A PEP 440 version, normalised (`1.0-1` and `1.0.post1` parse to the same value). */
export interface Pep440Version {
  readonly epoch: Num;
  readonly release: readonly Num[];
  /** Pre-release: `a`, `b` or `rc` and its number. */
  readonly pre?: readonly ['a' | 'b' | 'rc', Num];
  readonly post?: Num;
  readonly dev?: Num;
  /** Local segments, lower-case; numeric ones as numbers. */
  readonly local?: readonly (string | Num)[];
}

// PEP 440 appendix grammar (as `packaging` writes it), case-insensitive, read left to right:
//   v? (N!)? N(.N)* ([-_.]? pre-word [-_.]? N?)? (-N | [-_.]? post-word [-_.]? N?)?
//   ([-_.]? dev [-_.]? N?)? (+ local)?   with blanks allowed around the whole.
// The words are tried in the grammar's own order, so `alpha` wins over `a` and `preview` over `pre`.
const PRE_WORDS: readonly (readonly [string, 'a' | 'b' | 'rc'])[] = [
  ['alpha', 'a'],
  ['a', 'a'],
  ['beta', 'b'],
  ['b', 'b'],
  ['preview', 'rc'],
  ['pre', 'rc'],
  ['c', 'rc'],
  ['rc', 'rc'],
];
const POST_WORDS = ['post', 'rev', 'r'] as const;

/** The char code at `i`, or -1 past the end (reading past the end slows optimised code). */
const code = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : -1);
const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;

const isSeparator = (c: number) => c === 45 || c === 95 || c === 46;

/** True when `s` has `word` (lower-case letters) at `i`, in any case. */
function wordAt(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) if ((code(s, i + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

// Where the last `[-_.]? N?` after a word ended, and the number it read (undefined: none).
let tailEnd = 0;
let tailValue: Num | undefined;

/** `[-_.]? ([0-9]+)?` at `i` (after a pre, post or dev word). */
function readTail(s: string, i: number): void {
  const k = i < s.length && isSeparator(code(s, i)) ? i + 1 : i;
  const e = digitsEnd(s, k);
  tailEnd = e;
  tailValue = e > k ? digitsValue(s, k, e) : undefined;
}

/** Local segments `[a-z0-9]+([-_.][a-z0-9]+)*` from `i` to the end, or undefined when malformed. */
function readLocal(s: string, i: number): (string | Num)[] | undefined {
  const out: (string | Num)[] = [];
  let start = i;
  for (let k = i; k <= s.length; k++) {
    const c = k < s.length ? code(s, k) : 46;
    if (isSeparator(c)) {
      if (k === start) return undefined;
      out.push(allDigits(s, start, k) ? digitsValue(s, start, k) : s.slice(start, k).toLowerCase());
      start = k + 1;
    } else if (!isAlnum(c)) return undefined;
  }
  return out;
}

/** The grammar above on a trimmed string; undefined when it does not match. */
function readVersion(s: string): Pep440Version | undefined {
  let i = s.length > 0 && (code(s, 0) | 32) === 118 ? 1 : 0;
  let d = digitsEnd(s, i);
  if (d === i) return undefined;
  let epoch: Num = 0;
  if (code(s, d) === 33) {
    epoch = digitsValue(s, i, d);
    i = d + 1;
    d = digitsEnd(s, i);
    if (d === i) return undefined;
  }
  const release: Num[] = [digitsValue(s, i, d)];
  i = d;
  while (code(s, i) === 46 && isDigit(code(s, i + 1))) {
    d = digitsEnd(s, i + 1);
    release.push(digitsValue(s, i + 1, d));
    i = d;
  }
  const v: {
    epoch: Num;
    release: Num[];
    pre?: ['a' | 'b' | 'rc', Num];
    post?: Num;
    dev?: Num;
    local?: (string | Num)[];
  } = { epoch, release };
  let j = i < s.length && isSeparator(code(s, i)) ? i + 1 : i;
  if (isLetter(code(s, j))) {
    for (const [word, name] of PRE_WORDS) {
      if (!wordAt(s, j, word)) continue;
      readTail(s, j + word.length);
      v.pre = [name, tailValue ?? 0];
      i = tailEnd;
      break;
    }
  }
  if (code(s, i) === 45 && isDigit(code(s, i + 1))) {
    d = digitsEnd(s, i + 1);
    v.post = digitsValue(s, i + 1, d);
    i = d;
  } else {
    j = i < s.length && isSeparator(code(s, i)) ? i + 1 : i;
    if (isLetter(code(s, j))) {
      for (const word of POST_WORDS) {
        if (!wordAt(s, j, word)) continue;
        readTail(s, j + word.length);
        v.post = tailValue ?? 0;
        i = tailEnd;
        break;
      }
    }
  }
  j = i < s.length && isSeparator(code(s, i)) ? i + 1 : i;
  if (wordAt(s, j, 'dev')) {
    readTail(s, j + 3);
    v.dev = tailValue ?? 0;
    i = tailEnd;
  }
  if (i < s.length) {
    if (code(s, i) !== 43) return undefined;
    const local = readLocal(s, i + 1);
    if (!local) return undefined;
    v.local = local;
  }
  return v;
}

export function parsePep440Version(input: string): Pep440Version {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('pep440', input, 'too long');
  const v = readVersion(input.trim());
  if (!v) throw invalidVersion('pep440', input, 'does not match the PEP 440 version grammar');
  return v;
}

function cmp(a: Num | string, b: Num | string): CompareResult {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRelease(a: readonly Num[], b: readonly Num[]): CompareResult {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const r = cmp(a[i] ?? 0, b[i] ?? 0);
    if (r !== 0) return r;
  }
  return 0;
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/** Pre-release class: a dev release of a final sorts before its pre-releases, a final after them. */
function comparePre(a: Pep440Version, b: Pep440Version): CompareResult {
  const ca = a.pre ? 1 : a.post === undefined && a.dev !== undefined ? 0 : 2;
  const cb = b.pre ? 1 : b.post === undefined && b.dev !== undefined ? 0 : 2;
  if (ca !== cb) return ca < cb ? -1 : 1;
  if (ca !== 1) return 0;
  return cmp(PRE_RANK[a.pre![0]], PRE_RANK[b.pre![0]]) || cmp(a.pre![1], b.pre![1]);
}

function compareLocal(a?: readonly (string | Num)[], b?: readonly (string | Num)[]): CompareResult {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xs = typeof x === 'string';
    const ys = typeof y === 'string';
    const r = xs === ys ? cmp(x, y) : xs ? -1 : 1;
    if (r !== 0) return r;
  }
  return cmp(a.length, b.length);
}

/** PEP 440 ordering: epoch, release (zero-padded), pre, post, dev, then local segments. */
export function comparePep440Versions(a: Pep440Version, b: Pep440Version): CompareResult {
  return (
    cmp(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    (a.post === undefined
      ? b.post === undefined
        ? 0
        : -1
      : b.post === undefined
        ? 1
        : cmp(a.post, b.post)) ||
    (a.dev === undefined ? (b.dev === undefined ? 0 : 1) : b.dev === undefined ? -1 : cmp(a.dev, b.dev)) ||
    compareLocal(a.local, b.local)
  );
}

/** The normalised form (`str(Version)` in `packaging`). */
export function formatPep440Version(v: Pep440Version): string {
  let s = `${v.epoch === 0 ? '' : `${v.epoch}!`}${v.release.join('.')}`;
  if (v.pre) s += `${v.pre[0]}${v.pre[1]}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

function publicOf(v: Pep440Version): Pep440Version {
  if (!v.local) return v;
  const { local: _local, ...rest } = v;
  return rest;
}

/** The version a post-release belongs to (`1.0.post1.dev2` → `1.0`). */
function postBaseOf(v: Pep440Version): Pep440Version {
  return { epoch: v.epoch, release: v.release, ...(v.pre ? { pre: v.pre } : {}) };
}

const isPre = (v: Pep440Version) => v.pre !== undefined || v.dev !== undefined;

// packaging's prefix matching for `==X.*`: compare split, zero-padded segment lists.
function versionSplit(s: string): string[] {
  const bang = s.lastIndexOf('!');
  const out = [bang >= 0 ? s.slice(0, bang) : '0'];
  for (const item of s.slice(bang + 1).split('.')) {
    const m = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (m) out.push(m[1]!, m[2]!);
    else out.push(item);
  }
  return out;
}

function prefixMatches(v: Pep440Version, prefix: string): boolean {
  const spec = versionSplit(prefix);
  const cand = versionSplit(formatPep440Version(publicOf(v)));
  const digitsRun = (xs: string[]) => {
    let k = 0;
    while (k < xs.length && /^[0-9]+$/.test(xs[k]!)) k++;
    return k;
  };
  const cd = digitsRun(cand);
  const sd = digitsRun(spec);
  const padded = [...cand.slice(0, cd), ...Array<string>(Math.max(0, sd - cd)).fill('0'), ...cand.slice(cd)];
  const short = padded.slice(0, spec.length);
  return short.length === spec.length && short.every((x, i) => x === spec[i]);
}

const SPEC_RE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,]+)\s*$/;

function specifierClause(text: string, spec: string): Clause<Pep440Version> {
  const m = SPEC_RE.exec(spec);
  if (!m) throw invalidRange('pep440', text, `cannot read specifier ${JSON.stringify(spec)}`);
  const op = m[1]!;
  const raw = m[2]!;
  if (op === '===') return { test: (v) => formatPep440Version(v).toLowerCase() === raw.toLowerCase() };
  if ((op === '==' || op === '!=') && raw.endsWith('.*')) {
    const prefix = formatPep440Version(parseSpecVersion(text, raw.slice(0, -2)));
    if (/\+/.test(raw)) throw invalidRange('pep440', text, 'a prefix match cannot have a local version');
    return op === '=='
      ? { test: (v) => prefixMatches(v, prefix) }
      : { test: (v) => !prefixMatches(v, prefix) };
  }
  const bound = parseSpecVersion(text, raw);
  if (bound.local && op !== '==' && op !== '!=') {
    throw invalidRange('pep440', text, `${op} cannot take a local version`);
  }
  switch (op) {
    case '~=': {
      if (bound.release.length < 2)
        throw invalidRange('pep440', text, '~= needs at least two release segments');
      const prefix = formatPep440Version({ epoch: bound.epoch, release: bound.release.slice(0, -1) });
      return { test: (v) => comparePep440Versions(publicOf(v), bound) >= 0 && prefixMatches(v, prefix) };
    }
    case '==':
    case '!=': {
      const eq = (v: Pep440Version) => comparePep440Versions(bound.local ? v : publicOf(v), bound) === 0;
      return op === '==' ? { test: eq } : { test: (v) => !eq(v) };
    }
    case '<=':
      return { test: (v) => comparePep440Versions(publicOf(v), bound) <= 0 };
    case '>=':
      return { test: (v) => comparePep440Versions(publicOf(v), bound) >= 0 };
    case '<': {
      // `<V` excludes pre-releases of V itself unless V is one (packaging: earliest pre-release).
      const earliestPre: Pep440Version = { ...publicOf(bound), dev: 0 };
      return {
        test: (v) =>
          comparePep440Versions(v, bound) < 0 &&
          !(!isPre(bound) && isPre(v) && comparePep440Versions(v, earliestPre) >= 0),
      };
    }
    default:
      // `>V` excludes post-releases of V and local versions of V.
      return {
        test: (v) =>
          comparePep440Versions(v, bound) > 0 &&
          !(
            bound.post === undefined &&
            v.post !== undefined &&
            comparePep440Versions(postBaseOf(v), bound) === 0
          ) &&
          !(v.local !== undefined && comparePep440Versions(publicOf(v), bound) === 0),
      };
  }
}

function parseSpecVersion(text: string, raw: string): Pep440Version {
  try {
    return parsePep440Version(raw);
  } catch {
    throw invalidRange('pep440', text, `${JSON.stringify(raw)} is not a PEP 440 version`);
  }
}

/**
 * A specifier set (`>=1.0, !=1.3.*, <2`), evaluated as `packaging` does with pre-releases
 * allowed (a vulnerable range covers the pre-releases that sort inside it). `||` joins
 * alternative sets (an extension used by some feeds).
 */
export function parsePep440Range(text: string) {
  const anyOf: Clause<Pep440Version>[][] = [];
  for (const alt of text.split('||')) {
    const specs = alt
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (specs.length === 0 && text.includes('||')) throw invalidRange('pep440', text, 'empty alternative');
    anyOf.push(specs.map((s) => specifierClause(text, s)));
  }
  return comparatorRange(text, anyOf, comparePep440Versions);
}

export const pep440Scheme = {
  id: 'pep440',
  title: 'Python PEP 440',
  usedFor: ['PyPI'],
  parse: parsePep440Version,
  compare: comparePep440Versions,
  format: formatPep440Version,
  parseRange: parsePep440Range,
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<Pep440Version>;
