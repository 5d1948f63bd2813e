import type { Distribution } from '../../../model/distribution.js';
import type { PackageRecord } from '../../../model/package.js';
import type { MatchGap, MatchQuery, MatchRule } from '../contracts.js';

/** End of support per Alpine branch (alpinelinux.org/releases). */
const ALPINE_EOL: Readonly<Record<string, string>> = {
  'v3.12': '2022-05-01',
  'v3.13': '2022-11-01',
  'v3.14': '2023-05-01',
  'v3.15': '2023-11-01',
  'v3.16': '2024-05-23',
  'v3.17': '2024-11-22',
  'v3.18': '2025-05-09',
  'v3.19': '2025-11-01',
  'v3.20': '2026-04-01',
  'v3.21': '2026-11-01',
  'v3.22': '2027-05-01',
};

/** `v3.19` from VERSION_ID `3.19.1`; `edge` for an `_alpha`/`_git` edge snapshot. */
export function alpineBranch(dist: Distribution): string | undefined {
  if (/_(alpha|git)/.test(dist.versionId)) return 'edge';
  const m = /^(\d+)\.(\d+)/.exec(dist.versionId);
  return m ? `v${m[1]}.${m[2]}` : undefined;
}

const ROLLING: Readonly<Record<string, string>> = { wolfi: 'Wolfi', chainguard: 'Chainguard' };

/**
 * Alpine, Wolfi and Chainguard: secdb lists fixes per ORIGIN package (apk `o:`), per branch for
 * Alpine (`Alpine:v3.19`) and rolling for Wolfi and Chainguard.
 */
export const alpineRule: MatchRule = {
  key: 'alpine',
  claims: (pkg, dist) => pkg.type === 'apk' && ['alpine', 'wolfi', 'chainguard'].includes(dist?.id ?? ''),
  query(pkg: PackageRecord, dist: Distribution | undefined): MatchQuery | MatchGap {
    const name = pkg.source?.name ?? pkg.name;
    const rolling = ROLLING[dist?.id ?? ''];
    if (rolling) return { ecosystem: rolling, names: [name], version: pkg.version, scheme: 'apk' };
    const branch = dist ? alpineBranch(dist) : undefined;
    if (!branch) {
      return {
        gap: 'MATCH_DISTRO_UNKNOWN',
        subject: dist?.prettyName ?? 'alpine',
        message: `Alpine branch of ${dist?.prettyName ?? 'the image'} is unknown (VERSION_ID ${JSON.stringify(dist?.versionId ?? '')}): its OS packages were not matched`,
      };
    }
    return { ecosystem: `Alpine:${branch}`, names: [name], version: pkg.version, scheme: 'apk' };
  },
  endOfLife: (dist) => (dist.id === 'alpine' ? ALPINE_EOL[alpineBranch(dist) ?? ''] : undefined),
};
