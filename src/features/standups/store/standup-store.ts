import type { Db } from '../../../core/store/db.js';

/** What every section of the standup repository stands on: the database. */
export class StandupStore {
  constructor(protected readonly db: Db) {}
}
