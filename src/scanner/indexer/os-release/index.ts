import type { Distribution } from '../../../model/distribution.js';
import type { DistributionCandidate, DistributionDetector, FinderContext, LayerFile } from '../contracts.js';
import { osReleaseDistribution, parseOsRelease } from './parse-os-release.js';
import {
  parseAlpineRelease,
  parseDebianVersion,
  parseLsbRelease,
  parseRedhatRelease,
} from './parse-release-files.js';

type Parse = (text: string, location: string) => Distribution | undefined;

const osRelease: Parse = (text, location) => osReleaseDistribution(parseOsRelease(text), location);

/**
 * Every file we read, with its rank: lower wins when an image has several. os-release is the
 * authority; vendor-specific release files beat the generic redhat-release (Oracle and CentOS
 * images ship both); lsb-release and debian_version are last resorts (Ubuntu images carry a
 * Debian `debian_version`).
 */
const SOURCES = new Map<string, { parse: Parse; priority: number }>(
  Object.entries({
    'etc/os-release': { parse: osRelease, priority: 10 },
    'usr/lib/os-release': { parse: osRelease, priority: 20 },
    'etc/alpine-release': { parse: parseAlpineRelease, priority: 30 },
    'etc/oracle-release': { parse: parseRedhatRelease, priority: 30 },
    'etc/rocky-release': { parse: parseRedhatRelease, priority: 30 },
    'etc/almalinux-release': { parse: parseRedhatRelease, priority: 30 },
    'etc/centos-release': { parse: parseRedhatRelease, priority: 30 },
    'etc/fedora-release': { parse: parseRedhatRelease, priority: 30 },
    'etc/redhat-release': { parse: parseRedhatRelease, priority: 35 },
    'etc/system-release': { parse: parseRedhatRelease, priority: 36 },
    'etc/lsb-release': { parse: parseLsbRelease, priority: 40 },
    'etc/debian_version': { parse: parseDebianVersion, priority: 50 },
  }),
);

/** An os-release without VERSION_ID says less than a versioned fallback file. */
const UNVERSIONED_PENALTY = 50;

function detect(file: LayerFile, _ctx: FinderContext): DistributionCandidate | undefined {
  const source = SOURCES.get(file.path);
  if (!source) return undefined;
  const distribution = source.parse(file.data.toString('utf8'), file.path);
  if (!distribution) return undefined;
  const priority =
    source.priority +
    (distribution.versionId === '' && !distribution.versionCodename ? UNVERSIONED_PENALTY : 0);
  return { distribution, priority };
}

export const osReleaseDetector = {
  name: 'os-release',
  version: 1,
  description:
    'Distribution from os-release, with redhat-style release files, lsb-release, alpine-release and debian_version as fallbacks',
  claims: (path: string): boolean => SOURCES.has(path),
  detect,
} satisfies DistributionDetector;
