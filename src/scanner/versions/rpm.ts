import { parseOperatorRange } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';

/** An RPM EVR `[epoch:]version[-release]`; a missing epoch is 0, a missing release is empty. */
export interface RpmVersion {
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
}

/** A NEVRA `name-[epoch:]version-release[.arch]` (name and arch optional). */
export interface RpmNevra extends RpmVersion {
  readonly name?: string;
  readonly arch?: string;
}

// Character classes for rpmvercmp: 0 separator, 1 digit, 2 letter, 3 `~`, 4 `^`.
const SEP = 0;
const DIG = 1;
const ALPHA = 2;
const TILDE = 3;
const CARET = 4;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIG;
for (let c = 65; c <= 90; c++) CLASS[c] = ALPHA;
for (let c = 97; c <= 122; c++) CLASS[c] = ALPHA;
CLASS[126] = TILDE;
CLASS[94] = CARET;

/** Class of the character at `i` (separator past the end or outside ASCII). */
function classAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? CLASS[c]! : SEP;
}

/**
 * rpmvercmp: compares alternating alphabetic and numeric segments, ignoring other separators;
 * `~` sorts before anything (even the end), `^` after the end but before anything else.
 */
export function rpmvercmp(a: string, b: string): CompareResult {
  if (a === b) return 0;
  const al = a.length;
  const bl = b.length;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < al && classAt(a, i) === SEP) i++;
    while (j < bl && classAt(b, j) === SEP) j++;
    const ka = i < al ? classAt(a, i) : SEP;
    const kb = j < bl ? classAt(b, j) : SEP;
    if (ka === TILDE || kb === TILDE) {
      if (ka !== TILDE) return 1;
      if (kb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ka === CARET || kb === CARET) {
      if (i >= al) return -1;
      if (j >= bl) return 1;
      if (ka !== CARET) return 1;
      if (kb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= al || j >= bl) break;
    const as = i;
    const bs = j;
    while (i < al && classAt(a, i) === ka) i++;
    while (j < bl && classAt(b, j) === ka) j++;
    if (j === bs) return ka === DIG ? 1 : -1;
    let x = as;
    let y = bs;
    if (ka === DIG) {
      while (x < i && a.charCodeAt(x) === 48) x++;
      while (y < j && b.charCodeAt(y) === 48) y++;
      const lx = i - x;
      const ly = j - y;
      if (lx !== ly) return lx > ly ? 1 : -1;
    }
    while (x < i && y < j) {
      const d = a.charCodeAt(x) - b.charCodeAt(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      x++;
      y++;
    }
    if (x < i) return 1;
    if (y < j) return -1;
  }
  if (i >= al && j >= bl) return 0;
  return i >= al ? -1 : 1;
}

/** Parses an EVR `[epoch:]version[-release]` (the form rpm databases and OVAL/CSAF record). */
export function parseRpmVersion(input: string): RpmVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('rpm', input, 'too long');
  const s = input.trim();
  if (s === '') throw invalidVersion('rpm', input, 'version string is empty');
  if (/\s/.test(s)) throw invalidVersion('rpm', input, 'version string has embedded spaces');
  let epoch = 0;
  let rest = s;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    const e = s.slice(0, colon);
    if (!/^[0-9]{1,10}$/.test(e)) throw invalidVersion('rpm', input, 'epoch is not a number');
    epoch = Number(e);
    rest = s.slice(colon + 1);
    if (rest.includes(':')) throw invalidVersion('rpm', input, 'more than one colon');
  }
  let release = '';
  const dash = rest.lastIndexOf('-');
  if (dash >= 0) {
    release = rest.slice(dash + 1);
    rest = rest.slice(0, dash);
    if (release === '') throw invalidVersion('rpm', input, 'release is empty');
    if (rest.includes('-')) {
      throw invalidVersion('rpm', input, 'more than one "-" (a NEVRA? parse it with parseRpmNevra)');
    }
  }
  if (rest === '') throw invalidVersion('rpm', input, 'version is empty');
  return { epoch, version: rest, release };
}

export function compareRpmVersions(a: RpmVersion, b: RpmVersion): CompareResult {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

export function formatRpmVersion(v: RpmVersion): string {
  return `${v.epoch !== 0 ? `${v.epoch}:` : ''}${v.version}${v.release === '' ? '' : `-${v.release}`}`;
}

/** Architecture tags recognised at the end of a NEVRA release (anything else stays in the release). */
const ARCHES = new Set([
  'aarch64',
  'i386',
  'i686',
  'noarch',
  'ppc64le',
  'ppc64',
  's390x',
  'src',
  'x86_64',
  'riscv',
  'riscv64',
  'armv7hl',
]);

/**
 * Parses `name-[epoch:]version-release[.arch]`; with a single `-` the string is an EVR without
 * name. The name is everything before the second-to-last `-` (names may contain dashes).
 */
export function parseRpmNevra(input: string): RpmNevra {
  const s = input.trim();
  const last = s.lastIndexOf('-');
  if (last < 0) throw invalidVersion('rpm', input, 'a NEVRA needs at least version-release');
  let name: string | undefined;
  let evr = s;
  const prev = s.lastIndexOf('-', last - 1);
  if (prev >= 0) {
    name = s.slice(0, prev);
    evr = s.slice(prev + 1);
  }
  let arch: string | undefined;
  const dot = evr.lastIndexOf('.');
  if (dot > evr.indexOf('-') && ARCHES.has(evr.slice(dot + 1))) {
    arch = evr.slice(dot + 1);
    evr = evr.slice(0, dot);
  }
  const v = parseRpmVersion(evr);
  return { ...(name === undefined ? {} : { name }), ...v, ...(arch === undefined ? {} : { arch }) };
}

function compareOptional(a: string | undefined, b: string | undefined): CompareResult {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  return rpmvercmp(a, b);
}

/** Orders NEVRAs by name, epoch, version, release, then arch (a missing part sorts first). */
export function compareRpmNevras(a: RpmNevra, b: RpmNevra): CompareResult {
  return compareOptional(a.name, b.name) || compareRpmVersions(a, b) || compareOptional(a.arch, b.arch);
}

export const rpmScheme = {
  id: 'rpm',
  title: 'RPM',
  usedFor: [
    'Red Hat',
    'Fedora',
    'SUSE',
    'Rocky Linux',
    'AlmaLinux',
    'Mariner',
    'Amazon Linux',
    'Oracle Linux',
  ],
  parse: parseRpmVersion,
  compare: compareRpmVersions,
  format: formatRpmVersion,
  parseRange: (s: string) =>
    parseOperatorRange(s, parseRpmVersion, compareRpmVersions, (why) => invalidRange('rpm', s, why)),
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<RpmVersion>;
