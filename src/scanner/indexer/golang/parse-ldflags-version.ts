/**
 * Recovers a main-module version stamped with `go build -ldflags "-X pkg.version=v1.2.3"`.
 * Only keys ending in `.version` or `.ver` whose value looks like a semantic version count.
 * Candidates rank: a key under `<module>/cmd/`, then a key in a package named main, common,
 * version or cmd, then any other key. Two candidates in the winning rank are ambiguous and
 * yield no version.
 */

const SEMVER = /^v?\d+(\.\d+(\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)?)?$/;
const DEFAULT_PACKAGES = new Set(['main', 'common', 'version', 'cmd']);

/** Splits a command line the way a POSIX shell would for quotes and backslashes (no expansion). */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** The `-X` assignments in an ldflags string, in order. */
export function parseLdflagsX(ldflags: string): { key: string; value: string }[] {
  const words = splitShellWords(ldflags);
  const out: { key: string; value: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let assignment: string | undefined;
    if (w === '-X' || w === '--X') assignment = words[++i];
    else if (w.startsWith('-X=')) assignment = w.slice(3);
    else if (w.startsWith('--X=')) assignment = w.slice(4);
    else if (w.startsWith('-X') && w.length > 2 && !w.startsWith('-X-')) assignment = w.slice(2);
    if (!assignment) continue;
    const eq = assignment.indexOf('=');
    if (eq <= 0) continue;
    out.push({
      key: assignment.slice(0, eq).replace(/^'+/, ''),
      value: assignment.slice(eq + 1).replace(/'+$/, ''),
    });
  }
  return out;
}

function packageOf(key: string): string {
  const afterSlash = key.slice(key.lastIndexOf('/') + 1);
  return afterSlash.split('.')[0]!.toLowerCase();
}

export function parseLdflagsVersion(modulePath: string, ldflags: string): string | undefined {
  const ranks: string[][] = [[], [], []];
  const seen = new Set<string>();
  for (const { key, value } of parseLdflagsX(ldflags)) {
    const lower = key.toLowerCase();
    if (!(lower.endsWith('.version') || lower.endsWith('.ver')) || !SEMVER.test(value)) continue;
    const id = `${key}=${value}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (key.startsWith(`${modulePath}/cmd/`)) ranks[0]!.push(value);
    else if (DEFAULT_PACKAGES.has(packageOf(key))) ranks[1]!.push(value);
    else ranks[2]!.push(value);
  }
  for (const rank of ranks) {
    if (rank.length === 1) return rank[0];
    if (rank.length > 1) return undefined;
  }
  return undefined;
}
