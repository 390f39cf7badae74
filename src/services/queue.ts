import { canReceive, scheduleOf } from '../domain/member.js';
import type { NewQueueItem, QueueItem } from '../domain/queue.js';
import { addWorkingTime, nextWorkingInstant } from '../domain/working-hours.js';
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
