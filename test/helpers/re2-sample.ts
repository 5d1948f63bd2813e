/**
 * Builds a short string that a policy RE2 value matches (first alternative, minimal repetition,
 * first character of each class), checked against the compiled pattern. Test-only.
 */
import { compileRe2 } from '../../src/policy/engine/re2-regex.js';

/** A short string the RE2 pattern matches (minimal repetition, first alternative, class's first char). */
export function sampleFor(pattern: string): string {
  const p = pattern.startsWith('r/') ? pattern.slice(2) : pattern;
  const candidates = [gen(p), gen(p).toLowerCase(), 'a', 'x'];
  const re = compileRe2(p);
  for (const c of candidates) if (re.test(c)) return c;
  throw new Error(`no sample for ${pattern}`);
}

function gen(p: string): string {
  // Take the first top-level alternative, then emit the minimal string.
  let depth = 0;
  let cls = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') { i++; continue; } // prettier-ignore
    if (cls) { if (c === ']') cls = false; continue; } // prettier-ignore
    if (c === '[') cls = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return gen(p.slice(0, i));
  }
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    let atom = '';
    let end = i;
    if (c === '\\') {
      const d = p[i + 1]!;
      atom = d === 'd' ? '1' : d === 's' ? ' ' : d === 'w' ? 'a' : d;
      end = i + 1;
    } else if (c === '[') {
      let j = i + 1;
      const neg = p[j] === '^';
      if (neg) j++;
      let first = p[j] === '\\' ? p[j + 1]! : p[j]!;
      if (first === '[') first = 'a';
      while (p[j] !== ']' || j === i + 1) j += p[j] === '\\' ? 2 : 1;
      atom = neg ? 'q' : first === '\\' ? 's' : first;
      end = j;
    } else if (c === '(') {
      let d = 1;
      let j = i + 1;
      while (d > 0) {
        if (p[j] === '\\') j++;
        else if (p[j] === '(') d++;
        else if (p[j] === ')') d--;
        j++;
      }
      let inner = p.slice(i + 1, j - 1);
      if (inner.startsWith('?:')) inner = inner.slice(2);
      atom = gen(inner);
      end = j - 1;
    } else if (c === '.') atom = 'a';
    else if (c === '^' || c === '$') atom = '';
    else atom = c;
    const q = p[end + 1];
    if (q === '*' || q === '?') {
      atom = '';
      end++;
    } else if (q === '+') end++;
    else if (q === '{') {
      const close = p.indexOf('}', end + 1);
      const min = Number(p.slice(end + 2, close).split(',')[0]);
      atom = atom.repeat(min);
      end = close;
    }
    out += atom;
    i = end;
  }
  return out;
}
