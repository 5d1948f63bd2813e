/** The versions module's public surface (re-exported by the package's library entry). */
export type { CompareResult, SchemeId, VersionRange, VersionScheme } from './contracts.js';
export { versionSchemes } from './registry.js';
export { compareVersions, getScheme, parseVersion, satisfiesRange } from './compare-versions.js';
export { isAffected, type OsvEvent, type OsvRange } from './osv-range.js';
export {
  affectedBeforeFix,
  friendsOfPhpAffected,
  ghsaAffected,
  rubysecAffected,
  type FriendsOfPhpBranches,
  type RubySecVersions,
} from './constraint-ranges.js';
export { schemeForEcosystem } from './ecosystem-scheme.js';
export { compareRpmNevras, parseRpmNevra, type RpmNevra } from './rpm.js';
