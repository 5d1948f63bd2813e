/**
 * Numbered schema steps. The DB records the last applied step in `meta.schema_version`; a
 * writer applies the missing steps in order; a reader refuses a DB whose version is newer than
 * `SCHEMA_VERSION` (written by a newer Rampart) or older than `READABLE_SINCE` (asks for
 * `vulndb update`); a step that only speeds reads up (an index) keeps older files readable.
 * Append a step, never edit one that was released.
 */
import type Database from 'better-sqlite3';

import { RampartError } from '../../../runtime/errors.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'advisories, aliases, affected packages, enrichment tables, feed states',
    sql: `
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE feeds (
        name TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL,
        imported_at TEXT NOT NULL, advisories INTEGER NOT NULL, affected INTEGER NOT NULL,
        enrichment INTEGER NOT NULL
      );
      CREATE TABLE advisories (
        feed TEXT NOT NULL, id TEXT NOT NULL, modified TEXT, withdrawn TEXT, data TEXT NOT NULL,
        PRIMARY KEY (id, feed)
      ) WITHOUT ROWID;
      CREATE TABLE aliases (alias TEXT NOT NULL, advisory_id TEXT NOT NULL, feed TEXT NOT NULL);
      CREATE INDEX aliases_alias ON aliases (alias);
      CREATE INDEX aliases_feed ON aliases (feed);
      -- clustered by the lookup key: one package's rows sit together on disk
      CREATE TABLE affected (
        ecosystem TEXT NOT NULL, name TEXT NOT NULL, feed TEXT NOT NULL, advisory_id TEXT NOT NULL,
        seq INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (ecosystem, name, feed, advisory_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX affected_feed ON affected (feed, advisory_id);
      CREATE TABLE nvd (cve TEXT PRIMARY KEY, feed TEXT NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE kev (cve TEXT PRIMARY KEY, feed TEXT NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE epss (cve TEXT PRIMARY KEY, feed TEXT NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description:
      'indexes for reading advisory links without the records: aliases both ways round (covering), withdrawn advisories',
    sql: `
      DROP INDEX IF EXISTS aliases_alias;
      CREATE INDEX aliases_alias ON aliases (alias, advisory_id);
      CREATE INDEX IF NOT EXISTS aliases_advisory ON aliases (advisory_id, feed, alias);
      CREATE INDEX IF NOT EXISTS advisories_withdrawn ON advisories (id, feed) WHERE withdrawn IS NOT NULL;
    `,
  },
];

/** The schema version this build writes (and the newest it reads). */
export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

/** The oldest schema version this build reads: steps after it only add indexes. */
export const READABLE_SINCE = 1;

/** The schema version a DB file records (0 for a file without the meta table). */
export function schemaVersionOf(db: Database.Database): number {
  const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'`).get();
  if (!hasMeta) return 0;
  const row = db.prepare(`SELECT value FROM meta WHERE key='schema_version'`).get() as
    { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** Throws VULNDB_SCHEMA_NEWER for a file written by a newer Rampart. */
export function refuseNewer(path: string, version: number): void {
  if (version > SCHEMA_VERSION) {
    throw new RampartError(
      'VULNDB_SCHEMA_NEWER',
      `vulnerability database ${path} has schema version ${version}, newer than this Rampart understands (${SCHEMA_VERSION}): upgrade Rampart or rebuild the database with "rampart vulndb update --db <new path>"`,
    );
  }
}
