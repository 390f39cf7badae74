/**
 * The check of a finished backup copy, on a worker thread (see backup.ts): SQLite's
 * integrity_check reads the whole copy, which takes seconds for a large database, and the
 * thread that started the backup keeps reporting progress meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface BackupCheckData {
  /** The copy, complete but not yet renamed into place. */
  path: string;
}

/** 'ok', or the first problem integrity_check found; `failed` when the copy could not be read. */
export type BackupCheckReply = { ok: true; check: string } | { ok: false; failed: string };

function checkCopy(path: string): BackupCheckReply {
  try {
    const copy = new Database(path, { fileMustExist: true });
    try {
      const check = String(copy.pragma('integrity_check', { simple: true }));
      // A standalone file, readable without a -wal beside it.
      if (check === 'ok') copy.pragma('journal_mode = DELETE');
      return { ok: true, check };
    } finally {
      copy.close();
    }
  } catch (error) {
    return { ok: false, failed: error instanceof Error ? error.message : String(error) };
  }
}

if (parentPort) parentPort.postMessage(checkCopy((workerData as BackupCheckData).path));
