/**
 * Rampart's library entry: `import { … } from 'rampart'`. Everything exported here is a stable
 * API for other tools and scripts; commands are not part of it.
 */
export { RampartError, isRampartError } from './runtime/errors.js';
export type { PackageRecord, PackageType, PackageKind, Ecosystem, LayerRef } from './model/package.js';
export type { Distribution } from './model/distribution.js';
export type { Warning } from './model/warning.js';
export {
  compareVersions,
  getScheme,
  parseVersion,
  satisfiesRange,
  versionSchemes,
  isAffected,
  ghsaAffected,
  rubysecAffected,
  friendsOfPhpAffected,
  affectedBeforeFix,
  schemeForEcosystem,
  parseRpmNevra,
  compareRpmNevras,
} from './scanner/versions/index.js';
export type {
  CompareResult,
  SchemeId,
  VersionRange,
  VersionScheme,
  OsvEvent,
  OsvRange,
  FriendsOfPhpBranches,
  RubySecVersions,
  RpmNevra,
} from './scanner/versions/index.js';
