import type { Distribution } from '../../../model/distribution.js';
import { parseOsRelease } from './parse-os-release.js';

/**
 * The older, single-purpose release files images carry besides (or instead of) os-release.
 * Each parser takes the file text and its path and returns a distribution or undefined.
 */

/** Vendor names in a `<Name> release <version> (<codename>)` line → os-release IDs. */
const RELEASE_NAMES: [RegExp, string][] = [
  [/^CentOS Stream/i, 'centos'],
  [/^CentOS/i, 'centos'],
  [/^Rocky Linux/i, 'rocky'],
  [/^AlmaLinux/i, 'almalinux'],
  [/^Oracle Linux/i, 'ol'],
  [/^Fedora/i, 'fedora'],
  [/^Amazon Linux/i, 'amzn'],
  [/^Red Hat/i, 'rhel'],
];

/**
 * `etc/redhat-release` and its relatives (`centos-release`, `rocky-release`, `almalinux-release`,
 * `oracle-release`, `fedora-release`, `system-release`): one line such as
 * "CentOS Linux release 7.6.1810 (Core)" or "Red Hat Enterprise Linux Atomic Host release 7.9".
 */
export function parseRedhatRelease(text: string, location: string): Distribution | undefined {
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  const m = /^(.+?)\s+release\s+(\S+)/i.exec(line);
  if (!m) return undefined;
  const id = RELEASE_NAMES.find(([re]) => re.test(m[1]!))?.[1];
  if (!id) return undefined;
  const d: Distribution = { id, versionId: m[2]!, prettyName: line, location };
  if (id === 'rhel' || id === 'centos') d.idLike = ['rhel', 'fedora'].filter((x) => x !== id);
  return d;
}

/** `etc/lsb-release` (Ubuntu and friends): DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME, DISTRIB_DESCRIPTION. */
export function parseLsbRelease(text: string, location: string): Distribution | undefined {
  const f = parseOsRelease(text);
  const id = (f.DISTRIB_ID ?? '').trim().toLowerCase();
  if (id === '') return undefined;
  const d: Distribution = {
    id,
    versionId: f.DISTRIB_RELEASE ?? '',
    prettyName: f.DISTRIB_DESCRIPTION || `${f.DISTRIB_ID} ${f.DISTRIB_RELEASE ?? ''}`.trim(),
    location,
  };
  if (f.DISTRIB_CODENAME) d.versionCodename = f.DISTRIB_CODENAME.toLowerCase();
  return d;
}

/**
 * `etc/debian_version`: a point release ("9.8" → version 9, as os-release writes it) or, on
 * testing/unstable, "<codename>/sid" (no version; codename sid).
 */
export function parseDebianVersion(text: string, location: string): Distribution | undefined {
  const v = text.trim();
  const point = /^(\d+)(?:\.\d+)*$/.exec(v);
  if (point)
    return { id: 'debian', versionId: point[1]!, prettyName: `Debian GNU/Linux ${point[1]}`, location };
  if (/^[a-z]+\/sid$/.test(v))
    return {
      id: 'debian',
      versionId: '',
      versionCodename: 'sid',
      prettyName: 'Debian GNU/Linux sid',
      location,
    };
  return undefined;
}

/** `etc/alpine-release`: the full version ("3.19.1"). */
export function parseAlpineRelease(text: string, location: string): Distribution | undefined {
  const v = text.trim();
  const m = /^(\d+)\.(\d+)(?:\.\d+)?(?:_[A-Za-z0-9]+)?$/.exec(v);
  if (!m) return undefined;
  return { id: 'alpine', versionId: v, prettyName: `Alpine Linux v${m[1]}.${m[2]}`, location };
}
