import type { Warning } from '../../../model/warning.js';
import type { FinderResult } from '../contracts.js';
import type { BlobList } from './blob-list.js';
import { isBdbHash, parseBdb } from './parse-bdb.js';
import { parseHeader, RpmHeaderError } from './parse-header.js';
import { isNdb, parseNdb } from './parse-ndb.js';
import { parseSqlite } from './parse-sqlite.js';
import { rpmPackageRecord } from './rpm-package-record.js';

export type RpmDbFormat = 'sqlite' | 'bdb' | 'ndb';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Problems listed one by one before the rest are summarised. */
const MAX_LISTED = 5;

/** Which of rpm's three database formats `data` is, from its content (file names lie). */
export function rpmDbFormat(data: Buffer): RpmDbFormat | undefined {
  if (data.length >= 16 && data.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite';
  if (isNdb(data)) return 'ndb';
  if (isBdbHash(data)) return 'bdb';
  return undefined;
}

/** Every package of an rpm database file in any of the three formats. */
export function parseRpmdb(data: Buffer, location: string): FinderResult {
  const result: Required<FinderResult> = { packages: [], warnings: [], ownedFiles: [] };
  const format = rpmDbFormat(data);
  if (!format) {
    result.warnings.push(
      warning('RPM_DB_UNKNOWN_FORMAT', 'file is neither SQLite, NDB nor Berkeley DB hash: skipped', location),
    );
    return result;
  }
  const list: BlobList =
    format === 'sqlite' ? parseSqlite(data) : format === 'ndb' ? parseNdb(data) : parseBdb(data);
  summarise(list.problems, 'RPM_DB_CORRUPT', `${format} database`, location, result.warnings);

  const headerProblems: string[] = [];
  for (const blob of list.blobs) {
    try {
      const entry = rpmPackageRecord(parseHeader(blob), location);
      if (!entry) continue;
      result.packages.push(entry.record);
      if (entry.ownedFiles) result.ownedFiles.push(entry.ownedFiles);
    } catch (err) {
      if (!(err instanceof RpmHeaderError)) throw err;
      headerProblems.push(err.message);
    }
  }
  summarise(headerProblems, 'RPM_HEADER_INVALID', 'package header', location, result.warnings);
  return result;
}

function summarise(problems: string[], code: string, what: string, location: string, out: Warning[]): void {
  for (const p of problems.slice(0, MAX_LISTED)) out.push(warning(code, `${what}: ${p}`, location));
  if (problems.length > MAX_LISTED) {
    out.push(
      warning(code, `${what}: ${problems.length - MAX_LISTED} more problem(s) of the same kind`, location),
    );
  }
}

function warning(code: string, message: string, subject: string): Warning {
  return { code, message, subject, source: 'rpm' };
}
