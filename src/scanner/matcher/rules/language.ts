import type { PackageRecord, PackageType } from '../../../model/package.js';
import type { SchemeId } from '../../versions/contracts.js';
import { packageKey } from '../../vulndb/ecosystem-key.js';
import type { MatchGap, MatchQuery, MatchRule } from '../contracts.js';

/** purl type → OSV ecosystem and its version scheme. */
const ECOSYSTEMS: Partial<Record<PackageType, { ecosystem: string; scheme: SchemeId }>> = {
  npm: { ecosystem: 'npm', scheme: 'semver' },
  pypi: { ecosystem: 'PyPI', scheme: 'pep440' },
  maven: { ecosystem: 'Maven', scheme: 'maven' },
  golang: { ecosystem: 'Go', scheme: 'go' },
  cargo: { ecosystem: 'crates.io', scheme: 'semver' },
  gem: { ecosystem: 'RubyGems', scheme: 'gem' },
  nuget: { ecosystem: 'NuGet', scheme: 'nuget' },
  composer: { ecosystem: 'Packagist', scheme: 'composer' },
};

/** The OSV ecosystem a language package is looked up in. */
export function languageEcosystem(type: PackageType): string | undefined {
  return ECOSYSTEMS[type]?.ecosystem;
}

/**
 * Language packages: OSV ecosystem and name with that ecosystem's scheme. A copy an OS package
 * owns (python3-yaml's dist-info) is the distribution's to report, so it is not claimed here.
 */
export const languageRule: MatchRule = {
  key: 'language',
  claims: (pkg) => pkg.kind === 'language' && !pkg.ownedByOsPackage,
  query(pkg: PackageRecord): MatchQuery | MatchGap {
    const eco = ECOSYSTEMS[pkg.type];
    if (!eco) {
      return {
        gap: 'MATCH_ECOSYSTEM_UNCOVERED',
        subject: pkg.type,
        message: `no vulnerability ecosystem is known for ${pkg.type} packages: they were not matched`,
      };
    }
    const full = pkg.type === 'maven' && pkg.namespace ? `${pkg.namespace}:${pkg.name}` : pkg.name;
    const names = [packageKey(eco.ecosystem, full)];
    if (pkg.type === 'nuget' && names[0] !== full.toLowerCase()) names.push(full.toLowerCase());
    if (pkg.type === 'golang' && /^v\d/.test(pkg.version) === false && pkg.version !== '(devel)') {
      // Go module versions are always v-prefixed; a bare one from ldflags gets its `v`.
      return { ecosystem: eco.ecosystem, names, version: `v${pkg.version}`, scheme: eco.scheme };
    }
    return { ecosystem: eco.ecosystem, names, version: pkg.version, scheme: eco.scheme };
  },
};
