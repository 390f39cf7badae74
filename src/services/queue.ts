import { canReceive, scheduleOf } from '../domain/member.js';
import type { NewQueueItem, QueueItem } from '../domain/queue.js';
import {
  addWorkingTime,
  nextWorkingInstant,
  type SnoozeChoice,
  snoozeUntil,
} from '../domain/working-hours.js';
import { authorizeOwnItem } from './authorization.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';

export type EnqueueRequest = Omit<NewQueueItem, 'deliverAfter'> & {
  /** Not before this instant (defaults to now); delivery then waits for the recipient's working hours. */
  notBefore?: number;
  /** Due after this much of the recipient's working time has passed since delivery. */
  dueInWorkingMs?: number;
};

/**
 * The one way features put work in someone's queue: it is delivered at the first instant,
 * from `notBefore` on, that falls in the recipient's working hours.
 */
export function enqueueForRecipient(
  ctx: Pick<ServiceContext, 'queue' | 'members' | 'clock' | 'settings'>,
  request: EnqueueRequest,
): { item: QueueItem; created: boolean } {
  const recipient = ctx.members.get(request.recipientId);
  if (!recipient || !canReceive(recipient)) {
    throw new UserFacingError(
      `I don't know <@${request.recipientId}> as a person I can message. Is that a current member of this workspace?`,
    );
  }
  const { notBefore, dueInWorkingMs, ...item } = request;
  const { hours } = scheduleOf(recipient, ctx.settings.defaultTimeZone);
  const deliverAfter = nextWorkingInstant(hours, Math.max(ctx.clock(), notBefore ?? 0));
  const dueBy =
    dueInWorkingMs === undefined ? item.dueBy : addWorkingTime(hours, deliverAfter, dueInWorkingMs);
  return ctx.queue.enqueue({ ...item, deliverAfter, dueBy }, ctx.clock());
}

/**
 * "Snooze until…" on any item in one's own queue: it comes back at a working instant (see
 * `snoozeUntil`). A question's due time moves with it, so the snooze does not escalate it;
 * other kinds keep theirs (a follow-up's due date is a date someone set).
 */
export function snoozeItem(
  ctx: Pick<ServiceContext, 'queue' | 'members' | 'channels' | 'clock' | 'settings'>,
  input: { itemId: number; userId: string; choice: SnoozeChoice },
): QueueItem {
  const item = authorizeOwnItem(ctx, input.userId, input.itemId, 'snooze');
  const member = ctx.members.get(input.userId);
  if (!member) throw new UserFacingError('Mailroom hasn’t met you yet.');
  const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
  const now = ctx.clock();
  const until = snoozeUntil(hours, now, input.choice);
  const snoozed = ctx.queue.transition(item, 'snoozed', now, {
    deliverAfter: until,
    ...(item.dueBy === null || item.kind !== 'question'
      ? {}
      : { dueBy: addWorkingTime(hours, until, ctx.settings.questionDueMs) }),
  });
  if (!snoozed) throw new UserFacingError('That moved on in the meantime.');
  return snoozed;
}

/** "Done" on an item that needs no more than being read. */
export function completeItem(
  ctx: Pick<ServiceContext, 'queue' | 'members' | 'channels' | 'clock'>,
  input: { itemId: number; userId: string },
): QueueItem {
  const item = authorizeOwnItem(ctx, input.userId, input.itemId, 'done');
  const done = ctx.queue.transition(item, 'done', ctx.clock());
  if (!done) throw new UserFacingError('That moved on in the meantime.');
  return done;
}
