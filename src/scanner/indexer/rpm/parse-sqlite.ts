import Database from 'better-sqlite3';
import { describeError } from '../../../runtime/errors.js';
import type { BlobList } from './blob-list.js';

/**
 * Header blobs from rpm's SQLite backend (`rpmdb.sqlite`, table `Packages(hnum, blob)`),
 * opened read-only from memory. rpm keeps the file in WAL mode, which SQLite refuses to read
 * from a memory image, so a copy with the header's write/read version bytes set back to the
 * rollback-journal value is opened instead; the file itself is never touched.
 */
export function parseSqlite(data: Buffer): BlobList {
  const copy = Buffer.from(data);
  if (copy.length >= 20 && copy[18] === 2 && copy[19] === 2) {
    copy[18] = 1;
    copy[19] = 1;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(copy, { readonly: true });
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Packages'")
      .get();
    if (!table)
      return { blobs: [], problems: ['SQLite database has no Packages table: not an rpm database'] };
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').raw().all() as unknown[][];
    const blobs: Buffer[] = [];
    const problems: string[] = [];
    for (const [blob] of rows) {
      if (Buffer.isBuffer(blob)) blobs.push(blob);
      else problems.push('a Packages row holds no blob');
    }
    return { blobs, problems };
  } catch (err) {
    return { blobs: [], problems: [`SQLite database cannot be read: ${describeError(err)}`] };
  } finally {
    db?.close();
  }
}
