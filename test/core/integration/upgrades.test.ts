import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import {
  BackupNeededError,
  DatabaseTooNewError,
  knownMigrations,
  MIGRATIONS_FOLDER,
  openDatabase,
  openDatabaseForUpgrade,
  PreMigrationBackupError,
  preMigrationBackupPath,
  preMigrationBackups,
  registerSearchFunctions,
  SCHEMA_MIGRATION_KEY,
  SCHEMA_VERSION_KEY,
} from '../../../src/core/store/db.js';
import { MAILROOM_VERSION } from '../../../src/core/version.js';
import { runCli } from '../../support/process-harness.js';
import { tempDatabasePath } from '../../support/store.js';

const known = knownMigrations();
const journal = JSON.parse(
  readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as { entries: { tag: string; when: number }[] };

/** A migrations folder as another build has it: this build's first `count`, then `extra`. */
function migrationsFolder(count: number, extra: { tag: string; sql: string }[] = []): string {
  const folder = mkdtempSync(join(tmpdir(), 'mailroom-migrations-'));
  mkdirSync(join(folder, 'meta'));
  const entries = journal.entries.slice(0, count);
  for (const { tag } of entries) {
    copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(folder, `${tag}.sql`));
  }
  const last = journal.entries.at(-1);
  const more = extra.map(({ tag, sql }, i) => {
    writeFileSync(join(folder, `${tag}.sql`), sql);
    return { ...last, idx: entries.length + i, tag, when: (last?.when ?? 0) + (i + 1) * 1000 };
  });
  writeFileSync(
    join(folder, 'meta', '_journal.json'),
    JSON.stringify({ ...journal, entries: [...entries, ...more] }),
  );
  return folder;
}

/** A database another build migrated with `folder`, holding one member. */
function databaseMigratedWith(folder: string, record?: { migration: string; version: string }) {
  const path = tempDatabasePath();
  const sqlite = new Database(path);
  registerSearchFunctions(sqlite);
  sqlite.pragma('journal_mode = WAL');
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  sqlite
    .prepare("insert into members (id, name, display_name) values ('UKEEP', 'keep', 'Keep')")
    .run();
  if (record) {
    const set = sqlite.prepare('insert into app_state (key, value, updated_at) values (?, ?, 0)');
    set.run(SCHEMA_MIGRATION_KEY, record.migration);
    set.run(SCHEMA_VERSION_KEY, record.version);
  }
  sqlite.close();
  return path;
}

/** A database the previous build left: every migration but this build's newest. */
const previousRelease = () => databaseMigratedWith(migrationsFolder(known.length - 1));

const NEWER = [
  { tag: '0099_from_the_future', sql: 'CREATE TABLE `future_things` (`id` integer);' },
];

function filesOf(path: string): Record<string, string> {
  const read = (p: string) => (existsSync(p) ? readFileSync(p).toString('base64') : '');
  return { db: read(path), wal: read(`${path}-wal`) };
}

function count(path: string, sql: string): number {
  const sqlite = new Database(path, { readonly: true });
  try {
    return (sqlite.prepare(sql).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

describe('the downgrade guard', () => {
  it('refuses a database a newer Mailroom migrated, naming both, and writes nothing', async () => {
    const path = databaseMigratedWith(migrationsFolder(known.length, NEWER), {
      migration: '0099_from_the_future',
      version: '9.0.0',
    });
    const before = filesOf(path);
    for (const open of [
      () => openDatabase(path),
      () => openDatabaseForUpgrade(path, async () => expect.unreachable('no backup')),
    ]) {
      let refused: unknown;
      try {
        await open();
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DatabaseTooNewError);
      const message = (refused as Error).message;
      expect(message).toContain(
        `Mailroom ${MAILROOM_VERSION} cannot open ${path}: Mailroom 9.0.0 migrated it to schema 0099_from_the_future`,
      );
      expect(message).toContain(`knows its schema only up to ${known.at(-1)?.tag}`);
      expect(message).toContain('Nothing was changed.');
    }
    expect(filesOf(path)).toEqual(before);
    expect(preMigrationBackups(path)).toEqual([]);
  });

  it('names what it can when the newer build recorded nothing: how many migrations, and when', () => {
    const path = databaseMigratedWith(migrationsFolder(known.length, NEWER));
    expect(() => openDatabase(path)).toThrow(
      /a schema with 1 migration this build does not know \(the newest from \d{4}-\d\d-\d\dT/,
    );
  });

  it('opens a database this build migrated, and records the schema and the version', () => {
    const path = tempDatabasePath();
    openDatabase(path).$client.close();
    const db = openDatabase(path);
    const value = (key: string) =>
      (
        db.$client.prepare('select value from app_state where key = ?').get(key) as {
          value: string;
        }
      ).value;
    expect(value(SCHEMA_MIGRATION_KEY)).toBe(known.at(-1)?.tag);
    expect(value(SCHEMA_VERSION_KEY)).toBe(MAILROOM_VERSION);
    db.$client.close();
  });

  it('keeps the command-line tools off a newer database too', async () => {
    const path = databaseMigratedWith(migrationsFolder(known.length, NEWER), {
      migration: '0099_from_the_future',
      version: '9.0.0',
    });
    const before = filesOf(path);
    const out = join(mkdtempSync(join(tmpdir(), 'mailroom-export-')), 'decisions');
    const result = await runCli('export-decisions', [out], { DATABASE_PATH: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Mailroom 9.0.0 migrated it to schema 0099_from_the_future');
    expect(existsSync(out)).toBe(false);
    expect(filesOf(path)).toEqual(before);
  });
});

describe('the backup before migrating', () => {
  it('copies a database with data to <db>.pre-<migration>.db before migrating it', async () => {
    const path = previousRelease();
    const next = known.at(-1)?.tag ?? '';
    const opened = await openDatabaseForUpgrade(path);
    expect(opened.migrated).toEqual([next]);
    expect(opened.backup).toBe(preMigrationBackupPath(path, next));
    expect(basename(opened.backup ?? '')).toBe(`mailroom.db.pre-${next}.db`);
    opened.db.$client.close();
    // The copy is the database as it was: the member, and the schema one migration short.
    const copy = opened.backup ?? '';
    expect(count(copy, "select count(*) as n from members where id = 'UKEEP'")).toBe(1);
    expect(count(copy, 'select count(*) as n from __drizzle_migrations')).toBe(known.length - 1);
    expect(count(path, 'select count(*) as n from __drizzle_migrations')).toBe(known.length);
    expect(count(path, "select count(*) as n from members where id = 'UKEEP'")).toBe(1);
  });

  it('keeps the last three pre-migration backups', async () => {
    const path = previousRelease();
    const older = ['0001_knowledge', '0005_queue_not_before', '0008_standups', '0011_ask_threads'];
    for (const tag of older) writeFileSync(preMigrationBackupPath(path, tag), 'an older copy');
    writeFileSync(`${path}.other.db`, 'not a pre-migration backup');
    const opened = await openDatabaseForUpgrade(path);
    opened.db.$client.close();
    expect(preMigrationBackups(path).map((p) => basename(p))).toEqual([
      'mailroom.db.pre-0008_standups.db',
      'mailroom.db.pre-0011_ask_threads.db',
      `mailroom.db.pre-${known.at(-1)?.tag}.db`,
    ]);
    expect(opened.removedBackups.map((p) => basename(p))).toEqual([
      'mailroom.db.pre-0001_knowledge.db',
      'mailroom.db.pre-0005_queue_not_before.db',
    ]);
    expect(existsSync(`${path}.other.db`)).toBe(true);
  });

  it('refuses to migrate when the backup fails, with a clear message, and changes nothing', async () => {
    const path = previousRelease();
    const before = count(path, 'select count(*) as n from __drizzle_migrations');
    const next = known.at(-1)?.tag ?? '';
    let refused: unknown;
    try {
      await openDatabaseForUpgrade(path, async () => {
        throw new Error('ENOSPC: no space left on device');
      });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(PreMigrationBackupError);
    expect((refused as Error).message).toContain(
      `Mailroom did not migrate ${path}: backing it up to ${path}.pre-${next}.db first failed (ENOSPC: no space left on device).`,
    );
    expect(count(path, 'select count(*) as n from __drizzle_migrations')).toBe(before);
    expect(preMigrationBackups(path)).toEqual([]);
    // Opened without the backup, it is not migrated either.
    expect(() => openDatabase(path)).toThrow(BackupNeededError);
    expect(count(path, 'select count(*) as n from __drizzle_migrations')).toBe(before);
  });

  it('fails the real backup when its file cannot be written, and migrates nothing', async () => {
    const path = previousRelease();
    const next = known.at(-1)?.tag ?? '';
    // Something already stands where the copy is written.
    mkdirSync(join(`${preMigrationBackupPath(path, next)}.new`, 'in-the-way'), { recursive: true });
    await expect(openDatabaseForUpgrade(path)).rejects.toThrow(PreMigrationBackupError);
    expect(count(path, 'select count(*) as n from __drizzle_migrations')).toBe(known.length - 1);
  });

  it('needs no backup for a new database or one in memory', async () => {
    const path = tempDatabasePath();
    const fresh = await openDatabaseForUpgrade(path, async () => expect.unreachable('no backup'));
    expect(fresh.migrated).toHaveLength(known.length);
    expect(fresh.backup).toBeUndefined();
    fresh.db.$client.close();
    expect(preMigrationBackups(path)).toEqual([]);
    const memory = await openDatabaseForUpgrade(':memory:', async () =>
      expect.unreachable('no backup'),
    );
    expect(memory.backup).toBeUndefined();
    memory.db.$client.close();
  });

  it('needs no backup when nothing is pending', async () => {
    const path = tempDatabasePath();
    openDatabase(path).$client.close();
    const again = await openDatabaseForUpgrade(path, async () => expect.unreachable('no backup'));
    expect(again.migrated).toEqual([]);
    again.db.$client.close();
  });
});
