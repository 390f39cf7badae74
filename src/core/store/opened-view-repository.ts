import { and, eq, lt } from 'drizzle-orm';
import type { Db } from './db.js';
import { openedViews } from './schema.js';

/** The modals Mailroom opened and whom for (see schema.ts's openedViews). */
export class OpenedViewRepository {
  constructor(private readonly db: Db) {}

  /** Records a modal opened for `userId`; those opened before `forgetBefore` are forgotten. */
  remember(viewId: string, userId: string, now: number, forgetBefore: number): void {
    this.db.transaction((tx) => {
      tx.delete(openedViews).where(lt(openedViews.openedAt, forgetBefore)).run();
      tx.insert(openedViews)
        .values({ viewId, userId, openedAt: now })
        .onConflictDoUpdate({ target: openedViews.viewId, set: { userId, openedAt: now } })
        .run();
    });
  }

  /** Whether Mailroom opened this modal for this person. */
  isOpenedFor(viewId: string, userId: string): boolean {
    return (
      this.db
        .select({ viewId: openedViews.viewId })
        .from(openedViews)
        .where(and(eq(openedViews.viewId, viewId), eq(openedViews.userId, userId)))
        .get() !== undefined
    );
  }
}
