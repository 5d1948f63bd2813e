import { comparatorRange } from '../comparator-range.js';
import type { VersionScheme } from '../contracts.js';
import { invalidRange } from '../invalid-version.js';
import { parseComposerConstraint } from './parse-constraint.js';
import { compareComposerVersions, parseComposerVersion, type ComposerVersion } from './parse-version.js';

export type { ComposerVersion } from './parse-version.js';
export { compareComposerVersions, normalizeComposerVersion, parseComposerVersion } from './parse-version.js';
export { phpVersionCompare } from './php-version-compare.js';

/** composer/semver constraints (`^1.2 || ~2.0`, `>=1.0 <1.5`, `1.0.*`, `1 - 2`, `@dev`). */
export function parseComposerRange(text: string) {
  const anyOf = parseComposerConstraint(text, (why) => invalidRange('composer', text, why));
  return comparatorRange(text, anyOf, compareComposerVersions);
}

export const composerScheme = {
  id: 'composer',
  title: 'Composer (Packagist)',
  usedFor: ['Packagist'],
  parse: parseComposerVersion,
  compare: compareComposerVersions,
  format: (v: ComposerVersion) => v.normalized,
  parseRange: parseComposerRange,
  satisfies: (v, range) => range.includes(v),
} satisfies VersionScheme<ComposerVersion>;
