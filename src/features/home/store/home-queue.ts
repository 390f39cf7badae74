import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { OPEN_STATES, type QueueItem } from '../../../core/domain/queue.js';
import type { Db } from '../../../core/store/db.js';
import { toItem } from '../../../core/store/queue-repository.js';
import { queueItems } from '../../../core/store/schema.js';

/** What the Home tab reads of the queue: a person's pages of open, requested and done items. */
export class HomeQueueReads {
  constructor(private readonly db: Db) {}

  /**
   * One page of a person's open items, most overdue first (items with no due time last); with
   * `now`, without questions still held for their askers.
   */
  openPageFor(
    recipientId: string,
    page: { offset: number; limit: number },
    now?: number,
  ): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(
        and(
          eq(queueItems.recipientId, recipientId),
          inArray(queueItems.state, [...OPEN_STATES]),
          now === undefined ? undefined : notHeldQuestion(now),
        ),
      )
      .orderBy(
        sql`${queueItems.dueBy} is null`,
        asc(queueItems.dueBy),
        asc(queueItems.createdAt),
        asc(queueItems.id),
      )
      .limit(page.limit)
      .offset(page.offset)
      .all()
      .map(toItem);
  }

  /**
   * How many open items a person has, and how many of them are past due at `now` (a question
   * still held for its asker is not theirs to see yet).
   */
  countOpenFor(recipientId: string, now: number): { open: number; overdue: number } {
    const row = this.db
      .select({
        open: sql<number>`count(*)`,
        overdue: sql<number>`coalesce(sum(${queueItems.dueBy} <= ${now}), 0)`,
      })
      .from(queueItems)
      .where(
        and(
          eq(queueItems.recipientId, recipientId),
          inArray(queueItems.state, [...OPEN_STATES]),
          notHeldQuestion(now),
        ),
      )
      .get();
    return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
  }

  /** One page of the open items someone else holds for `requesterId`, oldest first. */
  openRequestedPage(requesterId: string, page: { offset: number; limit: number }): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(this.openRequestedBy(requesterId))
      .orderBy(asc(queueItems.createdAt), asc(queueItems.id))
      .limit(page.limit)
      .offset(page.offset)
      .all()
      .map(toItem);
  }

  countOpenRequested(requesterId: string): number {
    return (
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(queueItems)
        .where(this.openRequestedBy(requesterId))
        .get()?.n ?? 0
    );
  }

  private openRequestedBy(requesterId: string) {
    return and(
      eq(queueItems.requesterId, requesterId),
      sql`${queueItems.recipientId} <> ${requesterId}`,
      inArray(queueItems.state, [...OPEN_STATES]),
    );
  }

  /** A person's items finished (done) since `since`, newest first, and how many there were. */
  doneSince(
    recipientId: string,
    since: number,
    limit: number,
  ): { items: QueueItem[]; total: number } {
    const where = and(
      eq(queueItems.recipientId, recipientId),
      eq(queueItems.state, 'done'),
      gte(queueItems.updatedAt, since),
    );
    const items = this.db
      .select()
      .from(queueItems)
      .where(where)
      .orderBy(desc(queueItems.updatedAt), desc(queueItems.id))
      .limit(limit)
      .all()
      .map(toItem);
    const total =
      this.db.select({ n: sql<number>`count(*)` }).from(queueItems).where(where).get()?.n ?? 0;
    return { items, total };
  }
}

/** A question /ask still holds while its asker reads the docs: not in its expert's view yet. */
function notHeldQuestion(now: number) {
  return or(
    ne(queueItems.kind, 'question'),
    isNull(queueItems.notBefore),
    lte(queueItems.notBefore, now),
  );
}
