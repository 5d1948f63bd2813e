import type { SchemeId } from './contracts.js';

// OSV ecosystem name (before any `:release` suffix) → the scheme its versions follow.
const BY_ECOSYSTEM: Record<string, SchemeId> = {
  AlmaLinux: 'rpm',
  Alpine: 'apk',
  'Amazon Linux': 'rpm',
  Chainguard: 'apk',
  'crates.io': 'semver',
  Debian: 'dpkg',
  Fedora: 'rpm',
  Go: 'go',
  Hex: 'semver',
  Mageia: 'rpm',
  Mariner: 'rpm',
  'Azure Linux': 'rpm',
  Maven: 'maven',
  npm: 'semver',
  NuGet: 'nuget',
  openEuler: 'rpm',
  openSUSE: 'rpm',
  'Oracle Linux': 'rpm',
  Packagist: 'composer',
  Pub: 'semver',
  PyPI: 'pep440',
  'Red Hat': 'rpm',
  'Rocky Linux': 'rpm',
  RubyGems: 'gem',
  SUSE: 'rpm',
  Ubuntu: 'dpkg',
  Wolfi: 'apk',
};

/**
 * The version scheme of an OSV ecosystem (`Debian:12`, `Alpine:v3.19`, `PyPI`…), or undefined
 * for an ecosystem whose versions we cannot order.
 */
export function schemeForEcosystem(ecosystem: string): SchemeId | undefined {
  const colon = ecosystem.indexOf(':');
  return BY_ECOSYSTEM[colon >= 0 ? ecosystem.slice(0, colon) : ecosystem];
}
