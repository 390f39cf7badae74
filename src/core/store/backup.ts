import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface BackupResult {
  destination: string;
  bytes: number;
  pages: number;
}

/**
 * A consistent copy of the database at `source`, taken with SQLite's online backup while
 * Mailroom keeps running and writing: the copy is one point in time, never half of a write.
 * It is written beside `destination` first and renamed into place only once it is complete
 * and passes an integrity check, so an interrupted backup never looks like a good one.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  if (!existsSync(source)) {
    throw new Error(`no database at ${source}: set DATABASE_PATH to the file Mailroom uses`);
  }
  if (existsSync(destination)) {
    throw new Error(`${destination} already exists; choose a new file name`);
  }
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const database = new Database(source, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    const { totalPages } = await database.backup(partial);
    const copy = new Database(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${check}`);
      // A standalone file, readable without a -wal beside it.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, destination);
    return { destination, bytes: statSync(destination).size, pages: totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    database.close();
  }
}
