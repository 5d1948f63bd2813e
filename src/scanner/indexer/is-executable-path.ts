/**
 * The cheap path rule the binary finders (golang, rust) use to claim files that may be
 * executables. A finder only sees paths, and the layer walker buffers every claimed file, so
 * the rule aims at the places programs are installed and skips names with a data or source
 * extension (a letter-led suffix after the last dot). The finder then checks the magic bytes and drops anything that is not ELF, PE or
 * Mach-O. Blind spots (documented in each finder's README): binaries with an extension other
 * than `.exe`, and extension-less binaries outside the listed places and below the top level.
 */

const BIN_DIRS = new Set(['bin', 'sbin', 'libexec']);
const INSTALL_ROOTS = new Set(['opt', 'app', 'ko-app', 'srv']);
/** A data or source extension (`.so`, `.py`, `.json`); numeric tails such as `python3.11` are not. */
const EXTENSION = /\.[a-z][a-z0-9]{0,7}$/i;

/** True for `usr/local/bin/kubectl`, `manager`, `opt/tool/tool`, `app/server.exe`, … */
export function isExecutablePath(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (base === '' || base.startsWith('.')) return false;
  if (EXTENSION.test(base) && !base.toLowerCase().endsWith('.exe')) return false;
  if (slash === -1) return true; // top-level file: /manager, /coredns
  const dirs = path.slice(0, slash).split('/');
  if (dirs.some((d) => BIN_DIRS.has(d))) return true;
  if (INSTALL_ROOTS.has(dirs[0]!)) return true;
  return dirs[0] === 'usr' && dirs[1] === 'local';
}
