/**
 * Parses the module info text of a Go binary (what `go version -m` prints): tab-separated
 * lines `path`, `mod`, `dep`, `=>` (replaces the module on the line before) and `build`
 * (a key=value build setting, either side possibly Go-quoted).
 */

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  replace?: GoModule;
}

export interface GoModInfo {
  /** The main package path (`path` line). */
  path?: string;
  main?: GoModule;
  deps: GoModule[];
  settings: { key: string; value: string }[];
}

/** Go's strconv.Quote output is JSON-compatible for everything but \x, \a, \v and \u{>ffff}. */
function unquote(s: string): string {
  if (!s.startsWith('"')) return s;
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'string' ? v : s;
  } catch {
    return s.slice(1, s.endsWith('"') && s.length > 1 ? -1 : undefined);
  }
}

/** Splits `key=value` where the key may be quoted (and then may contain `=`). */
function splitSetting(text: string): { key: string; value: string } | undefined {
  if (text.startsWith('"')) {
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') {
        if (text[i + 1] !== '=') return undefined;
        return { key: unquote(text.slice(0, i + 1)), value: unquote(text.slice(i + 2)) };
      }
    }
    return undefined;
  }
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  return { key: text.slice(0, eq), value: unquote(text.slice(eq + 1)) };
}

function moduleFrom(fields: string[]): GoModule {
  const mod: GoModule = { path: fields[1] ?? '', version: fields[2] ?? '' };
  if (fields[3]) mod.sum = fields[3];
  return mod;
}

export function parseModInfo(text: string): GoModInfo {
  const info: GoModInfo = { deps: [], settings: [] };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const fields = line.replace(/\r$/, '').split('\t');
    switch (fields[0]) {
      case 'path':
        info.path = fields[1];
        break;
      case 'mod':
        info.main = moduleFrom(fields);
        last = info.main;
        break;
      case 'dep':
        last = moduleFrom(fields);
        info.deps.push(last);
        break;
      case '=>':
        if (last) last.replace = moduleFrom(fields);
        break;
      case 'build': {
        const setting = splitSetting(fields.slice(1).join('\t'));
        if (setting) info.settings.push(setting);
        break;
      }
      default:
        break;
    }
  }
  return info;
}
