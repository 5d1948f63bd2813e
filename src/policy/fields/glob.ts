/**
 * Doublestar globs for `File Path` values (`**` any depth, `*` and `?` within one segment,
 * `[…]` classes, `{a,b}` alternatives), compiled to an anchored RegExp.
 */
import { RampartError } from '../../runtime/errors.js';

export function compileGlob(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0)
        throw new RampartError('POLICY_VALUE_INVALID', `glob ${JSON.stringify(glob)} has an unclosed [`);
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '\\' && i + 1 < glob.length) {
      i++;
      out += glob[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (braces > 0)
    throw new RampartError('POLICY_VALUE_INVALID', `glob ${JSON.stringify(glob)} has an unclosed {`);
  return new RegExp(`^${out}$`);
}
