/**
 * What `npm run backup` prints while it works: a line as the copy starts, as it completes and
 * as the check of the copy starts, and one every second in between, so an operator watching a
 * large backup under load always sees where it is.
 */
import type { BackupProgress } from '../core/store/backup.js';

/** How often a running backup prints a line, at the least. */
export const PROGRESS_EVERY_MS = 1_000;

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** One line about a backup, `elapsedMs` after it began (`progress`: the latest it reported). */
export function describeBackupProgress(
  progress: BackupProgress | undefined,
  elapsedMs: number,
): string {
  const elapsed = `${(elapsedMs / 1000).toFixed(1)} s`;
  if (progress === undefined) return `Starting the backup… ${elapsed}`;
  const total = mib(progress.totalPages * progress.pageSize);
  if (progress.phase === 'checking') {
    return `Checking the copy (${total} MiB)… ${elapsed}`;
  }
  const percent =
    progress.totalPages === 0
      ? 100
      : Math.floor((progress.copiedPages / progress.totalPages) * 100);
  const copied = mib(progress.copiedPages * progress.pageSize);
  return `Copying: ${percent} % (${copied} of ${total} MiB)… ${elapsed}`;
}

export interface ProgressPrinter {
  /** Pass as backupDatabase's onProgress. */
  onProgress: (progress: BackupProgress) => void;
  /** Stops the lines every second. */
  stop: () => void;
}

/** Prints a backup's progress through `write`, one line at a time, until stopped. */
export function printBackupProgress(
  write: (line: string) => void,
  everyMs: number = PROGRESS_EVERY_MS,
): ProgressPrinter {
  const started = Date.now();
  let latest: BackupProgress | undefined;
  const print = (): void => write(`${describeBackupProgress(latest, Date.now() - started)}\n`);
  const timer = setInterval(print, everyMs);
  return {
    onProgress: (progress) => {
      const news =
        latest?.phase !== progress.phase ||
        (progress.phase === 'copying' &&
          progress.copiedPages === progress.totalPages &&
          latest.copiedPages !== progress.copiedPages);
      latest = progress;
      if (news) print();
    },
    stop: () => clearInterval(timer),
  };
}
