import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { indexForms, vocabularyWords } from '../domain/search/text.js';

/**
 * Queries name their tables (core/store/schema.ts, each capability's store/schema.ts), so the
 * handle carries no schema of its own.
 */
export type Db = BetterSQLite3Database & { $client: Database.Database };

/** From src/core/store (tsx) and from dist/core/store (built) alike, migrations/ sits three levels up. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * The SQL functions the knowledge base's triggers and migrations call (what a document is
 * also searched by: see domain/search/text.ts). Every connection that writes documents needs
 * them, so openDatabase registers them before migrations run.
 */
export function registerSearchFunctions(sqlite: Database.Database): void {
  const options = { deterministic: true, varargs: false } as const;
  sqlite.function('mailroom_search_forms', options, (text: unknown) =>
    typeof text === 'string' ? indexForms(text) : '',
  );
  sqlite.function('mailroom_with_search_forms', options, (text: unknown) => {
    if (typeof text !== 'string') return '';
    const forms = indexForms(text);
    return forms === '' ? text : `${text}\n${forms}`;
  });
  sqlite.function('mailroom_search_words', options, (text: unknown) =>
    JSON.stringify(typeof text === 'string' ? [...vocabularyWords(text)] : []),
  );
}

/** Opens the database (creating its folder), applies pending migrations and returns it. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  registerSearchFunctions(sqlite);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/**
 * A second connection to a database another connection opened and migrated, for reading
 * only (searches on a worker thread): WAL lets it read while the app writes.
 */
export function openReadDatabase(path: string): Db {
  const sqlite = new Database(path, { fileMustExist: true });
  registerSearchFunctions(sqlite);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('query_only = ON');
  return drizzle(sqlite);
}

export function isDatabaseReachable(db: Db): boolean {
  try {
    return db.$client.prepare('select 1 as ok').get() !== undefined;
  } catch {
    return false;
  }
}

let newestMigrationMillis: number | undefined;

/** Every migration in migrations/ has been applied to this database (false when it cannot be read). */
export function areMigrationsApplied(db: Db): boolean {
  newestMigrationMillis ??= Math.max(
    0,
    ...readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.folderMillis),
  );
  try {
    const row = db.$client
      .prepare('select max(created_at) as applied from __drizzle_migrations')
      .get() as { applied: number | null } | undefined;
    return Number(row?.applied ?? 0) >= newestMigrationMillis;
  } catch {
    return false;
  }
}

/** SQLite's count of commits by other connections: it changes whenever another one wrote. */
export function dataVersion(db: Db): number {
  return db.$client.pragma('data_version', { simple: true }) as number;
}

/**
 * The file other connections (the search threads) may read while this one writes: none for a
 * database only this connection sees (in memory), and none, with the reason, for one not in WAL
 * mode (its readers would wait for its writers).
 */
export function sharedFileOf(db: Db): { path: string } | { path?: undefined; why?: string } {
  const sqlite = db.$client;
  if (sqlite.memory || sqlite.name === '' || sqlite.name === ':memory:') return {};
  const mode = String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase();
  if (mode !== 'wal') return { why: `the database is not in WAL mode (${mode})` };
  return { path: sqlite.name };
}

export function closeDatabase(db: Db): void {
  db.$client.close();
}
