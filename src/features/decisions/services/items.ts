import { wallTimeToInstant } from '../../../core/domain/local-time.js';
import { canReceive, scheduleOf } from '../../../core/domain/member.js';
import {
  canTransition,
  OPEN_STATES,
  parsePayload,
  type QueueItem,
} from '../../../core/domain/queue.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { DecisionsContext } from '../context.js';
import {
  type DecisionOutcome,
  decisionInputPrefix,
  followUpItemKey,
  outcomeItemKey,
  ownerInputPrefix,
  ownerLeftPrefix,
  revisitPrefix,
} from '../domain/decision.js';
import type { Decision, FollowUp } from '../store/decision-repository.js';

/**
 * The queue items of decisions: input gathered for the owners, follow-up tasks, revisits. Each
 * reaches its recipient through the queue, in their working hours.
 */

type ItemsContext = Pick<DecisionsContext, 'queue' | 'members' | 'clock' | 'settings'>;

/**
 * Input gathers this long before it goes out, so that a burst of clicks makes one message; it
 * is then delivered at the owner's next working instant.
 */
export const INPUT_GATHER_MS = 30 * 60_000;

function reachable(ctx: Pick<DecisionsContext, 'members'>, userId: string): boolean {
  const member = ctx.members.get(userId);
  return member !== undefined && canReceive(member);
}

/**
 * Adds one piece of input to each owner's open input item for the decision (the one that
 * gathers everything since they last looked), or opens one. The person who gave it is not told
 * of their own input. Returns the items already delivered, whose message should show the rest.
 */
export function gatherInput(
  ctx: ItemsContext,
  decision: Decision,
  input: { id: number; userId: string },
): QueueItem[] {
  const now = ctx.clock();
  const delivered: QueueItem[] = [];
  for (const ownerId of decision.ownerIds) {
    if (ownerId === input.userId || !reachable(ctx, ownerId)) continue;
    const prefix = ownerInputPrefix(decision.id, ownerId);
    const added = addToOpenItem(ctx, prefix, input.id, now);
    if (added) {
      if (added.state === 'delivered') delivered.push(added);
      continue;
    }
    enqueueForRecipient(ctx, {
      kind: 'decision_input',
      recipientId: ownerId,
      channelId: decision.channelId,
      payload: { decisionId: decision.id, inputIds: [input.id], proposal: false },
      idempotencyKey: `${prefix}${input.id}`,
      notBefore: now + INPUT_GATHER_MS,
    });
  }
  return delivered;
}

/** The owner's open item with one more input in it; undefined when they have none open. */
function addToOpenItem(
  ctx: ItemsContext,
  prefix: string,
  inputId: number,
  now: number,
): QueueItem | undefined {
  // The worker may claim the item between the read and the write: read it again then.
  for (let tries = 0; tries < 3; tries++) {
    const open = ctx.queue.openWithKeyPrefix(prefix)[0];
    if (!open) return undefined;
    const payload = parsePayload('decision_input', open.payload);
    if (payload.inputIds.includes(inputId)) return open;
    const updated = ctx.queue.transition(open, open.state, now, {
      payload: { ...payload, inputIds: [...payload.inputIds, inputId] },
    });
    if (updated) return updated;
  }
  return undefined;
}

/**
 * Tells each person the decision informs of its outcome: one DM each, in their working hours,
 * once per outcome.
 */
export function tellInformed(
  ctx: ItemsContext,
  decision: Decision,
  outcome: DecisionOutcome,
  byUserId: string,
): void {
  for (const memberId of decision.informedIds) {
    if (!reachable(ctx, memberId)) continue;
    enqueueForRecipient(ctx, {
      kind: 'decision_outcome',
      recipientId: memberId,
      requesterId: byUserId,
      channelId: decision.channelId,
      payload: { decisionId: decision.id, outcome },
      idempotencyKey: outcomeItemKey(decision.id, outcome, memberId),
    });
  }
}

/** Tells co-owners (not the person who logged it) that a proposal awaits them. */
export function tellCoOwners(ctx: ItemsContext, decision: Decision): void {
  for (const ownerId of decision.ownerIds) {
    if (ownerId === decision.loggedBy || !reachable(ctx, ownerId)) continue;
    enqueueForRecipient(ctx, {
      kind: 'decision_input',
      recipientId: ownerId,
      requesterId: decision.loggedBy,
      channelId: decision.channelId,
      payload: { decisionId: decision.id, inputIds: [], proposal: true },
      idempotencyKey: `${ownerInputPrefix(decision.id, ownerId)}logged`,
    });
  }
}

/**
 * Puts each open follow-up of an accepted decision in its owner's queue, due at the end of its
 * due date (23:59) in the owner's time zone. Once per follow-up (its key is the follow-up's id).
 */
export function scheduleFollowUps(
  ctx: ItemsContext & Pick<DecisionsContext, 'decisions'>,
  decision: Decision,
) {
  for (const followUp of ctx.decisions.followUps(decision.id)) {
    if (followUp.state !== 'open' || !reachable(ctx, followUp.ownerId)) continue;
    enqueueForRecipient(ctx, {
      kind: 'decision_follow_up',
      recipientId: followUp.ownerId,
      requesterId: decision.loggedBy,
      channelId: decision.channelId,
      payload: { decisionId: decision.id, followUpId: followUp.id },
      idempotencyKey: followUpItemKey(followUp.id),
      dueBy: dueInstant(ctx, followUp),
    });
  }
}

/** The last minute of the follow-up's due date (23:59), in its owner's time zone. */
function dueInstant(ctx: ItemsContext, followUp: FollowUp): number | null {
  if (!followUp.dueOn) return null;
  const member = ctx.members.get(followUp.ownerId);
  if (!member) return null;
  const zone = scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone;
  const [year = 0, month = 0, day = 0] = followUp.dueOn.split('-').map(Number);
  return wallTimeToInstant(zone, { year, month, day }, 24 * 60 - 1);
}

/**
 * Closes open items of the decision: its owners' input (`input`), its revisits (`revisit`).
 * Items being sent right now are left alone. Returns the closed items that had been delivered,
 * whose message should be updated.
 */
export function closeDecisionItems(
  ctx: Pick<DecisionsContext, 'queue' | 'clock'>,
  decisionId: number,
  which: readonly ('input' | 'revisit')[],
): QueueItem[] {
  const now = ctx.clock();
  const delivered: QueueItem[] = [];
  const prefixes = which.map((kind) =>
    kind === 'input' ? decisionInputPrefix(decisionId) : revisitPrefix(decisionId),
  );
  for (const prefix of prefixes) {
    for (const item of ctx.queue.openWithKeyPrefix(prefix)) {
      if (item.state === 'sending') continue;
      const closed = ctx.queue.transition(item, 'done', now);
      if (closed?.deliveredTs) delivered.push(closed);
    }
  }
  return delivered;
}

/** Cancels a follow-up and takes its item out of its owner's queue. */
export function cancelFollowUp(
  ctx: Pick<DecisionsContext, 'queue' | 'clock' | 'decisions'>,
  followUp: FollowUp,
  byUserId: string | null,
): QueueItem | undefined {
  const now = ctx.clock();
  ctx.decisions.closeFollowUp(followUp.id, 'cancelled', byUserId, now);
  const item = ctx.queue.findByKey(followUpItemKey(followUp.id));
  if (!item || !OPEN_STATES.includes(item.state) || item.state === 'sending') return undefined;
  const skipped = ctx.queue.transition(item, 'skipped', now, { lastError: 'follow-up cancelled' });
  return skipped?.deliveredTs ? skipped : undefined;
}

/**
 * The decision's items already delivered as DMs, whose message shows the decision (its
 * follow-ups' tasks, done ones included, and its open input and revisit items): after an edit
 * each is rewritten where Mailroom posted it.
 */
export function deliveredItemsOf(
  ctx: Pick<DecisionsContext, 'queue' | 'decisions'>,
  decisionId: number,
): QueueItem[] {
  const items = ctx.decisions
    .followUps(decisionId)
    .map((followUp) => ctx.queue.findByKey(followUpItemKey(followUp.id)));
  for (const prefix of [decisionInputPrefix(decisionId), revisitPrefix(decisionId)]) {
    items.push(...ctx.queue.openWithKeyPrefix(prefix));
  }
  return items.filter(
    (item): item is QueueItem =>
      item !== undefined && item.deliveredTs !== null && item.deliveredChannel !== null,
  );
}

/** Whether the follow-up is open and its owner's account was deactivated. */
export function needsNewOwner(ctx: Pick<DecisionsContext, 'members'>, followUp: FollowUp): boolean {
  return followUp.state === 'open' && ctx.members.get(followUp.ownerId)?.deleted === true;
}

/**
 * The items asking for new owners of the decision's follow-ups, once none of theirs needs one
 * any more: those not sent are dropped, those sent are done (their DMs say so). Returns the
 * delivered ones.
 */
export function settleOwnerLeftItems(
  ctx: Pick<DecisionsContext, 'queue' | 'decisions' | 'members'>,
  decisionId: number,
  now: number,
): QueueItem[] {
  const settled: QueueItem[] = [];
  for (const item of ctx.queue.openWithKeyPrefix(ownerLeftPrefix(decisionId))) {
    const { followUpIds } = parsePayload('decision_follow_up_owner_left', item.payload);
    const waiting = followUpIds.some((id) => {
      const followUp = ctx.decisions.followUp(id);
      return followUp !== undefined && needsNewOwner(ctx, followUp);
    });
    if (waiting || item.state === 'sending') continue;
    if (item.state === 'queued' || item.state === 'snoozed') {
      ctx.queue.transition(item, 'expired', now);
    } else if (OPEN_STATES.includes(item.state) && canTransition(item.state, 'done')) {
      const done = ctx.queue.transition(item, 'done', now);
      if (done?.deliveredTs) settled.push(done);
    }
  }
  return settled;
}
