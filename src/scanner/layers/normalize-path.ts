/**
 * Tar entry names → normalised image paths: no leading `/` or `./`, no `.` segments, no
 * trailing slash. A name whose `..` segments would climb above the root returns undefined: the
 * caller treats it as a path escape. Names are never joined to a host path by this module.
 */
export function normalizeEntryPath(name: string): string | undefined {
  if (name.includes('\0')) return undefined;
  const parts = name.replace(/\\/g, '/').split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join('/');
}

/** True when a name climbs with `..` at any point or is absolute, even if it lands back inside. */
export function isSuspiciousEntryName(name: string): boolean {
  return name.split('/').includes('..');
}

/**
 * Resolve a symlink target relative to the link's own directory, inside the image root. Absolute
 * targets are relative to the image root (as inside the container). Returns undefined when the
 * target climbs above the root.
 */
export function resolveLinkTarget(linkPath: string, target: string): string | undefined {
  if (target.startsWith('/')) return normalizeEntryPath(target);
  const dir = linkPath.includes('/') ? linkPath.slice(0, linkPath.lastIndexOf('/')) : '';
  return normalizeEntryPath(dir ? `${dir}/${target}` : target);
}

/** `a/b/c` → [`a`, `a/b`] (proper ancestors, shortest first). */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}
