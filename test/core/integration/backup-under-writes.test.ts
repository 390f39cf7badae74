import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackupProgress, backupDatabase } from '../../../src/core/store/backup.js';
import { type Db, openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';
import { runCli } from '../../support/process-harness.js';

/** Past this many writes the writer stops: a backup that starts over at each write never ends. */
const WRITES_AT_MOST = 20_000;

let open: Db | undefined;
afterEach(() => {
  open?.$client.close();
  open = undefined;
});

/** Mailroom's database with `documents` documents of about 3 KB each (several hundred pages). */
function mailroomDatabase(documents: number): {
  path: string;
  db: Db;
  knowledge: KnowledgeRepository;
} {
  const path = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-writes-')), 'mailroom.db');
  const db = openDatabase(path);
  open = db;
  const knowledge = new KnowledgeRepository(db);
  db.$client.transaction(() => {
    for (let n = 0; n < documents; n += 1) {
      const body = Array.from({ length: 60 }, (_, i) => `runbook ${n} step ${i} restart`).join(' ');
      knowledge.upsert({ title: `Runbook ${n}`, body, source: 'written' }, n);
    }
  })();
  return { path, db, knowledge };
}

const titles = (db: Database.Database): { id: number; title: string }[] =>
  db.prepare('SELECT id, title FROM documents ORDER BY id').all() as {
    id: number;
    title: string;
  }[];

describe('a backup while Mailroom writes', () => {
  it('finishes while another connection writes between every step of it, and holds exactly what was committed before it began', async () => {
    const { path, db, knowledge } = mailroomDatabase(600);
    const before = titles(db.$client);
    const target = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-copy-')), 'copy.db');

    // Mailroom's connection writes a document at every turn of the event loop, so between any
    // two steps of the backup (each runs on its own turn) there is a write.
    let writes = 0;
    let backupDone = false;
    const writer = new Promise<void>((resolve) => {
      const write = (): void => {
        if (backupDone || writes >= WRITES_AT_MOST) {
          resolve();
          return;
        }
        knowledge.upsert(
          { title: `Written during ${writes}`, body: 'meanwhile', source: 'written' },
          0,
        );
        writes += 1;
        setImmediate(write);
      };
      setImmediate(write);
    });
    const writesAtStep: number[] = [];
    const progress: BackupProgress[] = [];
    const backup = backupDatabase(path, target, {
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'copying' && p.copiedPages < p.totalPages) writesAtStep.push(writes);
      },
    }).finally(() => {
      backupDone = true;
    });
    const result = await backup;
    const writesWhenDone = writes;
    await writer;

    expect(writesWhenDone, 'the backup finished while the writes went on').toBeLessThan(
      WRITES_AT_MOST,
    );
    expect(result.restarts).toBe(0);
    const steps = writesAtStep.length;
    expect(steps, 'the copy took several steps').toBeGreaterThan(3);
    for (let i = 1; i < steps; i += 1) {
      expect(writesAtStep[i], `a write between step ${i} and the next`).toBeGreaterThan(
        writesAtStep[i - 1] as number,
      );
    }
    expect(knowledge.count()).toBe(before.length + writes);

    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      // The database as it was when the backup began: all of it, and none of the later writes.
      expect(titles(copy)).toEqual(before);
    } finally {
      copy.close();
    }
    expect(existsSync(`${target}.partial`)).toBe(false);
    expect(result.pages).toBe(progress.at(-1)?.totalPages);
  }, 120_000);

  it('tells its progress: the copy from the first page to the last, then the check', async () => {
    const { path } = mailroomDatabase(300);
    const target = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-copy-')), 'copy.db');
    const progress: BackupProgress[] = [];
    const result = await backupDatabase(path, target, { onProgress: (p) => progress.push(p) });

    const total = result.pages;
    expect(progress[0]).toMatchObject({ phase: 'copying', copiedPages: 0, totalPages: total });
    expect(progress.at(-2)).toMatchObject({ phase: 'copying', copiedPages: total });
    expect(progress.at(-1)).toMatchObject({ phase: 'checking', copiedPages: total });
    const copied = progress.filter((p) => p.phase === 'copying').map((p) => p.copiedPages);
    expect(copied).toEqual([...copied].sort((a, b) => a - b));
    expect(progress.every((p) => p.pageSize === 4096 && p.totalPages === total)).toBe(true);
  });

  it('ignores what an interrupted backup left beside the file', async () => {
    const { path, db } = mailroomDatabase(50);
    const target = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-copy-')), 'copy.db');
    writeFileSync(`${target}.partial`, 'half a copy');
    writeFileSync(`${target}.partial-wal`, 'a journal from another time');
    await backupDatabase(path, target);
    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(titles(copy)).toEqual(titles(db.$client));
    } finally {
      copy.close();
    }
    expect(existsSync(`${target}.partial-wal`)).toBe(false);
  });
});

describe('npm run backup prints its progress', () => {
  it('as the copy starts and completes and as the check starts, then where the copy is', async () => {
    const { path } = mailroomDatabase(300);
    const target = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-copy-')), 'copy.db');
    const result = await runCli('backup', [target], { DATABASE_PATH: path });
    expect(result, result.stderr).toMatchObject({ code: 0 });
    const lines = result.stdout.trimEnd().split('\n');
    const first = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const started = first(/^Copying: 0 % \(0\.0 of \d+\.\d MiB\)… \d+\.\d s$/);
    const copied = first(/^Copying: 100 % \((\d+\.\d) of \1 MiB\)… \d+\.\d s$/);
    const checking = first(/^Checking the copy \(\d+\.\d MiB\)… \d+\.\d s$/);
    expect(started, result.stdout).toBe(0);
    expect(copied).toBeGreaterThan(started);
    expect(checking).toBeGreaterThan(copied);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^Backed up ${path} to ${target} \\(\\d+\\.\\d MiB\\)\\.$`),
    );
    expect(result.stderr).toBe('');
  }, 30_000);
});
