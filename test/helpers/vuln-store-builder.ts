/** Builds a real SQLite vulnerability store in a temp dir from records a test writes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IndexReport } from '../../src/model/index-report.js';
import type { PackageRecord } from '../../src/model/package.js';
import type { Advisory, AffectedPackage, FeedRecord } from '../../src/scanner/vulndb/model.js';
import { openStore, type VulnStore } from '../../src/scanner/vulndb/store.js';
import { openWriter } from '../../src/scanner/vulndb/store-writer.js';

export function advisoryOf(id: string, feed: string, extra: Partial<Advisory> = {}): Advisory {
  return { id, feed, aliases: [], related: [], references: [], severity: [], cwes: [], ...extra };
}

export function affectedOf(
  ecosystem: string,
  name: string,
  extra: Partial<AffectedPackage> = {},
): AffectedPackage {
  return { ecosystem, name, ranges: [], versions: [], state: 'affected', fixedVersions: [], ...extra };
}

/** Write `feeds` (feed name → records) into a fresh DB file and open it read-only. */
/** A Debian 12 openssl advisory fixed in `fixed`, with a vendor severity: the usual one-CVE store. */
export function debianOpensslAdvisory(
  cve = 'CVE-2024-0001',
  fixed = '3.0.13-1~deb12u1',
  summary?: string,
): FeedRecord {
  return {
    kind: 'advisory',
    advisory: advisoryOf(`${cve}@Debian`, 'debian', { aliases: [cve], ...(summary ? { summary } : {}) }),
    affected: [
      affectedOf('Debian:12', 'openssl', {
        scheme: 'dpkg',
        state: 'fixed',
        fixedVersions: [fixed],
        severity: { source: 'vendor', name: 'high', cvss: [] },
      }),
    ],
  };
}

export function buildStore(feeds: Record<string, FeedRecord[]>, dir?: string): VulnStore {
  const path = join(dir ?? mkdtempSync(join(tmpdir(), 'rampart-match-')), 'rampart.db');
  const w = openWriter(path);
  for (const [name, records] of Object.entries(feeds)) {
    w.beginFeed(name);
    for (const r of records) w.add(r);
    w.endFeed(1, { fetchedAt: '2026-11-01T00:00:00Z', fingerprint: name }, '2026-11-01T00:00:00Z');
  }
  w.setMeta('built_at', '2026-11-01T00:00:00Z');
  w.close();
  return openStore(path);
}

export function pkgOf(
  p: Partial<PackageRecord> & Pick<PackageRecord, 'name' | 'version' | 'type'>,
): PackageRecord {
  return {
    kind: ['deb', 'apk', 'rpm'].includes(p.type) ? 'os' : 'language',
    finder: p.type,
    location: 'var/lib/dpkg/status',
    purl: `pkg:${p.type}/${p.name}@${p.version}`,
    layer: { index: 0, diffId: 'sha256:aa' },
    ...p,
  };
}

export function indexOf(packages: PackageRecord[], distribution?: IndexReport['distribution']): IndexReport {
  return {
    schemaVersion: 1,
    tool: { name: 'rampart', version: '0.0.0-test', finders: [] },
    image: {
      reference: 'test/image:1',
      sourceKind: 'rootfs',
      platform: { os: 'linux', architecture: 'amd64' },
      layers: [{ index: 0, diffId: 'sha256:aa', createdBy: 'RUN apt-get install -y openssl' }],
    },
    ...(distribution ? { distribution } : {}),
    packages,
    warnings: [],
  };
}

export const bookworm = {
  id: 'debian',
  versionId: '12',
  versionCodename: 'bookworm',
  prettyName: 'Debian GNU/Linux 12 (bookworm)',
  location: 'etc/os-release',
};
