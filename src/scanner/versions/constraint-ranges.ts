import { parseOperatorRange } from './comparator-range.js';
import type { SchemeId } from './contracts.js';
import { getScheme, parseVersion } from './compare-versions.js';
import { invalidRange } from './invalid-version.js';

/**
 * GHSA `vulnerable_version_range` (`< 1.2.3`, `>= 1.0, < 1.4.2`, `= 2.0.0`): comma-joined
 * comparators, evaluated with the ecosystem's scheme. True when `version` is inside.
 */
export function ghsaAffected(schemeId: SchemeId | string, version: string, range: string): boolean {
  const scheme = getScheme(schemeId);
  const parsed = parseOperatorRange(
    range,
    (s) => parseVersion(schemeId, s),
    (a, b) => scheme.compare(a, b),
    (why) => invalidRange(scheme.id, range, why),
  );
  return parsed.includes(parseVersion(schemeId, version));
}

/** The version fields of a RubySec advisory. */
export interface RubySecVersions {
  patched_versions?: readonly string[] | null;
  unaffected_versions?: readonly string[] | null;
}

/**
 * RubySec: a version is affected unless it satisfies one of `patched_versions` or one of
 * `unaffected_versions` (each entry a `Gem::Requirement`, commas inside an entry meaning AND).
 */
export function rubysecAffected(version: string, advisory: RubySecVersions): boolean {
  const gem = getScheme('gem');
  const v = parseVersion('gem', version);
  const safe = [...(advisory.patched_versions ?? []), ...(advisory.unaffected_versions ?? [])];
  return !safe.some((req) => gem.satisfies(v, gem.parseRange(req)));
}

/** FriendsOfPHP `branches` map: each branch lists constraints that must all hold. */
export type FriendsOfPhpBranches = Readonly<Record<string, { versions: readonly string[] }>>;

/** FriendsOfPHP security-advisories: affected when every constraint of some branch holds. */
export function friendsOfPhpAffected(version: string, branches: FriendsOfPhpBranches): boolean {
  const composer = getScheme('composer');
  const v = parseVersion('composer', version);
  return Object.values(branches).some(
    (b) => b.versions.length > 0 && b.versions.every((c) => composer.satisfies(v, composer.parseRange(c))),
  );
}

/**
 * Distribution feeds (Debian, Ubuntu, Alpine, Red Hat…) say "fixed in X": the installed
 * version is affected iff it sorts below X; with no fix yet (`undefined`) it is affected.
 */
export function affectedBeforeFix(
  schemeId: SchemeId | string,
  installed: string,
  fixed?: string | null,
): boolean {
  const v = parseVersion(schemeId, installed);
  if (fixed === undefined || fixed === null) return true;
  return getScheme(schemeId).compare(v, parseVersion(schemeId, fixed)) < 0;
}
