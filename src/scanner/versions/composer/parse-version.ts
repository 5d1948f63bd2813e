import type { CompareResult } from '../contracts.js';
import { invalidVersion, MAX_VERSION_LENGTH } from '../invalid-version.js';
import { phpVersionCompare, phpVersionKeys, type PhpVersionKey } from './php-version-compare.js';

/** A Composer (Packagist) version, normalised as composer/semver's VersionParser does. */
export interface ComposerVersion {
  /** Normalised text: `1.2.0.0`, `1.0.0.0-beta2`, `2.1.9999999.9999999-dev` or `dev-<branch>`. */
  readonly normalized: string;
  /** True for a branch (`dev-main`): branches have no order against numbered versions. */
  readonly branch: boolean;
  readonly parts: readonly PhpVersionKey[];
}

const MOD = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSIC_RE = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MOD}$`, 'i');
const DATE_RE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MOD}$`, 'i');
const STABILITY_FLAG_RE = /@(?:stable|RC|beta|alpha|dev)$/i;

function expandStability(s: string): string {
  const l = s.toLowerCase();
  return l === 'a' ? 'alpha' : l === 'b' ? 'beta' : l === 'p' || l === 'pl' ? 'patch' : l === 'rc' ? 'RC' : l;
}

function normalizeBranch(name: string): string {
  const m = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i.exec(name.trim());
  if (m) {
    let v = '';
    for (let i = 1; i < 5; i++) v += m[i] !== undefined ? m[i]!.replace(/[*X]/g, 'x') : '.x';
    return `${v.replace(/x/g, '9999999')}-dev`;
  }
  return `dev-${name}`;
}

/** composer/semver `VersionParser::normalize`; returns undefined where Composer throws. */
export function normalizeComposerVersion(input: string): string | undefined {
  let v = input.trim();
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(v);
  if (alias) v = alias[1]!;
  const flag = STABILITY_FLAG_RE.exec(v);
  if (flag) v = v.slice(0, v.length - flag[0].length);
  if (v === 'master' || v === 'trunk' || v === 'default') v = `dev-${v}`;
  if (v.slice(0, 4).toLowerCase() === 'dev-') return `dev-${v.slice(4)}`;
  const build = /^([^,\s+]+)\+\S+$/.exec(v);
  if (build) v = build[1]!;
  let m = CLASSIC_RE.exec(v);
  let index = 5;
  if (m) v = `${m[1]}${m[2] || '.0'}${m[3] || '.0'}${m[4] || '.0'}`;
  else {
    m = DATE_RE.exec(v);
    index = 2;
    if (m) v = m[1]!.replace(/\D/g, '.');
  }
  if (m) {
    if (m[index]) {
      if (m[index] === 'stable') return v;
      v += `-${expandStability(m[index]!)}${m[index + 1] ? m[index + 1]!.replace(/^[.-]+/, '') : ''}`;
    }
    if (m[index + 2]) v += '-dev';
    return v;
  }
  const dev = /^(.*?)[.-]?dev$/i.exec(v);
  if (dev) {
    const n = normalizeBranch(dev[1]!);
    if (!n.includes('dev-')) return n;
  }
  return undefined;
}

export function parseComposerVersion(input: string): ComposerVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('composer', input, 'too long');
  const normalized = normalizeComposerVersion(input);
  if (normalized === undefined || normalized === 'dev-') {
    throw invalidVersion('composer', input, 'Composer cannot normalise it');
  }
  const branch = normalized.startsWith('dev-');
  return { normalized, branch, parts: branch ? [] : phpVersionKeys(normalized) };
}

/**
 * PHP `version_compare` on normalised versions. Branches (which Composer never orders) sort
 * before every numbered version and among themselves by name, so the order stays total.
 */
export function compareComposerVersions(a: ComposerVersion, b: ComposerVersion): CompareResult {
  if (a.branch || b.branch) {
    if (a.branch && b.branch) return a.normalized < b.normalized ? -1 : a.normalized > b.normalized ? 1 : 0;
    return a.branch ? -1 : 1;
  }
  return phpVersionCompare(a.parts, b.parts);
}
