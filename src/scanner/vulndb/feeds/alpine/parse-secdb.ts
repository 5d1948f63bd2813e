/**
 * The secdb JSON of Alpine, Wolfi and Chainguard: `{ distroversion?, reponame, packages: [{
 * pkg: { name (ORIGIN package), secfixes: { fixed version: [ids…] } } }] }`. A fixed version
 * `0` means the package was never affected. An entry may carry extra ids after the first
 * (`CVE-2023-44441 ZDI-CAN-22093`): the first is the vulnerability, the rest are aliases.
 *
 * Secdb has one file per branch and repository, and an id appears in many of them, so rows
 * are gathered per id over all files of one import and yielded as one advisory per id
 * (`CVE-…@Alpine`), one row per (branch, origin package, fixed version).
 */
import { RampartError } from '../../../../runtime/errors.js';
import type { Advisory, AffectedPackage, FeedRecord } from '../../model.js';

export interface SecdbOptions {
  feed: string;
  /** `Alpine`, `Wolfi`, `Chainguard`: advisory id suffix and (without a branch) the ecosystem. */
  base: string;
  /** True for Alpine: the ecosystem is `Alpine:<distroversion>` and a file without one is refused. */
  perBranch: boolean;
}

export class SecdbCollector {
  private readonly byId = new Map<string, { advisory: Advisory; affected: AffectedPackage[] }>();

  constructor(private readonly opts: SecdbOptions) {}

  /** Add one secdb document (already JSON-parsed). */
  add(doc: unknown, file: string): void {
    const { feed, base, perBranch } = this.opts;
    const bad = (what: string) =>
      new RampartError(
        'FEED_FORMAT',
        `feed ${feed}: ${file} is not a secdb file (${what}); check the mirror`,
      );
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw bad('not a JSON object');
    const d = doc as { distroversion?: unknown; reponame?: unknown; packages?: unknown };
    if (!Array.isArray(d.packages)) throw bad('no packages array');
    let ecosystem = base;
    if (perBranch) {
      if (typeof d.distroversion !== 'string' || !/^(v\d+\.\d+|edge)$/.test(d.distroversion))
        throw bad(`distroversion ${JSON.stringify(d.distroversion)} is not v3.N or edge`);
      ecosystem = `${base}:${d.distroversion}`;
    }
    const repo = typeof d.reponame === 'string' ? d.reponame : undefined;
    for (const [i, entry] of d.packages.entries()) {
      const pkg = (entry as { pkg?: { name?: unknown; secfixes?: unknown } } | null)?.pkg;
      if (!pkg || typeof pkg.name !== 'string' || pkg.name === '')
        throw bad(`packages[${i}] has no pkg.name`);
      if (pkg.secfixes === undefined || pkg.secfixes === null) continue;
      if (typeof pkg.secfixes !== 'object' || Array.isArray(pkg.secfixes))
        throw bad(`packages[${i}].pkg.secfixes is not an object`);
      for (const [version, ids] of Object.entries(pkg.secfixes as Record<string, unknown>)) {
        if (!Array.isArray(ids)) throw bad(`${pkg.name} secfixes ${version} is not a list`);
        for (const raw of ids) {
          if (typeof raw !== 'string') continue;
          const [vulnId, ...more] = raw.trim().split(/\s+/);
          if (!vulnId) continue;
          this.row(vulnId, more, {
            ecosystem,
            name: pkg.name,
            scheme: 'apk',
            ranges: [],
            versions: [],
            state: version === '0' ? 'not_affected' : 'fixed',
            fixedVersions: version === '0' ? [] : [version],
            ...(repo ? { extra: { repo } } : {}),
          });
        }
      }
    }
  }

  private row(vulnId: string, aliases: string[], row: AffectedPackage): void {
    const id = `${vulnId}@${this.opts.base}`;
    let rec = this.byId.get(id);
    if (!rec) {
      rec = {
        advisory: {
          id,
          feed: this.opts.feed,
          aliases: [vulnId],
          related: [],
          references: [],
          severity: [],
          cwes: [],
        },
        affected: [],
      };
      this.byId.set(id, rec);
    }
    for (const a of aliases) if (!rec.advisory.aliases.includes(a)) rec.advisory.aliases.push(a);
    const dup = rec.affected.some(
      (r) =>
        r.ecosystem === row.ecosystem && r.name === row.name && r.fixedVersions[0] === row.fixedVersions[0],
    );
    if (!dup) rec.affected.push(row);
  }

  *records(): Generator<FeedRecord> {
    for (const rec of this.byId.values()) yield { kind: 'advisory', ...rec };
  }
}
