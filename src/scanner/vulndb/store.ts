/**
 * Read-only access to a vulnerability DB: `openStore` and the queries of the matcher and
 * `vulndb status`. SQL lives here, in `store-writer.ts` (the writes of an update) and in the
 * schema steps of `migrations/`. Rows are stored as JSON beside their key columns.
 */
import Database from 'better-sqlite3';

import { RampartError, describeError } from '../../runtime/errors.js';
import { READABLE_SINCE, refuseNewer, schemaVersionOf } from './migrations/index.js';
import type { FeedState } from './feeds/contracts.js';
import type { Advisory, AffectedRow, Candidate, EpssRecord, KevRecord, NvdRecord } from './model.js';

type Db = Database.Database;

export interface FeedStatus {
  name: string;
  version: number;
  state: FeedState;
  importedAt: string;
  advisories: number;
  affected: number;
  enrichment: number;
}

export interface StoreStatus {
  path: string;
  schemaVersion: number;
  builtAt?: string;
  feeds: FeedStatus[];
}

/** Read-only access for the matcher and `vulndb status`. */
export class VulnStore {
  private readonly cache = new Map<string, Advisory>();
  /** `feed\0id` of withdrawn advisories, read on first use. */
  private withdrawnKeys: Set<string> | undefined;
  private readonly schemaVersion: number;
  /** Ids whose records are all in `cache`, with the feeds that publish them. */
  private readonly loadedIds = new Map<string, string[]>();
  private readonly q: Record<string, Database.Statement>;

  constructor(
    private readonly db: Db,
    readonly path: string,
    /** The file's schema version (read by `openStore`). */
    schemaVersion: number,
  ) {
    this.schemaVersion = schemaVersion;
    this.q = {
      // IN matches each row once, however often a name is repeated in the list
      affected: db
        .prepare(
          `SELECT advisory_id, feed, data FROM affected WHERE ecosystem = ? AND name IN (SELECT value FROM json_each(?))`,
        )
        .raw(true),
      affectedOne: db
        .prepare(`SELECT advisory_id, feed, data FROM affected WHERE ecosystem = ? AND name = ?`)
        .raw(true),
      covers: db.prepare(`SELECT 1 FROM affected WHERE ecosystem = ? LIMIT 1`),
      advisoriesRaw: db
        .prepare(`SELECT feed, id, data FROM advisories WHERE id IN (SELECT value FROM json_each(?))`)
        .raw(true),
      byAliasMany: db
        .prepare(`SELECT alias, advisory_id FROM aliases WHERE alias IN (SELECT value FROM json_each(?))`)
        .raw(true),
      aliasesOfMany: db
        .prepare(
          `SELECT advisory_id, alias FROM aliases WHERE advisory_id IN (SELECT value FROM json_each(?))`,
        )
        .raw(true),
      // the same two, keeping only linked ids with one of the prefixes in the second list (`DSA-`)
      byAliasManyPrefixed: db
        .prepare(
          `SELECT alias, advisory_id FROM aliases WHERE alias IN (SELECT value FROM json_each(?)) AND substr(advisory_id, 1, instr(advisory_id, '-')) IN (SELECT value FROM json_each(?))`,
        )
        .raw(true),
      aliasesOfManyPrefixed: db
        .prepare(
          `SELECT advisory_id, alias FROM aliases WHERE advisory_id IN (SELECT value FROM json_each(?)) AND substr(alias, 1, instr(alias, '-')) IN (SELECT value FROM json_each(?))`,
        )
        .raw(true),
      aliasesByAdvisory: db
        .prepare(
          `SELECT advisory_id, feed, alias FROM aliases WHERE advisory_id IN (SELECT value FROM json_each(?))`,
        )
        .raw(true),
      withdrawn: db.prepare(`SELECT feed, id FROM advisories WHERE withdrawn IS NOT NULL`).raw(true),
      nvd: db.prepare(`SELECT data FROM nvd WHERE cve = ?`),
      kev: db.prepare(`SELECT data FROM kev WHERE cve = ?`),
      epss: db.prepare(`SELECT data FROM epss WHERE cve = ?`),
      nvdMany: db
        .prepare(`SELECT cve, data FROM nvd WHERE cve IN (SELECT value FROM json_each(?))`)
        .raw(true),
      kevMany: db
        .prepare(`SELECT cve, data FROM kev WHERE cve IN (SELECT value FROM json_each(?))`)
        .raw(true),
      epssMany: db
        .prepare(`SELECT cve, data FROM epss WHERE cve IN (SELECT value FROM json_each(?))`)
        .raw(true),
      feeds: db.prepare(`SELECT * FROM feeds ORDER BY name`),
      meta: db.prepare(`SELECT value FROM meta WHERE key = ?`),
    };
  }

  /**
   * Every affected row for `names` (already normalised with `packageKey`) in `ecosystem` (an
   * `ecosystemKey`), each with its advisory attached: `lookupRows` then `withAdvisories`.
   */
  lookup(ecosystem: string, names: readonly string[]): Candidate[] {
    return this.withAdvisories(this.lookupRows(ecosystem, names));
  }

  /**
   * The affected rows for `names` without their advisories: one query (an index seek per name
   * on the table's clustered (ecosystem, name) key). A matcher reads advisories only for rows
   * that turn out to matter (`withAdvisories`).
   */
  lookupRows(ecosystem: string, names: readonly string[]): AffectedRow[] {
    if (names.length === 0) return [];
    const raw = (
      names.length === 1
        ? this.q.affectedOne!.all(ecosystem, names[0])
        : this.q.affected!.all(ecosystem, JSON.stringify(names))
    ) as [string, string, string][];
    const out = new Array<AffectedRow>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const [id, feed, data] = raw[i]!;
      const row = JSON.parse(data) as AffectedRow;
      row.advisoryId = id;
      row.feed = feed;
      out[i] = row;
    }
    return out;
  }

  /**
   * Attaches each row's advisory (the rows become candidates; they are changed in place). The
   * advisories not yet read are read in one query; each is parsed once per store and shared by
   * its rows.
   */
  withAdvisories(rows: readonly AffectedRow[]): Candidate[] {
    const cache = this.cache;
    let missing: Set<string> | undefined;
    for (const r of rows) {
      if ((r as Partial<Candidate>).advisory === undefined && !cache.has(`${r.feed}\0${r.advisoryId}`))
        (missing ??= new Set()).add(r.advisoryId);
    }
    if (missing) this.loadAdvisories([...missing]);
    for (const r of rows) {
      const c = r as Candidate;
      c.advisory ??= cache.get(`${r.feed}\0${r.advisoryId}`)!;
      if (c.advisory === undefined) {
        throw new RampartError(
          'VULNDB_CORRUPT',
          `${this.path}: an affected row of ${r.ecosystem} ${r.name} names advisory ${r.advisoryId} (${r.feed}), which the database does not hold; rebuild it with "rampart vulndb update"`,
        );
      }
    }
    return rows as Candidate[];
  }

  /**
   * What grouping rows into vulnerabilities needs of their advisories, read without decoding a
   * record: each advisory's aliases (the alias table) and whether it was withdrawn, keyed
   * `feed\0id`. Undefined for a schema-1 file, which lacks the indexes that make this cheap
   * (read the advisories with `withAdvisories` instead).
   */
  advisoryLinks(
    rows: readonly AffectedRow[],
  ): Map<string, { aliases: string[]; withdrawn: boolean }> | undefined {
    if (this.schemaVersion < 2) return undefined;
    this.withdrawnKeys ??= new Set(
      (this.q.withdrawn!.all() as [string, string][]).map(([feed, id]) => `${feed}\0${id}`),
    );
    const out = new Map<string, { aliases: string[]; withdrawn: boolean }>();
    for (const r of rows) {
      const key = `${r.feed}\0${r.advisoryId}`;
      if (!out.has(key)) out.set(key, { aliases: [], withdrawn: this.withdrawnKeys.has(key) });
    }
    if (out.size === 0) return out;
    const ids = [...new Set(rows.map((r) => r.advisoryId))];
    for (let i = 0; i < ids.length; i += 5000) {
      const got = this.q.aliasesByAdvisory!.all(JSON.stringify(ids.slice(i, i + 5000))) as [
        string,
        string,
        string,
      ][];
      for (const [id, feed, alias] of got) out.get(`${feed}\0${id}`)?.aliases.push(alias);
    }
    return out;
  }

  /** True when at least one affected row has this ecosystem key (the matcher's coverage check). */
  covers(ecosystem: string): boolean {
    return this.q.covers!.get(ecosystem) !== undefined;
  }

  private loadAdvisories(ids: string[]): void {
    const rows = this.q.advisoriesRaw!.all(JSON.stringify(ids)) as [string, string, string][];
    for (const id of ids) if (!this.loadedIds.has(id)) this.loadedIds.set(id, []);
    for (const [feed, id, data] of rows) {
      const key = `${feed}\0${id}`;
      if (this.cache.has(key)) continue;
      this.cache.set(key, JSON.parse(data) as Advisory);
      this.loadedIds.get(id)!.push(feed);
    }
  }

  /**
   * `advisories(id)` for many ids in one query, records shared with the rows' advisories (each
   * parsed once per store); ids without records are absent.
   */
  advisoriesOfMany(ids: readonly string[]): Map<string, Advisory[]> {
    const out = new Map<string, Advisory[]>();
    if (ids.length === 0) return out;
    const missing = ids.filter((id) => !this.loadedIds.has(id));
    if (missing.length > 0) this.loadAdvisories(missing);
    for (const id of ids) {
      const feeds = this.loadedIds.get(id);
      if (feeds && feeds.length > 0)
        out.set(
          id,
          [...feeds].sort().map((f) => this.cache.get(`${f}\0${id}`)!),
        );
    }
    return out;
  }

  /** Every stored record with this id (one per feed that publishes it, in feed order). */
  advisories(id: string): Advisory[] {
    return this.advisoriesOfMany([id]).get(id) ?? [];
  }

  /** The record with this id (the first feed alphabetically when several publish it). */
  advisory(id: string): Advisory | undefined {
    return this.advisories(id)[0];
  }

  /** Ids of records that list `id` as an alias, plus the aliases `id`'s own records list. */
  aliases(id: string): string[] {
    return this.aliasesOfMany([id]).get(id)!;
  }

  /**
   * `aliases(id)` for many ids at once: two queries for the whole list instead of two per id.
   * With `prefixes` (`['DSA-', 'DLA-']`), only the linked ids that start with one of them.
   * The advisory-id side is indexed from schema 2 on; a schema-1 file answers the same with one
   * scan of the alias table.
   */
  aliasesOfMany(ids: readonly string[], prefixes?: readonly string[]): Map<string, string[]> {
    const sets = new Map<string, Set<string>>();
    for (const id of ids) sets.set(id, new Set());
    const list = JSON.stringify([...sets.keys()]);
    const args = prefixes ? [list, JSON.stringify(prefixes)] : [list];
    const [byAlias, ofAdvisory] = prefixes
      ? [this.q.byAliasManyPrefixed!, this.q.aliasesOfManyPrefixed!]
      : [this.q.byAliasMany!, this.q.aliasesOfMany!];
    for (const [alias, advisoryId] of byAlias.all(...args) as [string, string][])
      sets.get(alias)?.add(advisoryId);
    for (const [advisoryId, alias] of ofAdvisory.all(...args) as [string, string][])
      sets.get(advisoryId)?.add(alias);
    const out = new Map<string, string[]>();
    for (const [id, set] of sets) {
      set.delete(id);
      out.set(id, [...set].sort());
    }
    return out;
  }

  /** NVD, KEV and EPSS records of many CVEs: one query per table; absent CVEs have no entry. */
  enrichmentOf(cves: readonly string[]): {
    nvd: Map<string, NvdRecord>;
    kev: Map<string, KevRecord>;
    epss: Map<string, EpssRecord>;
  } {
    const list = JSON.stringify(cves);
    const read = <T>(q: string): Map<string, T> =>
      new Map(
        (this.q[q]!.all(list) as [string, string][]).map(([cve, data]) => [cve, JSON.parse(data) as T]),
      );
    return {
      nvd: read<NvdRecord>('nvdMany'),
      kev: read<KevRecord>('kevMany'),
      epss: read<EpssRecord>('epssMany'),
    };
  }

  nvd(cve: string): NvdRecord | undefined {
    return this.json<NvdRecord>('nvd', cve);
  }

  kev(cve: string): KevRecord | undefined {
    return this.json<KevRecord>('kev', cve);
  }

  epss(cve: string): EpssRecord | undefined {
    return this.json<EpssRecord>('epss', cve);
  }

  private json<T>(q: string, key: string): T | undefined {
    const row = this.q[q]!.get(key) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  status(): StoreStatus {
    const feeds = (this.q.feeds!.all() as Record<string, unknown>[]).map((r): FeedStatus => ({
      name: r.name as string,
      version: r.version as number,
      state: JSON.parse(r.state as string) as FeedState,
      importedAt: r.imported_at as string,
      advisories: r.advisories as number,
      affected: r.affected as number,
      enrichment: r.enrichment as number,
    }));
    const builtAt = (this.q.meta!.get('built_at') as { value: string } | undefined)?.value;
    return { path: this.path, schemaVersion: this.schemaVersion, builtAt, feeds };
  }

  close(): void {
    this.db.close();
  }
}

/** Open a DB read-only. Throws VULNDB_MISSING, VULNDB_CORRUPT, VULNDB_SCHEMA_NEWER or _OLD. */
export function openStore(path: string): VulnStore {
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err: unknown) {
    throw new RampartError(
      'VULNDB_MISSING',
      `no vulnerability database at ${path} (${describeError(err)}): run "rampart vulndb update" or "rampart vulndb import DIR"`,
    );
  }
  let version: number;
  try {
    version = schemaVersionOf(db);
  } catch (err: unknown) {
    db.close();
    throw new RampartError(
      'VULNDB_CORRUPT',
      `${path} is not a readable Rampart vulnerability database (${describeError(err)}): rebuild it with "rampart vulndb update"`,
    );
  }
  try {
    refuseNewer(path, version);
    if (version < READABLE_SINCE) {
      throw new RampartError(
        'VULNDB_SCHEMA_OLD',
        `vulnerability database ${path} has schema version ${version}, older than ${READABLE_SINCE}: run "rampart vulndb update" to migrate it`,
      );
    }
  } catch (err: unknown) {
    db.close();
    throw err;
  }
  // Lookups seek the clustered affected table once per name: with SQLite's default 2 MiB page
  // cache every seek re-reads its pages through a system call. Mapping the (read-only) file and
  // a larger cache make a 10k-name lookup several times faster; both are bounds, not allocations.
  db.pragma('mmap_size = 1073741824');
  db.pragma('cache_size = -65536');
  return new VulnStore(db, path, version);
}
