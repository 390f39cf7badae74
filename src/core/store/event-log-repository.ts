import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from './db.js';
import { processedEvents } from './schema.js';

/** Remembers Slack event ids so that a retried or duplicated event is handled once. */
export class EventLogRepository {
  constructor(private readonly db: Db) {}

  /** True if this call claimed the event; false if it was seen before (handled or in progress). */
  begin(eventId: string, eventType: string, now: number): boolean {
    const row = this.db
      .insert(processedEvents)
      .values({ eventId, eventType, status: 'processing', receivedAt: now })
      .onConflictDoNothing()
      .returning({ eventId: processedEvents.eventId })
      .get();
    return row !== undefined;
  }

  finish(eventId: string): void {
    this.db
      .update(processedEvents)
      .set({ status: 'done' })
      .where(eq(processedEvents.eventId, eventId))
      .run();
  }

  /** Forgets a failed attempt so that Slack's retry can run it again. */
  abandon(eventId: string): void {
    this.db
      .delete(processedEvents)
      .where(and(eq(processedEvents.eventId, eventId), eq(processedEvents.status, 'processing')))
      .run();
  }

  /**
   * At start: events a stopped process was still handling are forgotten, so that Slack's retry
   * of them is handled (their effects are idempotent) rather than taken for a repeat.
   */
  forgetUnfinished(): number {
    return this.db.delete(processedEvents).where(eq(processedEvents.status, 'processing')).run()
      .changes;
  }

  /** Forgets up to `limit` events received before `olderThan` (Slack stops retrying within the hour). */
  prune(olderThan: number, limit = Number.MAX_SAFE_INTEGER): number {
    const old = this.db
      .select({ eventId: processedEvents.eventId })
      .from(processedEvents)
      .where(lt(processedEvents.receivedAt, olderThan))
      .limit(limit);
    return this.db.delete(processedEvents).where(inArray(processedEvents.eventId, old)).run()
      .changes;
  }
}
