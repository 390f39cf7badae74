import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { sectionRows } from '../domain/search/sections.js';
import { indexForms, vocabularyWords } from '../domain/search/text.js';
import { MAILROOM_VERSION } from '../version.js';
import { backupDatabase } from './backup.js';

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
  sqlite.function('mailroom_sections', options, (body: unknown) =>
    JSON.stringify(typeof body === 'string' ? sectionRows(body) : []),
  );
}

/** A migration as this build's migrations/meta/_journal.json names it. */
export interface KnownMigration {
  tag: string;
  /** Its `when`: what drizzle records as the applied migration's created_at. */
  when: number;
}

/** This build's migrations, oldest first. */
export function knownMigrations(folder = MIGRATIONS_FOLDER): KnownMigration[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.map(({ tag, when }) => ({ tag, when })).sort((a, b) => a.when - b.when);
}

/** Where a database stands against this build's migrations, read without writing anything. */
export interface SchemaState {
  /** It has no tables at all: a new file. */
  empty: boolean;
  /** How many migrations it has applied that this build does not know (a newer build's). */
  unknown: number;
  /** When the newest of those was written, as recorded in the database. */
  unknownNewestAt: number | undefined;
  /** This build's migrations it has not applied yet, oldest first. */
  pending: KnownMigration[];
  /** What the build that last migrated it recorded: its newest migration and its version. */
  recorded: { migration?: string; version?: string };
}

/** The app_state keys where each migrating build records the schema it left and its version. */
export const SCHEMA_MIGRATION_KEY = 'schema.migration';
export const SCHEMA_VERSION_KEY = 'schema.mailroom_version';

function hasTable(sqlite: Database.Database, name: string): boolean {
  return (
    sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !==
    undefined
  );
}

export function schemaStateOf(
  sqlite: Database.Database,
  known: readonly KnownMigration[] = knownMigrations(),
): SchemaState {
  const empty =
    sqlite.prepare("select 1 from sqlite_master where name not like 'sqlite_%' limit 1").get() ===
    undefined;
  const applied = hasTable(sqlite, '__drizzle_migrations')
    ? (
        sqlite.prepare('select created_at as at from __drizzle_migrations').all() as {
          at: number | string | null;
        }[]
      ).map((row) => Number(row.at ?? 0))
    : [];
  const knownWhen = new Set(known.map((m) => m.when));
  const unknownAt = applied.filter((at) => !knownWhen.has(at));
  const newestApplied = Math.max(0, ...applied);
  const recorded: SchemaState['recorded'] = {};
  if (hasTable(sqlite, 'app_state')) {
    const read = sqlite.prepare('select value from app_state where key = ?');
    const value = (key: string) => (read.get(key) as { value: string } | undefined)?.value;
    recorded.migration = value(SCHEMA_MIGRATION_KEY);
    recorded.version = value(SCHEMA_VERSION_KEY);
  }
  return {
    empty,
    unknown: unknownAt.length,
    unknownNewestAt: unknownAt.length > 0 ? Math.max(...unknownAt) : undefined,
    // As drizzle's migrator decides: what is newer than the newest migration applied.
    pending: known.filter((m) => m.when > newestApplied),
    recorded,
  };
}

/** A database a newer Mailroom migrated: this build would misread it, so it does not open it. */
export class DatabaseTooNewError extends Error {
  constructor(path: string, state: SchemaState, known: readonly KnownMigration[]) {
    const newest = known.at(-1)?.tag ?? 'none';
    const by = state.recorded.version ? `Mailroom ${state.recorded.version}` : 'a newer Mailroom';
    const schema = state.recorded.migration
      ? `schema ${state.recorded.migration}`
      : `a schema with ${state.unknown} migration${state.unknown === 1 ? '' : 's'} this build does not know (the newest from ${new Date(state.unknownNewestAt ?? 0).toISOString()})`;
    super(
      [
        `Mailroom ${MAILROOM_VERSION} cannot open ${path}: ${by} migrated it to ${schema}, and this build knows its schema only up to ${newest}.`,
        'Nothing was changed. Run that newer Mailroom again, or, to go back to this one, restore the backup taken before the upgrade (docs/upgrades-and-data.md).',
      ].join('\n'),
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** The database would be migrated, and only openDatabaseForUpgrade backs it up first. */
export class BackupNeededError extends Error {
  constructor(path: string, pending: readonly KnownMigration[]) {
    super(
      `${path} needs migrating (${pending.map((m) => m.tag).join(', ')}), and Mailroom backs a database up before it migrates it: open it with openDatabaseForUpgrade.`,
    );
    this.name = 'BackupNeededError';
  }
}

/** Could not back the database up before migrating it: nothing was migrated. */
export class PreMigrationBackupError extends Error {
  constructor(path: string, destination: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      [
        `Mailroom did not migrate ${path}: backing it up to ${destination} first failed (${why}).`,
        'Nothing was changed. Make room (or fix the permissions) in its folder and start again.',
      ].join('\n'),
    );
    this.name = 'PreMigrationBackupError';
  }
}

function isInMemory(path: string): boolean {
  return path === ':memory:' || path === '';
}

/** A connection with Mailroom's SQL functions, refused (before any write) if a newer build migrated it. */
function connect(
  path: string,
  known: readonly KnownMigration[],
): {
  sqlite: Database.Database;
  state: SchemaState;
} {
  if (!isInMemory(path)) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    registerSearchFunctions(sqlite);
    sqlite.pragma('busy_timeout = 5000');
    const state = schemaStateOf(sqlite, known);
    if (state.unknown > 0) throw new DatabaseTooNewError(path, state, known);
    return { sqlite, state };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** Sets the connection's modes, applies the pending migrations and records who did. */
function migrateConnection(sqlite: Database.Database, state: SchemaState): Db {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const newest = knownMigrations().at(-1);
  if (newest && (state.pending.length > 0 || state.recorded.version !== MAILROOM_VERSION)) {
    const record = sqlite.prepare(
      'insert into app_state (key, value, updated_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at',
    );
    sqlite.transaction(() => {
      record.run(SCHEMA_MIGRATION_KEY, newest.tag, Date.now());
      record.run(SCHEMA_VERSION_KEY, MAILROOM_VERSION, Date.now());
    })();
  }
  return db;
}

/**
 * Opens the database (creating its folder), applies pending migrations and returns it. It
 * refuses a database a newer build migrated (DatabaseTooNewError), and one that needs
 * migrating but holds data (BackupNeededError): openDatabaseForUpgrade backs that one up first.
 */
export function openDatabase(path: string): Db {
  const known = knownMigrations();
  const { sqlite, state } = connect(path, known);
  try {
    if (state.pending.length > 0 && !state.empty && !isInMemory(path)) {
      throw new BackupNeededError(path, state.pending);
    }
    return migrateConnection(sqlite, state);
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** How many pre-migration backups are kept beside the database. */
export const PRE_MIGRATION_BACKUPS_KEPT = 3;

/** `<db>.pre-<migration tag>.db`: the database as it was before that migration. */
export function preMigrationBackupPath(path: string, tag: string): string {
  return `${path}.pre-${tag}.db`;
}

/** The pre-migration backups beside the database, oldest first (by their migration's tag). */
export function preMigrationBackups(path: string): string[] {
  const folder = dirname(path);
  const prefix = `${basename(path)}.pre-`;
  return readdirSync(folder)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.db'))
    .sort()
    .map((name) => join(folder, name));
}

export interface UpgradedDatabase {
  db: Db;
  /** The migrations applied now, oldest first. */
  migrated: string[];
  /** The copy taken before migrating, if one was needed. */
  backup?: string;
  /** Older pre-migration backups deleted to keep the last three. */
  removedBackups: string[];
}

/**
 * Opens the database as openDatabase does; before applying migrations to one that holds data,
 * backs it up to `<db>.pre-<first pending migration>.db` (keeping the last three) and refuses
 * to migrate if that fails. A database in memory or a new, empty file needs no backup.
 */
export async function openDatabaseForUpgrade(
  path: string,
  backup: (source: string, destination: string) => Promise<unknown> = backupDatabase,
): Promise<UpgradedDatabase> {
  const known = knownMigrations();
  const { sqlite, state } = connect(path, known);
  try {
    let taken: string | undefined;
    const removedBackups: string[] = [];
    const first = state.pending[0];
    if (first && !state.empty && !isInMemory(path)) {
      taken = preMigrationBackupPath(path, first.tag);
      // Written beside, then renamed over an earlier attempt's copy: a good copy is never lost.
      const fresh = `${taken}.new`;
      try {
        rmSync(fresh, { force: true });
        await backup(path, fresh);
        renameSync(fresh, taken);
      } catch (error) {
        rmSync(fresh, { force: true, recursive: true });
        throw new PreMigrationBackupError(path, taken, error);
      }
      const all = preMigrationBackups(path);
      for (const old of all.slice(0, Math.max(0, all.length - PRE_MIGRATION_BACKUPS_KEPT))) {
        rmSync(old, { force: true });
        removedBackups.push(old);
      }
    }
    const db = migrateConnection(sqlite, state);
    return {
      db,
      migrated: state.pending.map((m) => m.tag),
      ...(taken ? { backup: taken } : {}),
      removedBackups,
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
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
