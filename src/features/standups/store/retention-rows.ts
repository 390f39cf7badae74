import { and, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { BlockerRows } from './blocker-rows.js';
import { standupBlockers, standupEntries } from './schema.js';

/**
 * No post due. Written so that SQLite finds the rows through the index of closed days, not
 * through the one of posts due (where nearly every entry has none): the unary plus keeps the
 * column off its index.
 */
const waitsForNoPost = isNull(sql`+${standupEntries.postDueAt}`);

/**
 * What retention deletes: answers of days closed long enough ago, the entries themselves once
 * the four weeks of participation no longer count them, and blockers settled long ago. Each
 * call changes at most `limit` rows, found through the index of closed days.
 */
export class RetentionRows extends BlockerRows {
  /**
   * Erases what members wrote (answers, blocker) in entries whose day closed before `before`
   * and that wait for no post; the entry stays, with its status, for participation.
   */
  eraseAnswersClosedBefore(before: number, limit: number): number {
    const written = this.db
      .select({ id: standupEntries.id })
      .from(standupEntries)
      .where(
        and(
          lt(standupEntries.closedAt, before),
          waitsForNoPost,
          or(isNotNull(standupEntries.answers), isNotNull(standupEntries.blockerText)),
        ),
      )
      .limit(limit);
    return this.db
      .update(standupEntries)
      .set({ answers: null, blockerText: null })
      .where(inArray(standupEntries.id, written))
      .run().changes;
  }

  /** Deletes entries whose day closed before `before` and that wait for no post. */
  deleteEntriesClosedBefore(before: number, limit: number): number {
    const old = this.db
      .select({ id: standupEntries.id })
      .from(standupEntries)
      .where(and(lt(standupEntries.closedAt, before), waitsForNoPost))
      .limit(limit);
    return this.db.delete(standupEntries).where(inArray(standupEntries.id, old)).run().changes;
  }

  /** Deletes blockers resolved or withdrawn before `before`; open ones stay, whatever their age. */
  deleteSettledBlockersBefore(before: number, limit: number): number {
    const settled = this.db
      .select({ id: standupBlockers.id })
      .from(standupBlockers)
      .where(
        and(
          inArray(standupBlockers.state, ['resolved', 'withdrawn']),
          lt(standupBlockers.updatedAt, before),
        ),
      )
      .limit(limit);
    return this.db.delete(standupBlockers).where(inArray(standupBlockers.id, settled)).run()
      .changes;
  }
}
