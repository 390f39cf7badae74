/**
 * Every module-level variable that Mailroom writes after load, and what a second Mailroom
 * process (several of them against one Postgres database, one day) would have to share of it.
 * The architecture test fails on module state missing from this list and on an entry that
 * is no longer state, so the list stays the whole truth.
 */
export interface ModuleState {
  /** The file, from the repository root. */
  file: string;
  /** The variable, or `Class.field` for a static field. */
  name: string;
  /** What it holds, and what a second process would have to share of it. */
  share: string;
}

export const MODULE_STATE: readonly ModuleState[] = [
  {
    file: 'src/core/domain/hours-text.ts',
    name: 'TOKEN',
    share:
      'A sticky regex whose read position is set before each match: nothing outlives a call, ' +
      'each process keeps its own.',
  },
  {
    file: 'src/core/domain/local-time.ts',
    name: 'formatters',
    share: 'A cache of date formatters per time zone: each process may keep its own.',
  },
  {
    file: 'src/core/domain/local-time.ts',
    name: 'knownOffsets',
    share:
      'A bounded cache of UTC offsets per time zone and instant: each process may keep its own.',
  },
  {
    file: 'src/core/domain/local-time.ts',
    name: 'knownOffsetCount',
    share: 'The size of knownOffsets, to bound it: each process keeps its own with its cache.',
  },
  {
    file: 'src/core/services/glossary.ts',
    name: 'expanders',
    share:
      'A cache of glossary expanders keyed by the rows a repository read (weakly): each ' +
      'process may keep its own; it is only as fresh as the rows it was built from.',
  },
  {
    file: 'src/core/services/search/worker.ts',
    name: 'glossary',
    share:
      "The search thread's glossary, read again when SQLite's data_version shows another " +
      'connection wrote: against Postgres each process needs another signal that the ' +
      'glossary changed (a version row, or a notification).',
  },
  {
    file: 'src/core/services/search/worker.ts',
    name: 'seenVersion',
    share:
      "The SQLite data_version the search thread last saw: SQLite's own; against Postgres it " +
      'becomes a version read from the database.',
  },
  {
    file: 'src/core/store/db.ts',
    name: 'newestMigrationMillis',
    share:
      'The time of the newest migration file, read once from disk: each process may keep its ' +
      'own.',
  },
  {
    file: 'src/core/store/search-vocabulary.ts',
    name: 'SearchVocabulary.byConnection',
    share:
      "One search vocabulary (with its typo index) per SQLite connection, rebuilt when SQLite's " +
      'data_version shows another connection wrote: each process may keep its own, but against ' +
      'Postgres it needs another way to learn that other processes added words.',
  },
  {
    file: 'src/core/store/wordnet-synonyms.ts',
    name: 'loaded',
    share: 'The WordNet index, read once from its package and never written: each process its own.',
  },
  {
    file: 'src/features/ask/store/question-repository.ts',
    name: 'openIndexes',
    share:
      "An index of open questions' words per connection, kept up to date by this process's " +
      "writes only: a second process would miss the other's new questions when it looks for " +
      'duplicates. Must move to the database, or be rebuilt from it before each look-up.',
  },
  {
    file: 'src/features/standups/services/days.ts',
    name: 'running',
    share:
      "Runs one standup day's channel work at a time in this process: two processes could " +
      'both post the daily message. Must move to the database (a lock or a lease per standup ' +
      'and date).',
  },
];
