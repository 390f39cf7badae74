import type { Db } from '../../../core/store/db.js';

/** What every section of the standup repository stands on: the database, and its transactions. */
export class StandupStore {
  constructor(protected readonly db: Db) {}

  /**
   * Runs `work` in one SQLite transaction (a savepoint inside another): everything it stores,
   * here and in the core's repositories, is kept or rolled back together.
   */
  transaction<T>(work: () => T): T {
    return this.db.$client.transaction(work)();
  }
}
