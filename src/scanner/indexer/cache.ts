import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { RampartError, describeError } from '../../runtime/errors.js';

/**
 * Per-layer index cache in SQLite. A layer is keyed by its diff-id (the digest of its
 * uncompressed content, verified when it was read); each finder's results are stored under
 * its name and version, so a finder upgrade invalidates only that finder's rows and a layer
 * shared by many images is read once. WAL mode plus a busy timeout lets many processes share
 * one cache: readers never block, writers queue, and every write is one short transaction.
 */
export interface CachedShape {
  entries: number;
  whiteouts: string[];
  opaqueDirs: string[];
  symlinks: Record<string, string>;
}

const SCHEMA_VERSION = 1;

export class LayerCache {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(dir: string): LayerCache {
    try {
      mkdirSync(dir, { recursive: true });
      const db = new Database(join(dir, 'index-cache.sqlite'), { timeout: 30_000 });
      retryBusy(() => db.pragma('journal_mode = WAL'));
      db.pragma('synchronous = NORMAL');
      retryBusy(() =>
        db.exec(`
          CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS layer_shape (
            diff_id TEXT NOT NULL, walker_version INTEGER NOT NULL, shape TEXT NOT NULL,
            PRIMARY KEY (diff_id, walker_version));
          CREATE TABLE IF NOT EXISTS layer_findings (
            diff_id TEXT NOT NULL, finder TEXT NOT NULL, finder_version INTEGER NOT NULL,
            findings TEXT NOT NULL, PRIMARY KEY (diff_id, finder, finder_version));
          INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}');
        `),
      );
      const row = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as {
        value: string;
      };
      if (Number(row.value) > SCHEMA_VERSION) {
        db.close();
        throw new RampartError(
          'CACHE_SCHEMA_NEWER',
          `the index cache in ${dir} was written by a newer Rampart (schema ${row.value}); upgrade Rampart or use another --cache-dir`,
        );
      }
      return new LayerCache(db);
    } catch (err: unknown) {
      if (err instanceof RampartError) throw err;
      throw new RampartError(
        'CACHE_OPEN',
        `cannot open the index cache in ${dir}: ${describeError(err)}; check permissions or pass --cache-dir`,
        { cause: err },
      );
    }
  }

  getShape(diffId: string, walkerVersion: number): CachedShape | undefined {
    const row = this.db
      .prepare('SELECT shape FROM layer_shape WHERE diff_id = ? AND walker_version = ?')
      .get(diffId, walkerVersion) as { shape: string } | undefined;
    return row ? (JSON.parse(row.shape) as CachedShape) : undefined;
  }

  getFindings<T>(diffId: string, finder: string, version: number): T | undefined {
    const row = this.db
      .prepare('SELECT findings FROM layer_findings WHERE diff_id = ? AND finder = ? AND finder_version = ?')
      .get(diffId, finder, version) as { findings: string } | undefined;
    return row ? (JSON.parse(row.findings) as T) : undefined;
  }

  /** Store a whole layer's results in one transaction (all or nothing). */
  put(
    diffId: string,
    walkerVersion: number,
    shape: CachedShape,
    findings: { finder: string; version: number; data: unknown }[],
  ): void {
    const insertShape = this.db.prepare(
      'INSERT OR REPLACE INTO layer_shape (diff_id, walker_version, shape) VALUES (?, ?, ?)',
    );
    const insertFinding = this.db.prepare(
      'INSERT OR REPLACE INTO layer_findings (diff_id, finder, finder_version, findings) VALUES (?, ?, ?, ?)',
    );
    const tx = this.db.transaction(() => {
      insertShape.run(diffId, walkerVersion, JSON.stringify(shape));
      for (const f of findings) insertFinding.run(diffId, f.finder, f.version, JSON.stringify(f.data));
    });
    retryBusy(() => tx.immediate());
  }

  close(): void {
    this.db.close();
  }
}

/** better-sqlite3 waits `timeout` ms on a locked DB; retry a few more times under heavy contention. */
function retryBusy<T>(fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err: unknown) {
      const code = (err as { code?: string }).code;
      if ((code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') && attempt < 5) continue;
      throw err;
    }
  }
}
