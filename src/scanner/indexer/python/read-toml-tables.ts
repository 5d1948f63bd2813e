/**
 * A small, strict TOML reader for the subset lockfiles use (poetry.lock, uv.lock): comments,
 * `[table]` and `[[array-of-tables]]` headers, `key = value` with bare, quoted and dotted keys,
 * basic/literal/multi-line strings, arrays, inline tables, and scalars kept as their text.
 * It returns the tables in file order rather than merging them into one tree: lockfile readers
 * only need "each `[[package]]` and the sub-tables that follow it". Nesting is capped, so a
 * hostile file cannot exhaust the stack; anything outside the subset is a TomlSyntaxError.
 */
export type TomlValue = string | TomlValue[] | { [key: string]: TomlValue };

export interface TomlTable {
  /** Header path, e.g. `['package']` or `['package', 'extras']`; `[]` for the root table. */
  path: string[];
  /** True for `[[…]]` headers. */
  arrayItem: boolean;
  values: Record<string, TomlValue>;
}

export class TomlSyntaxError extends Error {}

const MAX_DEPTH = 32;
const BARE_KEY = /[A-Za-z0-9_-]/;

export function readTomlTables(text: string): TomlTable[] {
  const r = new Reader(text);
  const tables: TomlTable[] = [{ path: [], arrayItem: false, values: {} }];
  for (;;) {
    r.skipBlank();
    if (r.done()) break;
    if (r.peek() === '[') {
      const arrayItem = r.text.startsWith('[[', r.pos);
      r.pos += arrayItem ? 2 : 1;
      const path = r.keyPath();
      r.expect(arrayItem ? ']]' : ']');
      tables.push({ path, arrayItem, values: Object.create(null) as Record<string, TomlValue> });
    } else {
      const key = r.keyPath().join('.');
      r.expect('=');
      tables[tables.length - 1]!.values[key] = r.value(0);
    }
    r.endOfLine();
  }
  return tables;
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  fail(what: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new TomlSyntaxError(`${what} at line ${line}`);
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  skipComment(): void {
    if (this.peek() === '#') {
      const nl = this.text.indexOf('\n', this.pos);
      this.pos = nl === -1 ? this.text.length : nl;
    }
  }
  /** Spaces, comments and newlines (between statements and inside arrays). */
  skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      const c = this.peek();
      if (c === '\n' || c === '\r') this.pos++;
      else return;
    }
  }
  endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.done()) return;
    if (this.text.startsWith('\r\n', this.pos)) this.pos += 2;
    else if (this.peek() === '\n') this.pos++;
    else this.fail('expected end of line');
  }
  expect(token: string): void {
    this.skipSpaces();
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected "${token}"`);
    this.pos += token.length;
  }
  keyPath(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"' || c === "'") parts.push(this.string());
      else {
        const start = this.pos;
        while (BARE_KEY.test(this.peek())) this.pos++;
        if (this.pos === start) this.fail('expected a key');
        parts.push(this.text.slice(start, this.pos));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }
  value(depth: number): TomlValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.skipSpaces();
    const c = this.peek();
    if (c === '"' || c === "'") return this.string();
    if (c === '[') return this.array(depth);
    if (c === '{') return this.inlineTable(depth);
    const m = /^[^\s,\]}#]+/.exec(this.text.slice(this.pos, this.pos + 128));
    if (!m) this.fail('expected a value');
    this.pos += m[0].length;
    return m[0];
  }
  array(depth: number): TomlValue[] {
    this.pos++; // [
    const out: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.peek() === ']') break;
      out.push(this.value(depth + 1));
      this.skipBlank();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected "," or "]" in array');
    }
    this.pos++;
    return out;
  }
  inlineTable(depth: number): Record<string, TomlValue> {
    this.pos++; // {
    const out = Object.create(null) as Record<string, TomlValue>;
    this.skipSpaces();
    if (this.peek() === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.keyPath().join('.');
      this.expect('=');
      out[key] = this.value(depth + 1);
      this.skipSpaces();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() === '}') break;
      else this.fail('expected "," or "}" in inline table');
    }
    this.pos++;
    return out;
  }
  string(): string {
    const quote = this.peek();
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const delim = triple ? quote.repeat(3) : quote;
    this.pos += delim.length;
    if (triple && this.peek() === '\n') this.pos++;
    let out = '';
    for (;;) {
      if (this.done()) this.fail('unterminated string');
      if (this.text.startsWith(delim, this.pos)) {
        this.pos += delim.length;
        return out;
      }
      const c = this.text[this.pos++]!;
      if (c === '\n' && !triple) this.fail('newline in string');
      if (c === '\\' && quote === '"') out += this.escape(triple);
      else out += c;
    }
  }
  escape(triple: boolean): string {
    const c = this.text[this.pos++] ?? '';
    const simple: Record<string, string> = {
      b: '\b',
      t: '\t',
      n: '\n',
      f: '\f',
      r: '\r',
      '"': '"',
      '\\': '\\',
    };
    if (c in simple) return simple[c]!;
    if (c === 'u' || c === 'U') {
      const len = c === 'u' ? 4 : 8;
      const hex = this.text.slice(this.pos, this.pos + len);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) this.fail('bad unicode escape');
      this.pos += len;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
    if (triple && /\s/.test(c)) {
      // line-ending backslash: trim the following whitespace
      while (/\s/.test(this.peek())) this.pos++;
      return '';
    }
    this.fail('bad escape');
  }
}
