import { canReceive } from '../domain/member.js';
import { canTransition, OPEN_STATES, parsePayload, type QueueItem } from '../domain/queue.js';
import type { OwnershipOffer } from '../store/ownership-repository.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';
import type { Naming } from './naming.js';
import type { OwnershipSubject } from './ownership-subject.js';
import { enqueueForRecipient } from './queue.js';
import { moveReviewOwner } from './reviews.js';

/**
 * When an owner leaves the workspace (a user_change with deleted, or the directory sync finding
 * them deactivated), what they owned goes on: where other owners remain, they are told; what
 * has no owner left is offered, in one DM each in their hours, to the people who may take it
 * over (the capability's fallback, then Mailroom's admins). The first to take one over becomes
 * its owner, and so does the owner of its open review. Capabilities plug in through the port
 * in ownership-subject.ts.
 */

export type OwnershipContext = Pick<
  ServiceContext,
  | 'ownership'
  | 'reviews'
  | 'members'
  | 'channels'
  | 'queue'
  | 'clock'
  | 'settings'
  | 'hooks'
  | 'logger'
>;

/** Each person's DM offering what a leaver owned alone; one per leaver and person. */
export const offerItemKey = (leaverId: string, candidateId: string) =>
  `ownership:${leaverId}:offer:${candidateId}`;
const leftItemKey = (leaverId: string, ownerId: string) => `ownership:${leaverId}:left:${ownerId}`;

function reachable(ctx: Pick<ServiceContext, 'members'>, userId: string): boolean {
  const member = ctx.members.get(userId);
  return member !== undefined && canReceive(member);
}

/** Mailroom's admins who can be messaged: MAILROOM_ADMINS, then the workspace's admins and owners. */
export function mailroomAdmins(ctx: Pick<ServiceContext, 'members' | 'settings'>): string[] {
  const fromSlack = ctx.members
    .all()
    .filter((m) => m.isAdmin && canReceive(m))
    .map((m) => m.id);
  return [...new Set([...ctx.settings.admins, ...fromSlack])].filter((id) => reachable(ctx, id));
}

/** Who may take over an object whose owners all left: the capability's fallback, then the admins. */
function candidatesFor(
  ctx: OwnershipContext,
  subject: OwnershipSubject,
  objectId: number,
  leaverId: string,
): string[] {
  return [...new Set([...subject.fallback(objectId, leaverId), ...mailroomAdmins(ctx)])].filter(
    (id) => id !== leaverId && reachable(ctx, id),
  );
}

export interface OwnerLeftResult {
  /** Objects with no owner left, each offered to its candidates. */
  offers: OwnershipOffer[];
  /** Other owners told that the leaver went, and that the objects stay theirs. */
  told: string[];
  /** Objects nobody can take over (no fallback, no admin): left as they are, and logged. */
  unoffered: { kind: string; objectId: number }[];
}

/**
 * What follows an owner leaving. Run again for the same leaver (the event, then the sync), it
 * changes nothing: each offer and each DM is made once. Someone still active is not a leaver.
 * The capabilities hear of the leaver last (`onMemberLeft`), to drop them from what waits on them.
 */
export function ownerLeft(ctx: OwnershipContext, leaverId: string): OwnerLeftResult {
  const result: OwnerLeftResult = { offers: [], told: [], unoffered: [] };
  const leaver = ctx.members.get(leaverId);
  if (!leaver?.deleted) return result;
  const now = ctx.clock();
  const tell = new Map<string, { kind: string; objectId: number }[]>();
  const offered = new Map<string, number[]>();
  for (const subject of ctx.hooks.ownershipSubjects()) {
    for (const object of subject.ownedBy(leaverId)) {
      const others = object.ownerIds.filter((id) => id !== leaverId && reachable(ctx, id));
      if (others.length > 0) {
        for (const other of others) {
          tell.set(other, [
            ...(tell.get(other) ?? []),
            { kind: subject.kind, objectId: object.id },
          ]);
        }
        continue;
      }
      const candidateIds = candidatesFor(ctx, subject, object.id, leaverId);
      if (candidateIds.length === 0) {
        ctx.logger.warn(
          `${subject.kind} ${object.id} has no owner left and nobody to offer it to (set MAILROOM_ADMINS)`,
        );
        result.unoffered.push({ kind: subject.kind, objectId: object.id });
        continue;
      }
      const offer = ctx.ownership.offer({
        objectKind: subject.kind,
        objectId: object.id,
        leaverId,
        candidateIds,
        now,
      });
      result.offers.push(offer);
      for (const candidate of offer.candidateIds) {
        offered.set(candidate, [...(offered.get(candidate) ?? []), offer.id]);
      }
    }
  }
  for (const [candidate, offerIds] of offered) {
    enqueueForRecipient(ctx, {
      kind: 'ownership_offer',
      recipientId: candidate,
      payload: { leaverId, offerIds },
      idempotencyKey: offerItemKey(leaverId, candidate),
    });
  }
  for (const [ownerId, objects] of tell) {
    enqueueForRecipient(ctx, {
      kind: 'owner_left',
      recipientId: ownerId,
      payload: { leaverId, objects },
      idempotencyKey: leftItemKey(leaverId, ownerId),
    });
    result.told.push(ownerId);
  }
  ctx.hooks.memberLeft(leaverId);
  return result;
}

const NOT_OFFERED =
  'Only the people Mailroom offered it to can take it over: it wasn’t offered to you.';

export interface TakenOver {
  offer: OwnershipOffer;
  /** The other people's DMs offering it, already delivered: they now say who took it over. */
  othersDelivered: QueueItem[];
}

/**
 * One of the people an object was offered to takes it over: the first one becomes its owner
 * in the leaver's place (a revision in its record, its message rewritten, the owner of its open
 * review). Anyone else, a forged offer, or an offer taken already is refused, and nothing changes.
 */
export function takeOver(
  ctx: OwnershipContext,
  input: { offerId: number; userId: string; naming: Naming },
): TakenOver {
  const offer = ctx.ownership.get(input.offerId);
  if (!offer?.candidateIds.includes(input.userId)) {
    throw new UserFacingError(NOT_OFFERED);
  }
  if (offer.takenBy !== null) throw alreadyTaken(offer.takenBy, input.userId);
  if (!reachable(ctx, input.userId)) throw new UserFacingError(NOT_OFFERED);
  const subject = ctx.hooks.ownershipSubject(offer.objectKind);
  if (!subject) throw new Error(`Nothing registered owners of ${offer.objectKind}`);
  const now = ctx.clock();
  const taken = ctx.ownership.take(offer.id, input.userId, now);
  if (!taken) {
    throw alreadyTaken(ctx.ownership.get(offer.id)?.takenBy ?? null, input.userId);
  }
  if (!subject.transfer(offer.objectId, offer.leaverId, input.userId, input.naming)) {
    ctx.ownership.release(offer.id);
    throw new UserFacingError(
      'It has changed since it was offered: the person who left no longer owns it, so there is nothing to take over.',
    );
  }
  moveReviewOwner(ctx, offer.objectKind, offer.objectId, offer.leaverId, input.userId);
  const items = offer.candidateIds.flatMap((id) => {
    const item = ctx.queue.findByKey(offerItemKey(offer.leaverId, id));
    return item ? [item] : [];
  });
  settleOffered(ctx, items, now);
  const othersDelivered = items.filter(
    (item) => item.recipientId !== input.userId && item.deliveredTs !== null,
  );
  return { offer: taken, othersDelivered };
}

/**
 * Offer DMs whose every object has been taken over are settled: those not sent yet are
 * dropped (there is nothing left to offer), those sent are done (they now say who took what).
 */
function settleOffered(ctx: OwnershipContext, items: readonly QueueItem[], now: number): void {
  for (const item of items) {
    const offerIds = parsePayload('ownership_offer', item.payload).offerIds;
    if (ctx.ownership.getMany(offerIds).some((o) => o.takenBy === null)) continue;
    if (item.state === 'queued' || item.state === 'snoozed') {
      ctx.queue.transition(item, 'expired', now);
    } else if (OPEN_STATES.includes(item.state) && canTransition(item.state, 'done')) {
      ctx.queue.transition(item, 'done', now);
    }
  }
}

function alreadyTaken(takenBy: string | null, userId: string): UserFacingError {
  if (takenBy === userId) return new UserFacingError('You took it over already: it is yours.');
  return new UserFacingError((naming) =>
    takenBy === null
      ? 'Someone else took it over first.'
      : `${naming.person(takenBy)} took it over first.`,
  );
}
