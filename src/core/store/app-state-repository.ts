import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { appState } from './schema.js';

/** Small named facts kept between runs (for example when the directory was last synced). */
export class AppStateRepository {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    return this.db.select().from(appState).where(eq(appState.key, key)).get()?.value;
  }

  set(key: string, value: string, now: number): void {
    this.db
      .insert(appState)
      .values({ key, value, updatedAt: now })
      .onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: now } })
      .run();
  }
}
