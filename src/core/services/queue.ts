import {
  type Away,
  awayOf,
  canReceive,
  firstDeliveryInstant,
  scheduleOf,
} from '../domain/member.js';
import type { NewQueueItem, QueueItem } from '../domain/queue.js';
import { addWorkingTime, type SnoozeChoice, snoozeUntil } from '../domain/working-hours.js';
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
 * from `notBefore` on, that falls in the recipient's working hours, and not while they are
 * away (`away` tells the feature, so it can say so to whoever asked).
 */
export function enqueueForRecipient(
  ctx: Pick<ServiceContext, 'queue' | 'members' | 'clock' | 'settings'>,
  request: EnqueueRequest,
): { item: QueueItem; created: boolean; away: Away | undefined } {
  const recipient = ctx.members.get(request.recipientId);
  if (!recipient || !canReceive(recipient)) {
    throw new UserFacingError(
      (naming) =>
        `I don't know ${naming.person(request.recipientId)} as a person I can message. Is that a current member of this workspace?`,
    );
  }
  const { notBefore, dueInWorkingMs, ...item } = request;
  const { hours } = scheduleOf(recipient, ctx.settings.defaultTimeZone);
  const now = ctx.clock();
  const away = awayOf(recipient, now);
  const from = Math.max(now, notBefore ?? 0, away?.until ?? 0);
  const deliverAfter = firstDeliveryInstant(recipient.deliveryPreference, hours, from);
  const dueBy =
    dueInWorkingMs === undefined ? item.dueBy : addWorkingTime(hours, deliverAfter, dueInWorkingMs);
  const stored = { ...item, deliverAfter, notBefore: notBefore ?? null, dueBy };
  return { ...ctx.queue.enqueue(stored, now), away };
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

/**
 * After a person's hours, time zone or away changed: their queued items move to the first
 * instant their new schedule allows (never before what each item's feature asked for). Items
 * being sent, delivered or snoozed on purpose stay as they are.
 */
export function replanQueueOf(
  ctx: Pick<ServiceContext, 'queue' | 'members' | 'clock' | 'settings'>,
  userId: string,
): number {
  const member = ctx.members.get(userId);
  if (!member) return 0;
  const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
  const now = ctx.clock();
  const away = awayOf(member, now);
  let moved = 0;
  for (const item of ctx.queue.openForRecipient(userId)) {
    if (item.state !== 'queued') continue;
    const from = Math.max(now, item.notBefore ?? 0, away?.until ?? 0);
    const at = firstDeliveryInstant(member.deliveryPreference, hours, from);
    if (at !== item.deliverAfter && ctx.queue.transition(item, 'queued', now, { deliverAfter: at }))
      moved += 1;
  }
  return moved;
}

/**
 * A queued item's not-before moves (null: none): it is delivered at the first working instant
 * of its recipient from then on, and not while they are away. Undefined when it is no longer
 * queued (the worker claimed it, or it was settled).
 */
export function moveNotBefore(
  ctx: Pick<ServiceContext, 'queue' | 'members' | 'clock' | 'settings'>,
  item: QueueItem,
  notBefore: number | null,
): QueueItem | undefined {
  const recipient = ctx.members.get(item.recipientId);
  if (item.state !== 'queued' || !recipient) return undefined;
  const { hours } = scheduleOf(recipient, ctx.settings.defaultTimeZone);
  const now = ctx.clock();
  const from = Math.max(now, notBefore ?? 0, awayOf(recipient, now)?.until ?? 0);
  return ctx.queue.transition(item, 'queued', now, {
    deliverAfter: firstDeliveryInstant(recipient.deliveryPreference, hours, from),
    notBefore,
  });
}

/**
 * An item held until its `notBefore` goes out now instead (in the recipient's working hours,
 * and not while they are away); its due time follows. Undefined when it is no longer queued (the
 * worker claimed it, or it was settled), so a release never races the worker.
 */
export function releaseHold(
  ctx: Pick<ServiceContext, 'queue' | 'members' | 'clock' | 'settings'>,
  item: QueueItem,
  dueInWorkingMs?: number,
): QueueItem | undefined {
  const recipient = ctx.members.get(item.recipientId);
  if (item.state !== 'queued' || !recipient) return undefined;
  const { hours } = scheduleOf(recipient, ctx.settings.defaultTimeZone);
  const now = ctx.clock();
  const from = Math.max(now, awayOf(recipient, now)?.until ?? 0);
  const deliverAfter = firstDeliveryInstant(recipient.deliveryPreference, hours, from);
  return ctx.queue.transition(item, 'queued', now, {
    deliverAfter,
    notBefore: null,
    ...(dueInWorkingMs === undefined
      ? {}
      : { dueBy: addWorkingTime(hours, deliverAfter, dueInWorkingMs) }),
  });
}
