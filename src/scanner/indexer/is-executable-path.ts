/**
 * The cheap path rule the binary finders (golang, rust) use to claim files that may be
 * executables. A finder only sees paths, and the layer walker buffers every claimed file, so
 * the rule aims at the places programs are installed and skips names with a data or source
 * extension (a letter-led suffix after the last dot) and well-known text files. The finder
 * then checks the magic bytes and drops anything that is not ELF, PE or Mach-O. Blind spots
 * (documented in the golang README): binaries with an extension other than `.exe`, and
 * extension-less binaries outside the listed places.
 */

const BIN_DIRS = new Set(['bin', 'sbin', 'libexec']);
const INSTALL_ROOTS = new Set(['opt', 'app', 'ko-app', 'srv']);
/** Package trees full of extension-less text files; binaries there still match under a bin/ directory. */
const LIBRARY_TREES = new Set([
  'node_modules',
  'site-packages',
  'dist-packages',
  'vendor',
  'include',
  'share',
]);
/** A data or source extension (`.so`, `.py`, `.json`); numeric tails such as `python3.11` are not. */
const EXTENSION = /\.[a-z][a-z0-9]{0,7}$/i;
const TEXT_NAMES =
  /^(license|licence|copying|notice|readme|authors|contributors|changelog|changes|makefile|dockerfile|version|manifest)$/i;

/** True for `usr/local/bin/kubectl`, `manager`, `opt/tool/tool`, `app/server.exe`, … */
export function isExecutablePath(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (base === '' || base.startsWith('.') || TEXT_NAMES.test(base)) return false;
  if (EXTENSION.test(base) && !base.toLowerCase().endsWith('.exe')) return false;
  if (slash === -1) return true; // top-level file: /manager, /coredns
  const dirs = path.slice(0, slash).split('/');
  if (dirs.some((d) => BIN_DIRS.has(d))) return true;
  return INSTALL_ROOTS.has(dirs[0]!) && !dirs.some((d) => LIBRARY_TREES.has(d));
}
