import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeBackupProgress, printBackupProgress } from '../../../src/cli/backup-progress.js';
import type { BackupProgress } from '../../../src/core/store/backup.js';

const PAGE = 4096;
const copying = (copiedPages: number, totalPages = 1000): BackupProgress => ({
  phase: 'copying',
  copiedPages,
  totalPages,
  pageSize: PAGE,
});
const checking: BackupProgress = { ...copying(1000), phase: 'checking' };

afterEach(() => {
  vi.useRealTimers();
});

describe('the lines npm run backup prints', () => {
  it('say how much is copied, in percent and MiB, then that the copy is being checked', () => {
    expect(describeBackupProgress(undefined, 300)).toBe('Starting the backup… 0.3 s');
    expect(describeBackupProgress(copying(0), 0)).toBe('Copying: 0 % (0.0 of 3.9 MiB)… 0.0 s');
    expect(describeBackupProgress(copying(256), 1_500)).toBe(
      'Copying: 25 % (1.0 of 3.9 MiB)… 1.5 s',
    );
    expect(describeBackupProgress(copying(1000), 2_000)).toBe(
      'Copying: 100 % (3.9 of 3.9 MiB)… 2.0 s',
    );
    expect(describeBackupProgress(checking, 4_240)).toBe('Checking the copy (3.9 MiB)… 4.2 s');
    expect(describeBackupProgress(copying(0, 0), 0)).toBe('Copying: 100 % (0.0 of 0.0 MiB)… 0.0 s');
  });

  it('come as each phase begins, as the copy completes, and every second in between, until stopped', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const lines: { at: number; line: string }[] = [];
    const printer = printBackupProgress((line) => lines.push({ at: Date.now(), line }));
    const started = Date.now();

    printer.onProgress(copying(0));
    printer.onProgress(copying(100));
    expect(lines.map((l) => l.line)).toEqual(['Copying: 0 % (0.0 of 3.9 MiB)… 0.0 s\n']);

    vi.advanceTimersByTime(1_000);
    printer.onProgress(copying(500));
    vi.advanceTimersByTime(1_000);
    printer.onProgress(copying(1000));
    printer.onProgress(checking);
    vi.advanceTimersByTime(3_000);
    printer.stop();
    vi.advanceTimersByTime(5_000);

    expect(lines.map((l) => l.line)).toEqual([
      'Copying: 0 % (0.0 of 3.9 MiB)… 0.0 s\n',
      'Copying: 10 % (0.4 of 3.9 MiB)… 1.0 s\n',
      'Copying: 50 % (2.0 of 3.9 MiB)… 2.0 s\n',
      'Copying: 100 % (3.9 of 3.9 MiB)… 2.0 s\n',
      'Checking the copy (3.9 MiB)… 2.0 s\n',
      'Checking the copy (3.9 MiB)… 3.0 s\n',
      'Checking the copy (3.9 MiB)… 4.0 s\n',
      'Checking the copy (3.9 MiB)… 5.0 s\n',
    ]);
    // Never two seconds without a line, from the start to the stop.
    const times = [started, ...lines.map((l) => l.at), started + 5_000];
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeLessThanOrEqual(2_000);
    }
  });

  it('print every second even before the backup has said anything', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const lines: string[] = [];
    const printer = printBackupProgress((line) => lines.push(line));
    vi.advanceTimersByTime(2_000);
    printer.stop();
    expect(lines).toEqual(['Starting the backup… 1.0 s\n', 'Starting the backup… 2.0 s\n']);
  });
});
