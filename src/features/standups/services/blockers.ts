import { canReceive } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { StandupsContext } from '../context.js';
import type { Standup, StandupBlocker } from '../store/standup-repository.js';
import { type BlockerOwnerTexts, closeBlockerItem, routeBlocker } from './answers.js';
import { authorizeBlocker, seesStandupChannel } from './authorization.js';
import type { StandupTexts } from './ports.js';

/**
 * A blocker's life after it was raised: its holder marks it Resolved (the person it blocked is
 * told), or says "Not me" and it moves to whoever they name, else to the standup's owner. An
 * open blocker is in every report until it is resolved.
 */

export function resolveBlocker(
  ctx: StandupsContext,
  texts: Pick<StandupTexts, 'blockerResolved'>,
  input: { userId: string; blockerId: number },
): { blocker: StandupBlocker; standup: Standup; item: QueueItem | undefined } {
  const { blocker, standup } = authorizeBlocker(ctx, input.userId, input.blockerId);
  const now = ctx.clock();
  const resolved = ctx.standups.transaction(() => {
    const done = ctx.standups.updateOpenBlocker(
      blocker.id,
      { state: 'resolved', resolvedBy: input.userId, resolvedAt: now },
      now,
      input.userId,
    );
    if (!done) return undefined;
    const item = closeBlockerItem(ctx, done, 'resolved');
    const blocked = ctx.members.get(done.fromMemberId);
    if (!blocked || !canReceive(blocked)) return { blocker: done, item };
    enqueueForRecipient(ctx, {
      kind: 'notice',
      recipientId: done.fromMemberId,
      requesterId: input.userId,
      payload: {
        text: texts.blockerResolved(input.userId, standup.channelId),
        quote: done.text,
      },
      idempotencyKey: `blocker-resolved:${done.id}`,
    });
    return { blocker: done, item };
  });
  if (!resolved) throw new UserFacingError('That blocker moved on in the meantime.');
  return { ...resolved, standup };
}

export function passBlocker(
  ctx: StandupsContext,
  texts: BlockerOwnerTexts,
  input: { userId: string; blockerId: number; toUserId: string | null },
): {
  blocker: StandupBlocker;
  standup: Standup;
  item: QueueItem | undefined;
  /** The answer whose blocker moved, to rewrite in the channel. */
  entryId: number | undefined;
} {
  const { blocker, standup } = authorizeBlocker(ctx, input.userId, input.blockerId);
  const target = input.toUserId ?? standup.ownerId;
  if (target === input.userId) {
    throw new UserFacingError(
      input.toUserId
        ? 'Pick someone other than yourself.'
        : 'You run this standup: pick who could unblock it instead.',
    );
  }
  if (target === blocker.fromMemberId) {
    throw new UserFacingError('That is the person who is blocked. Pick who could unblock them.');
  }
  const member = ctx.members.get(target);
  if (!member || member.deleted || member.isBot) {
    throw new UserFacingError(texts.cannotTakeBlockers(target));
  }
  if (!seesStandupChannel(ctx, target, standup)) {
    throw new UserFacingError(texts.cannotSeeStandup(target, standup.channelId));
  }
  const now = ctx.clock();
  const passed = ctx.standups.transaction(() => {
    const held = ctx.standups.updateOpenBlocker(blocker.id, {}, now, input.userId);
    if (!held) return undefined;
    const item = held.queueItemId === null ? undefined : ctx.queue.get(held.queueItemId);
    if (item && item.state !== 'sending' && item.state !== 'done') {
      ctx.queue.transition(item, 'skipped', now, { lastError: `passed on by ${input.userId}` });
    }
    // One queue item per holder: its key names the item it follows.
    const hop = `after-${held.queueItemId ?? 0}`;
    const moved = routeBlocker(ctx, standup, held, target, hop);
    // The answer names who holds its blocker: it is rewritten in the channel.
    const entry = held.entryId === null ? undefined : ctx.standups.entry(held.entryId);
    if (entry?.status === 'answered' && entry.blockerText === held.text) {
      ctx.standups.updateEntry(
        entry.id,
        ['answered'],
        { blockerOwnerId: target, ...(entry.postDueAt === null ? { postDueAt: now } : {}) },
        now,
      );
    }
    return { blocker: moved, item, entryId: entry?.id };
  });
  if (!passed) throw new UserFacingError('That blocker moved on in the meantime.');
  return { ...passed, standup };
}
