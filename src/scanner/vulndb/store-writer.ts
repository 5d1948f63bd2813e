/**
 * The writes of an update: `openWriter` opens the private DB file an update builds before it is
 * swapped in (see update-db.ts), applying the missing schema steps; `StoreWriter` replaces one
 * feed's rows at a time.
 */
import Database from 'better-sqlite3';

import { RampartError, describeError } from '../../runtime/errors.js';
import { listedOrderMark, sortListedVersions } from '../versions/osv-range.js';
import { migrations, refuseNewer, schemaVersionOf } from './migrations/index.js';
import type { FeedState } from './feeds/contracts.js';
import type { Advisory, AffectedPackage, FeedRecord } from './model.js';

type Db = Database.Database;

/** Counts of one feed's write. */
export interface FeedWriteCounts {
  advisories: number;
  affected: number;
  enrichment: number;
}

/**
 * A row as stored: a long enough `versions` list sorted in the row's scheme order and marked, so
 * a matcher binary-searches it rather than parsing all of it (a list that does not parse
 * entirely, or a row without a scheme, is stored as published).
 */
function withListedOrder(pkg: AffectedPackage): AffectedPackage {
  if (!pkg.scheme || pkg.versions.length < 2 || pkg.listedOrder !== undefined) return pkg;
  const sorted = sortListedVersions(pkg.scheme, pkg.versions);
  return sorted ? { ...pkg, versions: sorted, listedOrder: listedOrderMark(pkg.scheme) } : pkg;
}

/** Writes into a private DB file (never the live one); one transaction per feed. */
export class StoreWriter {
  private counts: FeedWriteCounts = { advisories: 0, affected: 0, enrichment: 0 };
  private feed: string | undefined;
  private seq = 0;
  private readonly q: Record<string, Database.Statement>;

  constructor(private readonly db: Db) {
    this.q = {
      insAdv: db.prepare(
        `INSERT OR IGNORE INTO advisories (feed, id, modified, withdrawn, data) VALUES (?, ?, ?, ?, ?)`,
      ),
      oldModified: db.prepare(`SELECT modified FROM advisories WHERE feed = ? AND id = ?`),
      replAdv: db.prepare(
        `UPDATE advisories SET modified = ?, withdrawn = ?, data = ? WHERE feed = ? AND id = ?`,
      ),
      delAffOne: db.prepare(`DELETE FROM affected WHERE feed = ? AND advisory_id = ?`),
      delAliasOne: db.prepare(`DELETE FROM aliases WHERE feed = ? AND advisory_id = ?`),
      insAlias: db.prepare(`INSERT INTO aliases (alias, advisory_id, feed) VALUES (?, ?, ?)`),
      insAff: db.prepare(
        `INSERT INTO affected (ecosystem, name, feed, advisory_id, seq, data) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      maxSeq: db.prepare(`SELECT coalesce(max(seq), 0) AS m FROM affected`),
      insNvd: db.prepare(`INSERT OR REPLACE INTO nvd (cve, feed, data) VALUES (?, ?, ?)`),
      insKev: db.prepare(`INSERT OR REPLACE INTO kev (cve, feed, data) VALUES (?, ?, ?)`),
      insEpss: db.prepare(`INSERT OR REPLACE INTO epss (cve, feed, data) VALUES (?, ?, ?)`),
      feedRow: db.prepare(
        `INSERT OR REPLACE INTO feeds (name, version, state, imported_at, advisories, affected, enrichment) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      setMeta: db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`),
    };
  }

  /** Start replacing one feed's rows: deletes what the feed wrote before, in a transaction. */
  beginFeed(name: string): void {
    this.db.exec('BEGIN');
    this.feed = name;
    this.counts = { advisories: 0, affected: 0, enrichment: 0 };
    this.seq = (this.q.maxSeq!.get() as { m: number }).m;
    for (const table of ['advisories', 'aliases', 'affected', 'nvd', 'kev', 'epss']) {
      this.db.prepare(`DELETE FROM ${table} WHERE feed = ?`).run(name);
    }
  }

  add(record: FeedRecord): void {
    const feed = this.feed;
    if (!feed) throw new RampartError('VULNDB_WRITE_STATE', 'internal: add() before beginFeed()');
    if (record.kind === 'advisory') return this.addAdvisory(feed, record.advisory, record.affected);
    const r = record.record;
    const q = record.kind === 'nvd' ? 'insNvd' : record.kind === 'kev' ? 'insKev' : 'insEpss';
    this.q[q]!.run(r.cve, feed, JSON.stringify(r));
    this.counts.enrichment++;
  }

  private addAdvisory(feed: string, adv: Advisory, affected: readonly AffectedPackage[]): void {
    const data = JSON.stringify(adv);
    const ins = this.q.insAdv!.run(feed, adv.id, adv.modified ?? null, adv.withdrawn ?? null, data);
    if (ins.changes === 0) {
      // The feed published the id twice: keep the newer record.
      const old = this.q.oldModified!.get(feed, adv.id) as { modified: string | null };
      if ((old.modified ?? '') > (adv.modified ?? '')) return;
      this.q.replAdv!.run(adv.modified ?? null, adv.withdrawn ?? null, data, feed, adv.id);
      this.counts.affected -= this.q.delAffOne!.run(feed, adv.id).changes;
      this.q.delAliasOne!.run(feed, adv.id);
    } else {
      this.counts.advisories++;
    }
    for (const alias of new Set(adv.aliases)) if (alias !== adv.id) this.q.insAlias!.run(alias, adv.id, feed);
    for (const pkg of affected) {
      const stored = withListedOrder(pkg);
      this.q.insAff!.run(pkg.ecosystem, pkg.name, feed, adv.id, ++this.seq, JSON.stringify(stored));
      this.counts.affected++;
    }
  }

  /** Commit the feed's rows and its state. */
  endFeed(version: number, state: FeedState, importedAt: string): FeedWriteCounts {
    const c = this.counts;
    this.q.feedRow!.run(
      this.feed,
      version,
      JSON.stringify(state),
      importedAt,
      c.advisories,
      c.affected,
      c.enrichment,
    );
    this.db.exec('COMMIT');
    this.feed = undefined;
    return { ...c };
  }

  /** Undo an unfinished feed. */
  abortFeed(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.feed = undefined;
  }

  setMeta(key: string, value: string): void {
    this.q.setMeta!.run(key, value);
  }

  close(): void {
    this.db.close();
  }
}

/** Open (creating if needed) a private DB file for writing and bring its schema up to date. */
export function openWriter(path: string): StoreWriter {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF'); // a private file: a crash just discards it
    db.pragma('synchronous = OFF'); // the updater fsyncs the finished file before the swap
    const version = schemaVersionOf(db);
    refuseNewer(path, version);
    for (const m of migrations) {
      if (m.version <= version) continue;
      db.exec('BEGIN');
      db.exec(m.sql);
      db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)`).run(
        String(m.version),
      );
      db.exec('COMMIT');
    }
  } catch (err: unknown) {
    db.close();
    if (err instanceof RampartError) throw err;
    throw new RampartError(
      'VULNDB_CORRUPT',
      `cannot prepare vulnerability database ${path}: ${describeError(err)}; delete it and run "rampart vulndb update"`,
    );
  }
  return new StoreWriter(db);
}
