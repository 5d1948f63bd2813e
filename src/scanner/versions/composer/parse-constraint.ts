import type { Clause } from '../comparator-range.js';
import { normalizeComposerVersion, type ComposerVersion } from './parse-version.js';
import { phpVersionCompare, phpVersionKeys } from './php-version-compare.js';

type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';

const MOD = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
// Groups: 1-4 numbers, 5 stability, 6 its number, 7 dev suffix, 8 `.x-dev`.
const VR = `v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?(?:${MOD}|\\.([xX*][.-]?dev))(?:\\+\\S+)?`;
const TILDE_RE = new RegExp(`^~>?${VR}$`, 'i');
const CARET_RE = new RegExp(`^\\^${VR}$`, 'i');
const X_RANGE_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.[xX*])+$/;
const HYPHEN_RE = new RegExp(`^(${VR}) +- +(${VR})$`, 'i');
const BASIC_RE = /^(<>|!=|>=?|<=?|==?)?\s*(.*)$/s;
const MOD_AT_END_RE = new RegExp(`-${MOD}$`);
const STABILITIES = 'stable|RC|beta|alpha|dev';

function stabilityOf(normalized: string): string {
  if (normalized.startsWith('dev-') || normalized.endsWith('-dev')) return 'dev';
  const m = new RegExp(`${MOD}(?:\\+.*)?$`, 'i').exec(normalized.toLowerCase());
  if (m?.[3]) return 'dev';
  if (m?.[1]) {
    if (m[1] === 'beta' || m[1] === 'b') return 'beta';
    if (m[1] === 'alpha' || m[1] === 'a') return 'alpha';
    if (m[1] === 'rc') return 'RC';
  }
  return 'stable';
}

/** composer/semver's manipulateVersionString for increments (pads after `position`). */
function bump(m: (string | undefined)[], position: number, increment = 0): string {
  const parts = [m[1], m[2], m[3], m[4]].map((x) => x ?? '');
  for (let i = 4; i > 0; i--) {
    if (i > position) parts[i - 1] = '0';
    else if (i === position && increment) parts[i - 1] = String(Number(parts[i - 1] || '0') + increment);
  }
  return parts.join('.');
}

const filled = (x: string | undefined) => x !== undefined && x !== '';

function clause(op: Op, normalized: string): Clause<ComposerVersion> {
  const branch = normalized.startsWith('dev-');
  const parts = branch ? [] : phpVersionKeys(normalized);
  return {
    test: (v) => {
      if (op === '!=' && (v.branch || branch)) return v.normalized !== normalized;
      if (v.branch && branch) return op === '==' && v.normalized === normalized;
      if (v.branch || branch) return false;
      const r = phpVersionCompare(v.parts, parts);
      return op === '<'
        ? r < 0
        : op === '<='
          ? r <= 0
          : op === '>'
            ? r > 0
            : op === '>='
              ? r >= 0
              : op === '=='
                ? r === 0
                : r !== 0;
    },
  };
}

function normalizeOrFail(s: string, fail: (why: string) => Error): string {
  const n = normalizeComposerVersion(s);
  if (n === undefined) throw fail(`${JSON.stringify(s)} is not a Composer version`);
  return n;
}

function parseOne(input: string, fail: (why: string) => Error): Clause<ComposerVersion>[] {
  let c = input;
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(c);
  if (alias) c = alias[1]!;
  let stabilityModifier: string | undefined;
  const flag = new RegExp(`^([^,\\s]*?)@(${STABILITIES})$`, 'i').exec(c);
  if (flag) {
    c = flag[1] !== '' ? flag[1]! : '*';
    if (flag[2] !== 'stable') stabilityModifier = flag[2];
  }
  const ref = /^(dev-[^,\s@]+?|[^,\s@]+?\.x-dev)#.+$/i.exec(c);
  if (ref) c = ref[1]!;
  const any = /^(v)?[xX*](\.[xX*])*$/i.exec(c);
  if (any) return any[1] || any[2] ? [clause('>=', '0.0.0.0-dev')] : [];

  let m = TILDE_RE.exec(c);
  if (m) {
    if (c.startsWith('~>')) throw fail('"~>" is not a Composer operator (use "~")');
    let position = filled(m[4]) ? 4 : filled(m[3]) ? 3 : filled(m[2]) ? 2 : 1;
    if (m[8]) position++;
    const suffix = !m[5] && !m[7] && !m[8] ? '-dev' : '';
    const low = normalizeOrFail((c + suffix).slice(1), fail);
    return [clause('>=', low), clause('<', `${bump(m, Math.max(1, position - 1), 1)}-dev`)];
  }
  m = CARET_RE.exec(c);
  if (m) {
    const position = m[1] !== '0' || !filled(m[2]) ? 1 : m[2] !== '0' || !filled(m[3]) ? 2 : 3;
    const suffix = !m[5] && !m[7] && !m[8] ? '-dev' : '';
    const low = normalizeOrFail((c + suffix).slice(1), fail);
    return [clause('>=', low), clause('<', `${bump(m, position, 1)}-dev`)];
  }
  m = X_RANGE_RE.exec(c);
  if (m) {
    const position = filled(m[3]) ? 3 : filled(m[2]) ? 2 : 1;
    const low = `${bump(m, position)}-dev`;
    const high = `${bump(m, position, 1)}-dev`;
    return low === '0.0.0.0-dev' ? [clause('<', high)] : [clause('>=', low), clause('<', high)];
  }
  m = HYPHEN_RE.exec(c);
  if (m) {
    const lowSuffix = !m[6] && !m[8] && !m[9] ? '-dev' : '';
    const low = normalizeOrFail(m[1]!, fail) + lowSuffix;
    const present = (x: string | undefined) => x === '0' || filled(x);
    if ((present(m[12]) && present(m[13])) || m[15] || m[17] || m[18]) {
      return [clause('>=', low), clause('<=', normalizeOrFail(m[10]!, fail))];
    }
    normalizeOrFail(m[10]!, fail);
    const high = bump([undefined, m[11], m[12], m[13], m[14]], present(m[12]) ? 2 : 1, 1);
    return [clause('>=', low), clause('<', `${high}-dev`)];
  }
  m = BASIC_RE.exec(c);
  if (m) {
    let version = normalizeComposerVersion(m[2]!);
    if (version === undefined && m[2]!.endsWith('-dev') && /^[0-9a-zA-Z\-./]+$/.test(m[2]!)) {
      version = normalizeComposerVersion(`dev-${m[2]!.slice(0, -4)}`);
    }
    if (version === undefined || version === 'dev-')
      throw fail(`cannot parse constraint ${JSON.stringify(c)}`);
    const raw = m[1] || '=';
    const op: Op = raw === '=' || raw === '==' ? '==' : raw === '<>' ? '!=' : (raw as Op);
    if (raw !== '==' && raw !== '=' && stabilityModifier && stabilityOf(version) === 'stable') {
      version += `-${stabilityModifier}`;
    } else if (
      (op === '<' || op === '>=') &&
      !MOD_AT_END_RE.test(m[2]!.toLowerCase()) &&
      !m[2]!.startsWith('dev-')
    ) {
      version += '-dev';
    }
    return [clause(op, version)];
  }
  throw fail(`cannot parse constraint ${JSON.stringify(c)}`);
}

const AND_SPLIT_RE = /(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|$)/;

/** composer/semver `VersionParser::parseConstraints` → a union of intersections of clauses. */
export function parseComposerConstraint(
  text: string,
  fail: (why: string) => Error,
): Clause<ComposerVersion>[][] {
  const trimmed = text.trim();
  if (trimmed === '') throw fail('constraint is empty');
  return trimmed
    .split(/\s*\|\|?\s*/)
    .map((group) => group.split(AND_SPLIT_RE).flatMap((one) => parseOne(one, fail)));
}
