import { parseOperatorRange } from './comparator-range.js';
import type { CompareResult, VersionScheme } from './contracts.js';
import { invalidRange, invalidVersion, MAX_VERSION_LENGTH } from './invalid-version.js';
import { numericValue } from './numeric-value.js';
import { compareSemverParts, preIdentifier, type SemverParts } from './semver-core.js';

/** A Go module or toolchain version, held as its semantic version. */
export interface GoVersion extends SemverParts {
  /** True when the input was a toolchain tag (`go1.21.3`, `go1.21rc1`). */
  readonly toolchain: boolean;
}

const NUM = '(0|[1-9][0-9]*)';
const IDENT = '(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)';
const BUILD_ID = '[0-9A-Za-z-]+';
// golang.org/x/mod/semver: `v` required; `vMAJOR` and `vMAJOR.MINOR` are shorthands for .0
// and then take no pre-release or build; the pre-release forbids numeric leading zeros.
const MODULE_RE = new RegExp(
  `^v${NUM}(?:\\.${NUM}(?:\\.${NUM}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?)?)?$`,
);
// Toolchain tags: go1, go1.21, go1.21.3, go1.21rc1, go1.9beta2.
const TOOLCHAIN_RE =
  /^go(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.(0|[1-9][0-9]*))?(?:(alpha|beta|rc)(0|[1-9][0-9]*))?$/;

/**
 * Parses a Go module version (`v1.2.3`, `v0.0.0-20191109021931-daa7c04131f5`,
 * `v2.0.0+incompatible`), the same without `v` (as OSV's Go ecosystem records them), or a
 * toolchain tag (`go1.21.3`, `go1.21rc1` → 1.21.0-rc.1, `go1.20` → 1.20.0, as the Go
 * vulnerability database maps them).
 */
export function parseGoVersion(input: string): GoVersion {
  if (input.length > MAX_VERSION_LENGTH) throw invalidVersion('go', input, 'too long');
  const s = input.trim();
  const t = TOOLCHAIN_RE.exec(s);
  if (t) {
    return {
      major: numericValue(t[1]!),
      minor: numericValue(t[2] ?? '0'),
      patch: numericValue(t[3] ?? '0'),
      pre: t[4] ? [t[4], numericValue(t[5]!)] : [],
      build: [],
      toolchain: true,
    };
  }
  const m = MODULE_RE.exec(s.startsWith('v') ? s : `v${s}`);
  if (!m) throw invalidVersion('go', input, 'expected vMAJOR[.MINOR[.PATCH[-pre][+build]]] or goX.Y[.Z]');
  return {
    major: numericValue(m[1]!),
    minor: numericValue(m[2] ?? '0'),
    patch: numericValue(m[3] ?? '0'),
    pre: m[4] ? m[4].split('.').map(preIdentifier) : [],
    build: m[5] ? m[5].split('.') : [],
    toolchain: false,
  };
}

/** Build metadata (`+incompatible`) never takes part in the order. */
export function compareGoVersions(a: GoVersion, b: GoVersion): CompareResult {
  return compareSemverParts(a, b);
}

/** Canonical `vX.Y.Z[-pre][+build]` (toolchain versions print in the same form). */
export function formatGoVersion(v: GoVersion): string {
  const pre = v.pre.length > 0 ? `-${v.pre.join('.')}` : '';
  const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
  return `v${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}

export const goScheme = {
  id: 'go',
  title: 'Go modules',
  usedFor: ['Go'],
  parse: parseGoVersion,
  compare: compareGoVersions,
  format: formatGoVersion,
  parseRange: (s: string) =>
    parseOperatorRange(s, parseGoVersion, compareGoVersions, (why) => invalidRange('go', s, why)),
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<GoVersion>;
