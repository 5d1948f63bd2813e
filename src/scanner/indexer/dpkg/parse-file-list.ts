/**
 * The file lists dpkg keeps per package, returned as normalised paths (no leading slash):
 * - `var/lib/dpkg/info/<pkg>[:arch].list`: one absolute path per line (directories included);
 * - `var/lib/dpkg/status.d/<pkg>.md5sums` (distroless): `<md5>  <relative path>` per line.
 * `/.` and empty lines are dropped; duplicates are kept once; order is preserved.
 */
export function parseFileList(text: string, format: 'list' | 'md5sums'): string[] {
  const seen = new Set<string>();
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine;
    if (format === 'md5sums') {
      const m = /^[0-9a-fA-F]+ [ *](.+)$/.exec(line);
      if (!m) continue;
      line = m[1]!;
    }
    const path = normalise(line);
    if (path !== '') seen.add(path);
  }
  return [...seen];
}

/** The owning package of a `.list`/`.md5sums` file name: extension and `:arch` removed. */
export function ownerFromFileName(fileName: string): string {
  const base = fileName.replace(/\.(list|md5sums)$/, '');
  const colon = base.indexOf(':');
  return colon >= 0 ? base.slice(0, colon) : base;
}

function normalise(line: string): string {
  const parts: string[] = [];
  for (const seg of line.trim().split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return '';
    parts.push(seg);
  }
  return parts.join('/');
}
