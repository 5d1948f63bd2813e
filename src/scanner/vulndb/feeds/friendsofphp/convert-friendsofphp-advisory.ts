/**
 * One FriendsOfPHP/security-advisories YAML file (`<vendor>/<package>/<id>.yaml`) → one
 * advisory with one Packagist affected row. Each `branches.<name>.versions` list is an AND of
 * Composer comparators and becomes one OSV range (the branches are ORed); the raw branches
 * stay in `extra.branches` so `friendsOfPhpAffected()` can give the exact answer. Pure.
 */
import { parse as parseYaml } from 'yaml';

import { RampartError, describeError } from '../../../../runtime/errors.js';
import { packageKey } from '../../ecosystem-key.js';
import type { FeedRecord, Reference } from '../../model.js';
import { ConstraintSet, intervalsToRanges, type Interval } from '../constraint-intervals.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' && v.trim() !== '~' ? v.trim() : undefined;

function fopError(where: string, what: string): RampartError {
  return new RampartError(
    'FEED_FORMAT',
    `feed friendsofphp: ${where}: ${what}; the upstream file is malformed`,
  );
}

/** `<vendor>/<package>/<id>.yaml` (any archive prefix before it). */
export const FRIENDSOFPHP_PATH = /(?:^|[/!])([^/!]+)\/([^/]+)\/([^/]+)\.ya?ml$/;

export function convertFriendsOfPhpAdvisory(text: string, path: string): FeedRecord {
  const m = FRIENDSOFPHP_PATH.exec(path);
  if (!m) throw fopError(path, 'not a <vendor>/<package>/<id>.yaml path');
  const [, vendor, pkg, fileId] = m as unknown as [string, string, string, string];
  let doc: unknown;
  try {
    doc = parseYaml(text, { schema: 'failsafe', maxAliasCount: 100 });
  } catch (err: unknown) {
    throw fopError(path, `malformed YAML (${describeError(err)})`);
  }
  if (!isObj(doc)) throw fopError(path, 'the document is not a mapping');
  const ref = str(doc.reference);
  const refName = ref?.startsWith('composer://') ? ref.slice('composer://'.length) : undefined;
  const name = packageKey('Packagist', refName ?? `${vendor}/${pkg}`);
  const id = `${fileId}@${name}`;
  const where = `${path} (${id})`;
  if (!isObj(doc.branches) || Object.keys(doc.branches).length === 0)
    throw fopError(where, 'no `branches` mapping');
  const set = new ConstraintSet('composer', (what) => fopError(where, what));
  const intervals: Interval[] = [];
  const branches: Record<string, { versions: string[]; time?: string }> = {};
  for (const [branch, b] of Object.entries(doc.branches)) {
    if (!isObj(b) || !Array.isArray(b.versions))
      throw fopError(where, `branch ${branch} has no \`versions\` list`);
    const versions = b.versions.map((v) => {
      if (typeof v !== 'string') throw fopError(where, `branch ${branch} has a non-string constraint`);
      return v.trim();
    });
    branches[branch] = { versions, ...(str(b.time) ? { time: str(b.time) } : {}) };
    if (versions.length > 0) intervals.push(...set.entry(versions.join(',')));
  }
  const { ranges, fixedVersions, approximate } = intervalsToRanges(intervals);
  const cve = str(doc.cve);
  const references: Reference[] = str(doc.link) ? [{ type: 'ADVISORY', url: str(doc.link)! }] : [];
  const times = Object.values(branches)
    .map((b) => b.time)
    .filter((t): t is string => t !== undefined)
    .sort();
  const extra: Obj = { branches };
  if (approximate) extra.approximate = true;
  if (str(doc['composer-repository'])) extra.composerRepository = str(doc['composer-repository']);
  return {
    kind: 'advisory',
    advisory: {
      id,
      feed: 'friendsofphp',
      aliases: cve && /^CVE-\d{4}-\d+$/.test(cve) ? [cve] : [],
      related: [],
      ...(str(doc.title) ? { summary: str(doc.title) } : {}),
      ...(times[0] ? { published: times[0] } : {}),
      references,
      severity: [],
      cwes: [],
      extra,
    },
    affected: [
      {
        ecosystem: 'Packagist',
        name,
        scheme: 'composer',
        purl: `pkg:composer/${name}`,
        ranges,
        versions: [],
        state: ranges.length > 0 ? 'affected' : 'not_affected',
        fixedVersions,
      },
    ],
  };
}
