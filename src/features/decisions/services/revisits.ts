import { startOfLocalDate } from '../../../core/domain/local-time.js';
import { canReceive, scheduleOf } from '../../../core/domain/member.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { DecisionsContext } from '../context.js';
import { revisitItemKey } from '../domain/decision.js';
import { remindOverdueFollowUps } from './follow-ups.js';

/** The most any time zone is ahead of UTC (Kiribati, UTC+14): the first place a date begins. */
const EARLIEST_ZONE_MS = 14 * 60 * 60 * 1000;

/**
 * Decisions whose revisit date came: each owner gets an item to confirm, revise or supersede
 * it, delivered from the start of that date in their own time zone, in their working hours.
 * Each date is asked about once.
 */
export function queueDueRevisits(ctx: DecisionsContext): number {
  const now = ctx.clock();
  const latestDate = new Date(now + EARLIEST_ZONE_MS).toISOString().slice(0, 10);
  let queued = 0;
  for (const decision of ctx.decisions.revisitsDue(latestDate)) {
    const revisitOn = decision.revisitOn;
    if (revisitOn === null) continue;
    const [year = 0, month = 0, day = 0] = revisitOn.split('-').map(Number);
    for (const ownerId of decision.ownerIds) {
      const owner = ctx.members.get(ownerId);
      if (!owner || !canReceive(owner)) continue;
      const zone = scheduleOf(owner, ctx.settings.defaultTimeZone).hours.timeZone;
      const { created } = enqueueForRecipient(ctx, {
        kind: 'decision_revisit',
        recipientId: ownerId,
        channelId: decision.channelId,
        payload: { decisionId: decision.id, revisitOn },
        idempotencyKey: revisitItemKey(decision.id, revisitOn, ownerId),
        notBefore: startOfLocalDate(zone, { year, month, day }),
      });
      if (created) queued += 1;
    }
    ctx.decisions.update(decision.id, { revisitQueuedOn: revisitOn }, now);
  }
  return queued;
}

/** The decisions' share of the minute tick: due revisits, overdue follow-ups. */
export function runDecisionSchedule(ctx: DecisionsContext): {
  revisits: number;
  followUpsReminded: number;
} {
  return { revisits: queueDueRevisits(ctx), followUpsReminded: remindOverdueFollowUps(ctx) };
}
