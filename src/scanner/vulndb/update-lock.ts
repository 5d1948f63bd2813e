/**
 * The writer lock beside the DB (`rampart.db.lock`, created with O_EXCL, holding the owner's
 * pid). A lock whose pid no longer runs is stale and taken over; a live one makes the second
 * updater wait up to `waitMs`, then fail with VULNDB_LOCKED.
 */
import { closeSync, fsyncSync, openSync, readFileSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { RampartError } from '../../runtime/errors.js';

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface HeldLock {
  path: string;
  release(): void;
}

export async function acquireLock(dbPath: string, waitMs: number): Promise<HeldLock> {
  const path = `${dbPath}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        path,
        release: () => {
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch {
      continue; // removed meanwhile
    }
    if (!pidAlive(owner)) {
      try {
        unlinkSync(path); // stale: its writer died (kill -9, power loss)
      } catch {
        // someone else took it over first
      }
      continue;
    }
    if (Date.now() - start >= waitMs) {
      throw new RampartError(
        'VULNDB_LOCKED',
        `another vulnerability database update (pid ${owner}) is writing ${dbPath}; wait for it to finish, or delete ${path} if that process is gone`,
      );
    }
    await sleep(200);
  }
}

/** Remove `<db>.new-<pid>` files left by updaters that no longer run. Returns the removed names. */
export function removeStaleTempFiles(dbPath: string): string[] {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.new-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const pid = Number(n.slice(prefix.length));
    if (pidAlive(pid) && pid !== process.pid) continue;
    try {
      unlinkSync(join(dir, n));
      removed.push(n);
    } catch {
      // raced with another cleaner
    }
  }
  return removed;
}

/** fsync a file or directory by path. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
