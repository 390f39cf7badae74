import { scheduleOf } from '../../../core/domain/member.js';
import { OPEN_STATES, type QueueItem } from '../../../core/domain/queue.js';
import { nextWorkingInstant } from '../../../core/domain/working-hours.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { DecisionsContext } from '../context.js';
import { followUpItemKey } from '../domain/decision.js';
import type { Decision, FollowUp } from '../store/decision-repository.js';
import { authorizeFollowUp } from './authorization.js';
import { settleOwnerLeftItems } from './items.js';

export interface FollowUpDone {
  decision: Decision;
  followUp: FollowUp;
  /** Its queue item, now done. */
  item: QueueItem | undefined;
  /** Items that asked for a new owner of it (its owner had left), settled and delivered. */
  settled: QueueItem[];
}

/** "Done" on a follow-up task: its owner's (or one of the decision's owners'). */
export function completeFollowUp(
  ctx: DecisionsContext,
  userId: string,
  followUpId: number,
): FollowUpDone {
  const { decision, followUp } = authorizeFollowUp(ctx, userId, followUpId, 'complete_follow_up');
  const now = ctx.clock();
  const done = ctx.decisions.closeFollowUp(followUp.id, 'done', userId, now);
  if (!done) throw new UserFacingError('That follow-up is already done.');
  ctx.decisions.addRevision(decision.id, userId, 'follow_up_done', [], done.text, now);
  let item = ctx.queue.findByKey(followUpItemKey(followUp.id));
  if (item && OPEN_STATES.includes(item.state) && item.state !== 'sending') {
    item = ctx.queue.transition(item, 'done', now) ?? item;
  }
  return { decision, followUp: done, item, settled: settleOwnerLeftItems(ctx, decision.id, now) };
}

/**
 * Overdue follow-ups, from the minute tick: each is reminded once, by putting it back in its
 * owner's queue, delivered again in their working hours as a reminder.
 */
export function remindOverdueFollowUps(ctx: DecisionsContext): number {
  const now = ctx.clock();
  let reminded = 0;
  const overdue = ctx.queue.overdue(now, 100, {
    kinds: ['decision_follow_up'],
    escalationBelow: 1,
  });
  for (const item of overdue) {
    const member = ctx.members.get(item.recipientId);
    if (!member) continue;
    const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
    const again = ctx.queue.transition(item, 'queued', now, {
      escalationLevel: 1,
      deliverAfter: nextWorkingInstant(hours, now),
    });
    if (again) reminded += 1;
  }
  return reminded;
}
