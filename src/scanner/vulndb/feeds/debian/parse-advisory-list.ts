/**
 * The tracker's DSA and DLA lists (`data/DSA/list`, `data/DLA/list`):
 *
 *     [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *         {CVE-2023-1393}
 *         [bullseye] - xorg-server 2:1.20.11-1+deb11u6
 *
 * One advisory per DSA/DLA id with its CVEs as aliases. The fixed versions per release go in
 * `extra.fixed` ({ ecosystem, name, version }), NOT in affected rows: the tracker JSON already
 * states the same fixes per CVE, and rows here would report every vulnerability twice. The
 * matcher reaches a DSA from a CVE through the alias table. `<…>` markers are skipped.
 */
import { RampartError } from '../../../../runtime/errors.js';
import type { Advisory, FeedRecord } from '../../model.js';
import { debianEcosystem } from '../debian-releases.js';

const HEAD = /^\[(\d{1,2}) (\w{3}) (\d{4})\]\s+((?:DSA|DLA|DTSA)-[\w-]+)\s+(\S+)(?:\s+(?:- )?(.*))?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function* parseAdvisoryList(text: string, feed: string, file: string): Generator<FeedRecord> {
  let cur: { advisory: Advisory; fixed: { ecosystem: string; name: string; version: string }[] } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const m = HEAD.exec(line.trim());
      if (!m) {
        throw new RampartError(
          'FEED_FORMAT',
          `feed ${feed}: ${file} line ${i + 1} is not a "[date] DSA-… package - text" header; check the file is a Debian DSA/DLA list`,
        );
      }
      if (cur) yield done(cur);
      const month = MONTHS.indexOf(m[2]!) + 1;
      const advisory: Advisory = {
        id: m[4]!,
        feed,
        aliases: [],
        related: [],
        references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${m[4]}` }],
        severity: [],
        cwes: [],
        extra: { package: m[5] },
      };
      if (month > 0)
        advisory.published = `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}T00:00:00Z`;
      if (m[6]) advisory.summary = `${m[5]} - ${m[6]}`;
      cur = { advisory, fixed: [] };
      continue;
    }
    if (!cur) continue;
    const t = line.trim();
    const cves = /^\{([^}]*)\}$/.exec(t);
    if (cves) {
      for (const id of cves[1]!.split(/\s+/))
        if (id && !cur.advisory.aliases.includes(id)) cur.advisory.aliases.push(id);
      continue;
    }
    const rel = /^\[(\w+)\] - (\S+) (\S+)/.exec(t);
    if (rel && !rel[3]!.startsWith('<')) {
      const ecosystem = debianEcosystem(rel[1]!);
      if (!ecosystem) continue;
      cur.fixed.push({ ecosystem, name: rel[2]!, version: rel[3]! });
    }
  }
  if (cur) yield done(cur);
}

function done(cur: {
  advisory: Advisory;
  fixed: { ecosystem: string; name: string; version: string }[];
}): FeedRecord {
  cur.advisory.extra = { ...cur.advisory.extra, fixed: cur.fixed };
  return { kind: 'advisory', advisory: cur.advisory, affected: [] };
}
