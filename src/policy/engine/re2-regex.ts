/**
 * Go RE2 patterns → JavaScript RegExp. StackRox compiles policy values with Go's `regexp`
 * (RE2 syntax) as `^(?i:<value>)$`; JavaScript's engine is a backtracking superset with a few
 * different spellings. We translate what RE2 accepts and JS spells differently, and refuse what
 * RE2 itself refuses, so a policy that StackRox rejects is rejected here too:
 *
 * | RE2                    | here                                                        |
 * |------------------------|-------------------------------------------------------------|
 * | `(?i)` `(?s)` `(?i:…)` | leading flag groups become RegExp flags; `(?flags:…)` → `(?:…)` (case-insensitivity is global) |
 * | `\A` `\z`              | `^` `$` (we never use the `m` flag, so they are whole-input anchors) |
 * | `[[:alpha:]]` …        | the ASCII class spelled out (`[[:^alpha:]]` negated)        |
 * | `\Q…\E`                | every character escaped                                     |
 * | `(?P<name>…)`          | `(?<name>…)`                                                |
 * | `\pL` `\p{Greek}`      | `\p{L}` `\p{Script=Greek}` with the `u` flag                |
 * | `\x{41}`               | `\u{41}` with the `u` flag                                  |
 * | backreferences, `(?=` `(?!` `(?<=` `(?<!` `(?>`, `\Z`, `\C`, possessive `*+` | refused (RE2 has none of them) |
 *
 * Without `\p`/`\x{}` the pattern is compiled without the `u` flag, where `.` matches one UTF-16
 * unit rather than one code point; policy values are ASCII in practice.
 */
import { RampartError } from '../../runtime/errors.js';

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

export interface Re2Options {
  /** Wrap as `^(?:…)$` (StackRox's whole-string match). Default true. */
  anchored?: boolean;
  /** Default true: StackRox matches policy values case-insensitively. */
  caseInsensitive?: boolean;
}

function refuse(pattern: string, why: string): never {
  throw new RampartError(
    'POLICY_REGEX_INVALID',
    `regular expression ${JSON.stringify(pattern)} is not valid RE2: ${why}; rewrite it in Go RE2 syntax`,
  );
}

function escapeLiteral(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? '\\' + ch : ch;
}

/** Translates RE2 source to JS source plus the flags it needs. Throws POLICY_REGEX_INVALID. */
export function translateRe2(pattern: string): { source: string; flags: string } {
  let out = '';
  let unicode = false;
  let dotAll = false;
  let inClass = false;
  let i = 0;
  const n = pattern.length;
  // Leading global flag groups, e.g. (?i) or (?is).
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(pattern.slice(i));
    if (!m) break;
    if (m[1]!.includes('s')) dotAll = true;
    if (m[1]!.includes('U')) refuse(pattern, 'the ungreedy flag U is not supported');
    i += m[0].length;
  }
  while (i < n) {
    const c = pattern[i]!;
    if (c === '\\') {
      const d = pattern[i + 1];
      if (d === undefined) refuse(pattern, 'trailing backslash');
      if (d === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = pattern.slice(i + 2, end < 0 ? n : end);
        for (const ch of lit) out += inClass && ch !== ']' && ch !== '\\' ? ch : escapeLiteral(ch);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (d === 'E') {
        i += 2;
        continue;
      }
      if (/[1-9]/.test(d)) refuse(pattern, 'backreferences are not supported');
      if (d === 'Z' || d === 'C' || d === 'G' || d === 'k') refuse(pattern, `escape \\${d} is not supported`);
      if (d === 'A') {
        out += '^';
        i += 2;
        continue;
      }
      if (d === 'z') {
        out += '(?![\\s\\S])';
        i += 2;
        continue;
      }
      if (d === 'p' || d === 'P') {
        unicode = true;
        let name: string;
        let len: number;
        if (pattern[i + 2] === '{') {
          const close = pattern.indexOf('}', i + 3);
          if (close < 0) refuse(pattern, 'unterminated \\p{…}');
          name = pattern.slice(i + 3, close);
          len = close + 1 - i;
        } else {
          name = pattern[i + 2] ?? '';
          len = 3;
        }
        const neg = name.startsWith('^');
        if (neg) name = name.slice(1);
        const prop = /^[A-Z][a-z]?$/.test(name) || name === 'Any' ? name : `Script=${name}`;
        const letter = (d === 'P') !== neg ? 'P' : 'p';
        out += prop === 'Any' ? (letter === 'p' ? '[\\s\\S]' : '[^\\s\\S]') : `\\${letter}{${prop}}`;
        i += len;
        continue;
      }
      if (d === 'x' && pattern[i + 2] === '{') {
        const close = pattern.indexOf('}', i + 3);
        if (close < 0) refuse(pattern, 'unterminated \\x{…}');
        unicode = true;
        out += `\\u{${pattern.slice(i + 3, close)}}`;
        i = close + 1;
        continue;
      }
      if (/[a-zA-Z0-9]/.test(d) && !/[dDsSwWbBnrtfvx0ae]/.test(d)) {
        refuse(pattern, `unknown escape \\${d}`);
      }
      if (d === 'a') out += '\\x07';
      else if (d === 'e') out += '\\x1B';
      else out += '\\' + d;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const close = pattern.indexOf(':]', i + 2);
        if (close > 0) {
          let name = pattern.slice(i + 2, close);
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const body = POSIX_CLASSES[name];
          if (body === undefined) refuse(pattern, `unknown POSIX class [:${name}:]`);
          if (neg) refuse(pattern, 'negated POSIX classes inside a class are not supported here');
          out += body;
          i = close + 2;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '[';
      i++;
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (/^[=!]/.test(rest) || /^<[=!]/.test(rest))
        refuse(pattern, 'lookaround assertions are not supported');
      if (rest.startsWith('>')) refuse(pattern, 'atomic groups are not supported');
      const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += 2 + named[0].length;
        continue;
      }
      const flagGroup = /^([imsU]*)(?:-([imsU]*))?:/.exec(rest);
      if (flagGroup) {
        out += '(?:';
        i += 2 + flagGroup[0].length;
        continue;
      }
      const inlineFlags = /^([imsU]*)(?:-([imsU]*))?\)/.exec(rest);
      if (inlineFlags) {
        i += 2 + inlineFlags[0].length;
        continue;
      }
      refuse(pattern, 'unsupported group syntax');
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && pattern[i + 1] === '+') {
      refuse(pattern, 'possessive quantifiers are not supported');
    }
    if ((c === '*' || c === '+' || c === '?') && (out === '' || out.endsWith('(') || out.endsWith('|'))) {
      refuse(pattern, `missing argument to repetition operator ${c}`);
    }
    out += c;
    i++;
  }
  if (inClass) refuse(pattern, 'missing closing ]');
  return { source: out, flags: (dotAll ? 's' : '') + (unicode ? 'u' : '') };
}

const cache = new Map<string, RegExp>();

/** Compiles an RE2 policy value; anchored and case-insensitive by default. Cached. */
export function compileRe2(pattern: string, options: Re2Options = {}): RegExp {
  const anchored = options.anchored ?? true;
  const ci = options.caseInsensitive ?? true;
  const key = `${anchored ? 'a' : '-'}${ci ? 'i' : '-'}${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { source, flags } = translateRe2(pattern);
  let re: RegExp;
  try {
    re = new RegExp(anchored ? `^(?:${source})$` : source, flags + (ci ? 'i' : ''));
  } catch (err) {
    refuse(pattern, (err as Error).message.replace(/^Invalid regular expression: /, ''));
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, re);
  return re;
}

/** Whole-string test of `s.slice(start, end)`, without making the slice when it can. */
export type WholeMatch = (s: string, start: number, end: number) => boolean;

const PLAIN_ALTERNATION = /^[A-Za-z0-9_-]+(?:\|[A-Za-z0-9_-]+)*$/;

/**
 * An anchored, case-insensitive RE2 value as a whole-string test. A value that is a plain word or
 * an alternation of plain words (`curl`, `apt|dpkg`, `CVE-2021-44228`: letters, digits, `_`, `-`)
 * is compared directly, ASCII case-insensitively — the same verdict as the regex, which without
 * the `u` flag never folds a non-ASCII character onto an ASCII one; `.+` and `.*` are a length
 * check and a scan for line terminators; anything else uses the regex.
 */
export function compileWholeMatch(pattern: string): WholeMatch {
  const re = compileRe2(pattern);
  if (pattern === '.+' || pattern === '.*') {
    // "Any text" (`Fixed By` `.*` is read as `.+`): without the `s` flag `.` is any UTF-16 unit
    // but a line terminator, so the test is the length and a scan for those four units.
    const min = pattern === '.+' ? 1 : 0;
    return (s, start, end) => {
      if (end - start < min) return false;
      for (let i = start; i < end; i++) {
        const c = s.charCodeAt(i);
        if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
      }
      return true;
    };
  }
  const words = plainWords(pattern);
  if (words === undefined) return (s, start, end) => re.test(s.slice(start, end));
  return (s, start, end) => {
    const len = end - start;
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      if (w.length === len && startsWithWord(s, start, w)) return true;
    }
    return false;
  };
}

/**
 * The words of a plain word or word alternation (letters, digits, `_`, `-`), lower-cased; what
 * `compileWholeMatch` compares directly. Undefined for any other pattern.
 */
export function plainWords(pattern: string): string[] | undefined {
  return PLAIN_ALTERNATION.test(pattern) ? pattern.split('|').map((w) => w.toLowerCase()) : undefined;
}

/** True when `s` holds the lower-case plain word `w` at `start`, ASCII letters compared ignoring case. */
export function startsWithWord(s: string, start: number, w: string): boolean {
  if (s.length - start < w.length) return false;
  for (let i = 0; i < w.length; i++) {
    let c = s.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== w.charCodeAt(i)) return false;
  }
  return true;
}
