import { parseOperatorRange } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';

/** A Debian version `[epoch:]upstream[-revision]`, split once. */
export interface DpkgVersion {
  readonly epoch: number;
  readonly upstream: string;
  /** Empty when the version has no revision (dpkg orders a missing revision like `0`). */
  readonly revision: string;
}

const EPOCH_MAX = 2147483647;

/**
 * Splits like dpkg's parseversion: surrounding blanks are ignored, embedded blanks, a
 * non-numeric or empty epoch, an empty upstream and an empty revision are errors. Characters
 * dpkg only warns about (an upstream not starting with a digit, `_` and the like) are accepted,
 * as dpkg itself still orders such versions.
 */
export function parseDpkgVersion(input: string): DpkgVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('dpkg', input, 'too long');
  const s = input.trim();
  if (s === '') throw invalidVersion('dpkg', input, 'version string is empty');
  if (/\s/.test(s)) throw invalidVersion('dpkg', input, 'version string has embedded spaces');
  let epoch = 0;
  let rest = s;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    const e = s.slice(0, colon);
    if (e === '') throw invalidVersion('dpkg', input, 'epoch is empty');
    if (!/^[0-9]+$/.test(e)) throw invalidVersion('dpkg', input, 'epoch is not a number');
    epoch = Number(e);
    if (epoch > EPOCH_MAX) throw invalidVersion('dpkg', input, 'epoch is too big');
    rest = s.slice(colon + 1);
    if (rest === '') throw invalidVersion('dpkg', input, 'nothing after the epoch colon');
  }
  let revision = '';
  const dash = rest.lastIndexOf('-');
  if (dash >= 0) {
    revision = rest.slice(dash + 1);
    rest = rest.slice(0, dash);
    if (revision === '') throw invalidVersion('dpkg', input, 'revision is empty');
  }
  if (rest === '') throw invalidVersion('dpkg', input, 'upstream version is empty');
  return { epoch, upstream: rest, revision };
}

// dpkg's character weights for ASCII: `~` first, then end of string and digits (0), letters
// (their code), then everything else (code + 256). Non-ASCII follows the same "else" rule.
const WEIGHT = new Int16Array(128);
for (let c = 0; c < 128; c++) {
  WEIGHT[c] = c === 126 ? -1 : (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? c : c + 256;
}
for (let c = 48; c <= 57; c++) WEIGHT[c] = 0;

/** Weight of the character at `i`; past the end weighs 0 like a digit. */
function weightAt(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  return c < 128 ? WEIGHT[c]! : c + 256;
}

function digitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** dpkg's verrevcmp: alternating non-digit and digit runs; returns <0, 0 or >0. */
export function dpkgFragmentCompare(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const al = a.length;
  const bl = b.length;
  while (i < al || j < bl) {
    while ((i < al && !digitAt(a, i)) || (j < bl && !digitAt(b, j))) {
      const ac = weightAt(a, i);
      const bc = weightAt(b, j);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (i < al && a.charCodeAt(i) === 48) i++;
    while (j < bl && b.charCodeAt(j) === 48) j++;
    let firstDiff = 0;
    while (i < al && j < bl && digitAt(a, i) && digitAt(b, j)) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < al && digitAt(a, i)) return 1;
    if (j < bl && digitAt(b, j)) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

export function compareDpkgVersions(a: DpkgVersion, b: DpkgVersion): CompareResult {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  const u = dpkgFragmentCompare(a.upstream, b.upstream);
  if (u !== 0) return u < 0 ? -1 : 1;
  const r = dpkgFragmentCompare(a.revision, b.revision);
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

export function formatDpkgVersion(v: DpkgVersion): string {
  const epoch = v.epoch !== 0 || v.upstream.includes(':') ? `${v.epoch}:` : '';
  return `${epoch}${v.upstream}${v.revision === '' ? '' : `-${v.revision}`}`;
}

export const dpkgScheme = {
  id: 'dpkg',
  title: 'Debian dpkg',
  usedFor: ['Debian', 'Ubuntu'],
  parse: parseDpkgVersion,
  compare: compareDpkgVersions,
  format: formatDpkgVersion,
  parseRange: (s: string) =>
    parseOperatorRange(s, parseDpkgVersion, compareDpkgVersions, (why) => invalidRange('dpkg', s, why)),
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<DpkgVersion>;
