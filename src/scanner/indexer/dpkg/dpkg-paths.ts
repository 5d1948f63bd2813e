/** Where dpkg keeps what the finder reads; cheap to import, shared by claims() and the parser. */
export const DPKG_STATUS = 'var/lib/dpkg/status';
export const DPKG_STATUS_D = 'var/lib/dpkg/status.d/';
export const DPKG_INFO = 'var/lib/dpkg/info/';

/** The name of a direct child of `dir`, or undefined when `path` is not one. */
export function dpkgChildName(path: string, dir: string): string | undefined {
  if (!path.startsWith(dir)) return undefined;
  const rest = path.slice(dir.length);
  return rest === '' || rest.includes('/') ? undefined : rest;
}
