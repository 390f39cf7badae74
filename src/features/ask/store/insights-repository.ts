import { and, gte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import { queueItems } from '../../../core/store/schema.js';

/** What the team insights read of the queue. */
export class InsightsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Delivery facts about the items created since `since`, for team insights: how many were held
   * for their recipient's working hours and for how long in all, reminders and escalations.
   */
  deliveryStatsSince(since: number): {
    held: number;
    heldMs: number;
    reminded: number;
    escalated: number;
  } {
    const gap = sql`${queueItems.deliveredAt} - ${queueItems.createdAt}`;
    const row = this.db
      .select({
        held: sql<number>`coalesce(sum(${gap} > 60000), 0)`,
        heldMs: sql<number>`coalesce(sum(case when ${gap} > 60000 then ${gap} else 0 end), 0)`,
        reminded: sql<number>`coalesce(sum(${queueItems.kind} = 'question' and ${queueItems.escalationLevel} >= 1), 0)`,
        escalated: sql<number>`coalesce(sum(${queueItems.kind} = 'question' and ${queueItems.state} = 'expired'), 0)`,
      })
      .from(queueItems)
      // Posts into conversations wait for no one's hours.
      .where(and(gte(queueItems.createdAt, since), ne(queueItems.kind, 'post')))
      .get();
    return {
      held: row?.held ?? 0,
      heldMs: row?.heldMs ?? 0,
      reminded: row?.reminded ?? 0,
      escalated: row?.escalated ?? 0,
    };
  }
}
