import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS_FOLDER,
  openDatabase,
  openDatabaseForUpgrade,
} from '../../../src/core/store/db.js';
import { tempDatabasePath } from '../../support/store.js';

function schemaOf(sqlite: Database.Database): string[] {
  return sqlite
    .prepare(
      "select type || ' ' || name || ': ' || coalesce(sql, '') as s from sqlite_master order by type, name",
    )
    .all()
    .map((row) => (row as { s: string }).s);
}

const journal = JSON.parse(
  readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as {
  entries: { tag: string }[];
};

describe('migrations', () => {
  it('bring an empty database to the latest schema', () => {
    const db = openDatabase(tempDatabasePath());
    const applied = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as {
      n: number;
    };
    expect(applied.n).toBe(journal.entries.length);
    const tables = schemaOf(db.$client).filter((s) => s.startsWith('table '));
    for (const table of [
      'members',
      'queue_items',
      'processed_events',
      'app_state',
      'documents',
      'questions',
    ]) {
      expect(tables.some((t) => t.startsWith(`table ${table}:`))).toBe(true);
    }
  });

  it('are a no-op the second time, including on reopen', () => {
    const path = tempDatabasePath();
    const first = openDatabase(path);
    const before = schemaOf(first.$client);
    migrate(first, { migrationsFolder: MIGRATIONS_FOLDER });
    first.$client.close();

    const sqlite = new Database(path);
    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
    expect(schemaOf(sqlite)).toEqual(before);
    const applied = sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as {
      n: number;
    };
    expect(applied.n).toBe(journal.entries.length);
  });

  it('open SQLite with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempDatabasePath());
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('creates the database folder when it is missing', () => {
    const path = join(tempDatabasePath(), '..', 'nested', 'deeper', 'mailroom.db');
    const db = openDatabase(path);
    expect(db.$client.open).toBe(true);
  });

  it('keep everyone’s working hours when hours became weekly windows (0004)', async () => {
    // The migrations folder as it was before 0004.
    const before = mkdtempSync(join(tmpdir(), 'mailroom-migrations-'));
    mkdirSync(join(before, 'meta'));
    const entries = journal.entries.slice(0, 4);
    expect(entries.at(-1)?.tag).toBe('0003_reliability');
    for (const { tag } of entries) {
      copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(before, `${tag}.sql`));
    }
    writeFileSync(join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    const path = tempDatabasePath();
    const sqlite = new Database(path);
    migrate(drizzle(sqlite), { migrationsFolder: before });
    sqlite
      .prepare(
        `insert into members (id, name, display_name, work_start_minute, work_end_minute, working_days)
         values ('UNIGHT', 'n', 'N', 600, 1110, '[1,2,3,4]'), ('UDEFAULT', 'd', 'D', 540, 1020, '[1,2,3,4,5]')`,
      )
      .run();
    sqlite.close();

    const { db } = await openDatabaseForUpgrade(path);
    const windows = (id: string) =>
      JSON.parse(
        (
          db.$client.prepare('select working_windows as w from members where id = ?').get(id) as {
            w: string;
          }
        ).w,
      );
    expect(windows('UNIGHT')).toEqual(
      [1, 2, 3, 4].map((day) => ({ day, startMinute: 600, endMinute: 1110 })),
    );
    expect(windows('UDEFAULT')).toHaveLength(5);
    db.$client.close();
  });
});
