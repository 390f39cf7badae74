import { type ReviewAction, reviewVerdict, type Viewer } from '../domain/authorization.js';
import { awayOf, canReceive, scheduleOf } from '../domain/member.js';
import { canTransition, OPEN_STATES, type QueueItem } from '../domain/queue.js';
import {
  acceptance,
  type Concern,
  checkConcernText,
  checkWindowHours,
  closedReason,
  openConcerns,
  type Review,
  type ReviewAnswer,
  type ReviewClosedWhy,
  type Reviewer,
  reviewWindowEnd,
  type SilentReviewer,
  silentReviewers,
} from '../domain/review.js';
import {
  type AwayPeriod,
  layWindow,
  workingDeadline,
  workingTimeBetween,
} from '../domain/working-time.js';
import { authorized, viewerOf } from './authorization.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';
import { type EnqueueRequest, enqueueForRecipient, moveNotBefore } from './queue.js';
import type { ReviewSubject } from './review-subject.js';

/**
 * The review of an object any capability owns (see review-subject.ts): starting it queues one
 * card per reviewer in their working hours, a reminder at half their window and, for the owner,
 * who stayed silent at its end, all through the queue's not-before, so no timer of its own runs.
 * Answers, concerns and their resolution go through the rule in domain/authorization.ts.
 */

export type ReviewContext = Pick<
  ServiceContext,
  'reviews' | 'members' | 'channels' | 'queue' | 'clock' | 'settings' | 'hooks' | 'logger'
>;

const HOUR = 60 * 60 * 1000;

/** Every queue item of one review starts with this. */
export const reviewItemPrefix = (reviewId: number) => `review:${reviewId}:`;
const requestKey = (reviewId: number, memberId: string) =>
  `${reviewItemPrefix(reviewId)}request:${memberId}`;
const reminderKey = (reviewId: number, memberId: string) =>
  `${reviewItemPrefix(reviewId)}reminder:${memberId}`;
const windowEndKey = (reviewId: number) => `${reviewItemPrefix(reviewId)}window-end`;
const concernKey = (reviewId: number, concernId: number) =>
  `${reviewItemPrefix(reviewId)}concern:${concernId}`;

export interface StartReviewInput {
  objectId: number;
  ownerId: string;
  reviewerIds: readonly string[];
  informedIds?: readonly string[];
  /** Working hours each reviewer has; DEFAULT_REVIEW_WINDOW_HOURS when unset. */
  windowHours?: number;
}

/** A reviewer whose window waits: away now, back at `startsAt`, or with no end date. */
export interface AwayReviewer {
  memberId: string;
  /** When their window opens; null when they are away with no end date. */
  startsAt: number | null;
  why: string;
}

export interface StartedReview {
  review: Review;
  reviewers: Reviewer[];
  /** Deactivated accounts named as reviewers: left out, for the owner to hear. */
  skipped: string[];
  /** Reviewers away now: the owner sees when their window starts, or that it never ends. */
  away: AwayReviewer[];
}

/** The whole record of a review, for the object's message and its export. */
export interface ReviewRecord {
  review: Review;
  reviewers: Reviewer[];
  informed: string[];
  concerns: Concern[];
  silent: SilentReviewer[];
}

function subjectOf(ctx: Pick<ServiceContext, 'hooks'>, kind: string): ReviewSubject {
  const subject = ctx.hooks.reviewSubject(kind);
  if (!subject) throw new Error(`Nothing registered reviews of ${kind}`);
  return subject;
}

/**
 * Puts an object up for review. Deactivated reviewers are skipped (the result names them); a
 * reviewer who may not see the object, someone Mailroom does not know, the owner themselves or
 * an object already under review is refused before anything is stored or sent.
 */
export function startReview(
  ctx: ReviewContext,
  subject: ReviewSubject,
  input: StartReviewInput,
): StartedReview {
  const window = checkWindowHours(input.windowHours);
  if (!window.ok) throw new UserFacingError(window.problem);
  const named = [...new Set(input.reviewerIds)];
  if (named.includes(input.ownerId)) {
    throw new UserFacingError(
      'You own this, so you can’t review it too: please leave yourself out.',
    );
  }
  const members = new Map(named.map((id) => [id, ctx.members.get(id)]));
  const unknown = named.filter((id) => {
    const member = members.get(id);
    return !member || member.isBot;
  });
  if (unknown.length > 0) {
    throw new UserFacingError(
      (naming) =>
        `I can’t ask ${unknown.map(naming.person).join(', ')} to review: I don’t know them as people I can message.`,
    );
  }
  const skipped = named.filter((id) => {
    const member = members.get(id);
    return member !== undefined && !canReceive(member);
  });
  const reviewerIds = named.filter((id) => !skipped.includes(id));
  if (reviewerIds.length === 0) {
    throw new UserFacingError(
      skipped.length > 0
        ? (naming) =>
            `Nobody is left to review it: ${skipped.map(naming.person).join(', ')} ${skipped.length === 1 ? 'has' : 'have'} left the workspace.`
        : 'Please name at least one reviewer.',
    );
  }
  const hidden = reviewerIds.filter((id) => !subject.maySee(input.objectId, id));
  if (hidden.length > 0) {
    throw new UserFacingError(
      (naming) =>
        `${hidden.map(naming.person).join(', ')} can’t see this, so I can’t ask them to review it. Nothing was sent: add them where it lives, or choose other reviewers.`,
    );
  }
  if (ctx.reviews.forObject(subject.kind, input.objectId).some((r) => r.state === 'open')) {
    throw new UserFacingError('This is already under review: its review has to end first.');
  }

  const now = ctx.clock();
  const windowMs = window.hours * HOUR;
  const away: AwayReviewer[] = [];
  const planned = reviewerIds.map((memberId) => {
    const member = members.get(memberId);
    if (!member) throw new Error(`${memberId} is not in the directory`);
    const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
    const absent = awayOf(member, now);
    const periods: AwayPeriod[] = absent
      ? [{ from: now, until: absent.until, why: absent.why }]
      : [];
    const end = workingDeadline(hours, periods, now, windowMs);
    const half = workingDeadline(hours, periods, now, windowMs / 2);
    if (absent) {
      away.push({
        memberId,
        startsAt: end.kind === 'at' ? end.startsAt : null,
        why: absent.why,
      });
    }
    return {
      memberId,
      windowStartsAt: end.kind === 'at' ? end.startsAt : null,
      windowEndsAt: end.kind === 'at' ? end.endsAt : null,
      remindAt: half.kind === 'at' ? half.endsAt : null,
      awayWhy: end.kind === 'never' ? (end.away.why ?? 'away with no end date') : null,
      plannedFrom: now,
      spentMs: 0,
      plannedHours: hours,
      plannedAway: periods,
    };
  });
  const windowEndsAt = reviewWindowEnd(
    planned.map((p) => p.windowEndsAt),
    now,
  );

  const review = ctx.reviews.inTransaction(() => {
    const created = ctx.reviews.create({
      objectKind: subject.kind,
      objectId: input.objectId,
      ownerId: input.ownerId,
      windowHours: window.hours,
      startedAt: now,
      windowEndsAt,
      reviewers: planned,
      informedIds: (input.informedIds ?? []).filter(
        (id) => id !== input.ownerId && !reviewerIds.includes(id),
      ),
    });
    for (const reviewer of planned) {
      enqueueForRecipient(ctx, {
        kind: 'review_request',
        recipientId: reviewer.memberId,
        requesterId: input.ownerId,
        payload: { reviewId: created.id },
        idempotencyKey: requestKey(created.id, reviewer.memberId),
        ...(reviewer.windowStartsAt === null ? {} : { notBefore: reviewer.windowStartsAt }),
      });
      if (reviewer.remindAt !== null) {
        enqueueForRecipient(ctx, {
          kind: 'review_reminder',
          recipientId: reviewer.memberId,
          requesterId: input.ownerId,
          payload: { reviewId: created.id },
          idempotencyKey: reminderKey(created.id, reviewer.memberId),
          notBefore: reviewer.remindAt,
        });
      }
    }
    enqueueForRecipient(ctx, {
      kind: 'review_window_end',
      recipientId: input.ownerId,
      payload: { reviewId: created.id },
      idempotencyKey: windowEndKey(created.id),
      notBefore: windowEndsAt,
    });
    return created;
  });
  return { review, reviewers: ctx.reviews.reviewersOf(review.id), skipped, away };
}

function canReceiveNow(ctx: Pick<ServiceContext, 'members'>, userId: string): boolean {
  const member = ctx.members.get(userId);
  return member !== undefined && canReceive(member);
}

/** Silent reviewers, with those whose account was deactivated since marked so. */
function withAccounts(
  ctx: Pick<ServiceContext, 'members'>,
  silent: readonly SilentReviewer[],
): SilentReviewer[] {
  return silent.map((s) =>
    ctx.members.get(s.memberId)?.deleted ? { ...s, deactivated: true } : s,
  );
}

/** The whole record of a review, as anyone who may see it reads it. */
export function reviewRecord(
  ctx: Pick<ServiceContext, 'reviews' | 'members'>,
  reviewId: number,
): ReviewRecord {
  const review = ctx.reviews.get(reviewId);
  if (!review) throw new UserFacingError('I can’t find that review.');
  const reviewers = ctx.reviews.reviewersOf(reviewId);
  return {
    review,
    reviewers,
    informed: ctx.reviews.informedOf(reviewId),
    concerns: ctx.reviews.concernsOf(reviewId),
    silent: withAccounts(
      ctx,
      review.state === 'open'
        ? silentReviewers(reviewers)
        : review.silentAtAcceptance.map((memberId) => ({
            memberId,
            awayWhy: reviewers.find((r) => r.memberId === memberId)?.awayWhy ?? null,
          })),
    ),
  };
}

/** The review of `objectId` most recently started, if any. */
export function latestReviewOf(
  ctx: Pick<ServiceContext, 'reviews'>,
  objectKind: string,
  objectId: number,
): Review | undefined {
  return ctx.reviews.forObject(objectKind, objectId)[0];
}

const REFUSALS: Record<ReviewAction, Record<'not_yours' | 'settled', string>> = {
  see: { not_yours: '', settled: '' },
  answer: {
    not_yours: 'Only the people asked to review this can answer it.',
    settled: 'This review has ended: nothing more can be added to it.',
  },
  respond: {
    not_yours: 'Only the owner answers concerns.',
    settled: 'That concern has already been settled.',
  },
  override: {
    not_yours: 'Only the owner can go ahead despite a concern.',
    settled: 'That concern has already been settled.',
  },
  withdraw: {
    not_yours: 'Only the reviewer who raised a concern can withdraw it.',
    settled:
      'That concern can’t be withdrawn now: it was settled, or the owner hasn’t answered it yet.',
  },
  accept: {
    not_yours: 'Only the owner can accept it.',
    settled: 'This review has already ended.',
  },
};

/** The review, when `userId` may take `action` on it (on `concern`, for the concern's actions). */
export function authorizeReview(
  ctx: ReviewContext,
  userId: string,
  reviewId: number,
  action: ReviewAction,
  concern?: Concern,
): { review: Review; subject: ReviewSubject; viewer: Viewer } {
  const viewer = viewerOf(ctx, userId);
  const review = authorized(
    ctx.reviews.get(reviewId),
    (found) =>
      reviewVerdict(
        viewer,
        {
          ownerId: found.ownerId,
          reviewerIds: ctx.reviews.reviewersOf(found.id).map((r) => r.memberId),
          state: found.state,
          maySeeObject:
            ctx.hooks.reviewSubject(found.objectKind)?.maySee(found.objectId, userId) ?? false,
          ...(concern
            ? {
                concern: {
                  reviewerId: concern.reviewerId,
                  state: concern.state,
                  answered: concern.answer !== null,
                },
              }
            : {}),
        },
        action,
      ),
    (refusal, found) =>
      refusal === 'unknown'
        ? 'I can’t find that review.'
        : refusal === 'settled' && found?.state === 'closed'
          ? `This review was closed: ${closedReason(found.closedWhy)}. Nothing more can be added to it.`
          : REFUSALS[action][refusal],
  );
  return { review, subject: subjectOf(ctx, review.objectKind), viewer };
}

/** The concern and its review, when `userId` may take `action` on it. */
export function authorizeConcern(
  ctx: ReviewContext,
  userId: string,
  concernId: number,
  action: 'respond' | 'override' | 'withdraw',
) {
  const concern = ctx.reviews.concern(concernId);
  if (!concern) throw new UserFacingError('I can’t find that concern.');
  return { ...authorizeReview(ctx, userId, concern.reviewId, action, concern), concern };
}

/** Closes the open items among `items` (a card answered, a reminder no longer needed). */
function settleItems(ctx: ReviewContext, items: readonly QueueItem[], now: number): void {
  for (const item of items) {
    if (OPEN_STATES.includes(item.state) && canTransition(item.state, 'done')) {
      ctx.queue.transition(item, 'done', now);
    }
  }
}

/**
 * The open items of one key: the item itself and the copies sent to a new owner since
 * (`<key>:to:<member>`), never another key that merely starts the same way.
 */
function itemsWithKey(ctx: ReviewContext, key: string): QueueItem[] {
  return ctx.queue
    .openWithKeyPrefix(key)
    .filter((item) => item.idempotencyKey === key || item.idempotencyKey.startsWith(`${key}:to:`));
}

/** Tells the capability that its object's review changed; its failure never undoes the change. */
function tellChanged(ctx: ReviewContext, subject: ReviewSubject, reviewId: number): void {
  const review = ctx.reviews.get(reviewId);
  if (!review || !subject.changed) return;
  try {
    subject.changed(review);
  } catch (error) {
    ctx.logger.error(
      `the ${subject.kind} capability failed on a change of review ${reviewId}`,
      error,
    );
  }
}

/** After a reviewer answered: their card and reminder are done; when all answered, the window's end too. */
function afterAnswer(ctx: ReviewContext, reviewId: number, memberId: string, now: number): void {
  settleItems(
    ctx,
    [
      ...itemsWithKey(ctx, requestKey(reviewId, memberId)),
      ...itemsWithKey(ctx, reminderKey(reviewId, memberId)),
    ],
    now,
  );
  if (silentReviewers(ctx.reviews.reviewersOf(reviewId)).length === 0) {
    settleItems(ctx, itemsWithKey(ctx, windowEndKey(reviewId)), now);
  }
}

/** Agree or abstain, by one of the review's reviewers; they may change their answer while it is open. */
export function answerReview(
  ctx: ReviewContext,
  input: { reviewId: number; userId: string; answer: ReviewAnswer },
): Review {
  const { review, subject } = authorizeReview(ctx, input.userId, input.reviewId, 'answer');
  const now = ctx.clock();
  ctx.reviews.inTransaction(() => {
    ctx.reviews.setAnswer(
      review.id,
      input.userId,
      input.answer === 'agree' ? 'agreed' : 'abstained',
      now,
    );
    afterAnswer(ctx, review.id, input.userId, now);
  });
  tellChanged(ctx, subject, review.id);
  return review;
}

/** A concern, with its reason (required): it blocks acceptance, and its owner is asked to answer it. */
export function raiseConcern(
  ctx: ReviewContext,
  input: { reviewId: number; userId: string; reason: string },
): Concern {
  const { review, subject } = authorizeReview(ctx, input.userId, input.reviewId, 'answer');
  const reason = checkConcernText(input.reason, 'the reason for your concern');
  if (!reason.ok) throw new UserFacingError(reason.problem);
  const now = ctx.clock();
  const concern = ctx.reviews.inTransaction(() => {
    const raised = ctx.reviews.addConcern(review.id, input.userId, reason.text, now);
    ctx.reviews.setAnswer(review.id, input.userId, 'concern', now);
    afterAnswer(ctx, review.id, input.userId, now);
    // An owner who left hears nothing: whoever takes the object over is asked instead.
    if (!canReceiveNow(ctx, review.ownerId)) return raised;
    enqueueForRecipient(ctx, {
      kind: 'review_concern',
      recipientId: review.ownerId,
      requesterId: input.userId,
      payload: { reviewId: review.id, concernId: raised.id },
      idempotencyKey: concernKey(review.id, raised.id),
    });
    return raised;
  });
  tellChanged(ctx, subject, review.id);
  return concern;
}

/** The owner's answer to an open concern; its reviewer is asked whether to withdraw it. */
export function answerConcern(
  ctx: ReviewContext,
  input: { concernId: number; userId: string; answer: string },
): Concern {
  const { review, subject, concern } = authorizeConcern(
    ctx,
    input.userId,
    input.concernId,
    'respond',
  );
  const answer = checkConcernText(input.answer, 'your answer');
  if (!answer.ok) throw new UserFacingError(answer.problem);
  const now = ctx.clock();
  const answered = ctx.reviews.inTransaction(() => {
    const updated = ctx.reviews.answerConcern(concern.id, answer.text, now);
    if (!updated) throw new UserFacingError(REFUSALS.respond.settled);
    settleItems(ctx, itemsWithKey(ctx, concernKey(review.id, concern.id)), now);
    enqueueForRecipient(ctx, {
      kind: 'review_concern_answer',
      recipientId: concern.reviewerId,
      requesterId: review.ownerId,
      payload: { reviewId: review.id, concernId: concern.id },
      // A second answer to the same concern is a new message: the key names its time.
      idempotencyKey: `${concernKey(review.id, concern.id)}:answer:${now}`,
    });
    return updated;
  });
  tellChanged(ctx, subject, review.id);
  return answered;
}

/** The reviewer takes their concern back, once the owner answered it; the owner hears. */
export function withdrawConcern(
  ctx: ReviewContext,
  input: { concernId: number; userId: string },
): Concern {
  const found = ctx.reviews.concern(input.concernId);
  if (
    found &&
    found.state === 'open' &&
    found.answer === null &&
    found.reviewerId === input.userId
  ) {
    throw new UserFacingError(
      'The owner hasn’t answered your concern yet: you can withdraw it once they have.',
    );
  }
  const { review, subject, concern } = authorizeConcern(
    ctx,
    input.userId,
    input.concernId,
    'withdraw',
  );
  const now = ctx.clock();
  const withdrawn = settleConcern(
    ctx,
    review,
    concern,
    { state: 'withdrawn' },
    review.ownerId,
    now,
  );
  tellChanged(ctx, subject, review.id);
  return withdrawn;
}

/** The owner goes ahead despite a concern, with a reason that stays in the record; its reviewer hears. */
export function overrideConcern(
  ctx: ReviewContext,
  input: { concernId: number; userId: string; reason: string },
): Concern {
  const { review, subject, concern } = authorizeConcern(
    ctx,
    input.userId,
    input.concernId,
    'override',
  );
  const reason = checkConcernText(input.reason, 'why you go ahead despite the concern');
  if (!reason.ok) throw new UserFacingError(reason.problem);
  const now = ctx.clock();
  const overridden = settleConcern(
    ctx,
    review,
    concern,
    { state: 'overridden', reason: reason.text },
    concern.reviewerId,
    now,
  );
  tellChanged(ctx, subject, review.id);
  return overridden;
}

function settleConcern(
  ctx: ReviewContext,
  review: Review,
  concern: Concern,
  how: { state: 'withdrawn' } | { state: 'overridden'; reason: string },
  tell: string,
  now: number,
): Concern {
  return ctx.reviews.inTransaction(() => {
    const settled = ctx.reviews.resolveConcern(concern.id, how, now);
    if (!settled) throw new UserFacingError('That concern has already been settled.');
    const key = concernKey(review.id, concern.id);
    settleItems(
      ctx,
      ctx.queue
        .openWithKeyPrefix(key)
        .filter(
          (item) =>
            (item.idempotencyKey === key || item.idempotencyKey.startsWith(`${key}:`)) &&
            item.kind !== 'review_concern_settled',
        ),
      now,
    );
    if (!canReceiveNow(ctx, tell)) return settled;
    enqueueForRecipient(ctx, {
      kind: 'review_concern_settled',
      recipientId: tell,
      payload: { reviewId: review.id, concernId: concern.id },
      idempotencyKey: `${concernKey(review.id, concern.id)}:settled`,
    });
    return settled;
  });
}

export type AcceptResult =
  | { accepted: true; review: Review; silent: SilentReviewer[] }
  /** Reviewers have not answered and the window is open: proceed to accept anyway. */
  | { accepted: false; silent: SilentReviewer[]; windowEndsAt: number };

/**
 * The owner accepts: refused while a concern is open; while reviewers have not answered and
 * the window is open, it says who and waits for `proceed`. Either way it reports who stayed
 * silent, and the review's cards and reminders still out are withdrawn.
 */
export function acceptReview(
  ctx: ReviewContext,
  input: { reviewId: number; userId: string; proceed?: boolean },
): AcceptResult {
  const { review, subject } = authorizeReview(ctx, input.userId, input.reviewId, 'accept');
  const now = ctx.clock();
  const verdict = acceptance(
    review,
    ctx.reviews.reviewersOf(review.id),
    ctx.reviews.concernsOf(review.id),
    now,
    input.proceed ?? false,
  );
  if (!verdict.ok) {
    if (verdict.why === 'waiting') {
      return {
        accepted: false,
        silent: withAccounts(ctx, verdict.silent),
        windowEndsAt: verdict.windowEndsAt,
      };
    }
    if (verdict.why === 'settled') throw new UserFacingError(REFUSALS.accept.settled);
    const open = verdict.concerns;
    throw new UserFacingError(
      (naming) =>
        `It can’t be accepted while ${open.length === 1 ? 'a concern is' : `${open.length} concerns are`} open (raised by ${[...new Set(open.map((c) => c.reviewerId))].map(naming.person).join(', ')}): answer ${open.length === 1 ? 'it' : 'them'} so the reviewer can withdraw, or override with a reason.`,
    );
  }
  const accepted = ctx.reviews.inTransaction(() => {
    const done = ctx.reviews.accept(review.id, verdict.silent, now);
    if (!done) throw new UserFacingError(REFUSALS.accept.settled);
    for (const item of ctx.queue.openWithKeyPrefix(reviewItemPrefix(review.id))) {
      if (item.kind === 'review_concern_settled') continue;
      if (item.state === 'queued' || item.state === 'snoozed') {
        ctx.queue.transition(item, 'expired', now);
      } else if (canTransition(item.state, 'done')) {
        ctx.queue.transition(item, 'done', now);
      }
    }
    return done;
  });
  tellChanged(ctx, subject, review.id);
  return { accepted: true, review: accepted, silent: withAccounts(ctx, verdict.silent) };
}

/** The kinds of card a person may still have open in their DMs: each has buttons that closing ends. */
const CARD_KINDS: readonly QueueItem['kind'][] = [
  'review_request',
  'review_reminder',
  'review_concern',
  'review_concern_answer',
  'review_window_end',
];

/**
 * Ends an open review without accepting it, because its object ended otherwise (rejected,
 * superseded, reversed, or withdrawn). Every item of it not yet delivered is cancelled (cards,
 * reminders, the window's end, concerns to answer), once: a second close finds it closed and
 * does nothing. Later answers are refused. The cards already in DMs are handed to whoever
 * registered `onReviewClosed` (the reviews' Slack side rewrites them), and the capability hears
 * through `changed`. Undefined when the review was not open.
 */
export function closeReview(
  ctx: ReviewContext,
  input: { reviewId: number; why: ReviewClosedWhy },
): { review: Review; delivered: QueueItem[] } | undefined {
  const now = ctx.clock();
  const result = ctx.reviews.inTransaction(() => {
    const closed = ctx.reviews.close(input.reviewId, input.why, now);
    if (!closed) return undefined;
    for (const item of ctx.queue.openWithKeyPrefix(reviewItemPrefix(closed.id))) {
      if (item.kind === 'review_concern_settled') continue;
      if (item.state === 'queued' || item.state === 'snoozed') {
        ctx.queue.transition(item, 'expired', now);
      } else if (canTransition(item.state, 'done')) {
        ctx.queue.transition(item, 'done', now);
      }
    }
    const delivered = ctx.queue
      .withKeyPrefix(reviewItemPrefix(closed.id))
      .filter((item) => item.deliveredTs !== null && CARD_KINDS.includes(item.kind));
    return { review: closed, delivered };
  });
  if (!result) return undefined;
  ctx.hooks.reviewClosed(result.review, result.delivered);
  const subject = ctx.hooks.reviewSubject(result.review.objectKind);
  if (subject) tellChanged(ctx, subject, result.review.id);
  return result;
}

/** Whether an item given up on (its owner left) still has something to say to the new owner. */
function stillNeeded(ctx: ReviewContext, review: Review, item: QueueItem): boolean {
  if (item.state !== 'skipped') return false;
  if (item.kind === 'review_window_end') {
    return silentReviewers(ctx.reviews.reviewersOf(review.id)).length > 0;
  }
  if (item.kind === 'review_concern') {
    const concern = ctx.reviews.concern(Number(item.payload.concernId));
    return concern?.state === 'open' && concern.answer === null;
  }
  return false;
}

/**
 * The object's new owner takes over its open review from `fromId` (who left the workspace): the
 * concerns to answer and the window's end waiting for them go to the new owner, in their hours,
 * and whatever comes next (a concern, the window's end) is theirs.
 */
export function moveReviewOwner(
  ctx: ReviewContext,
  objectKind: string,
  objectId: number,
  fromId: string,
  toId: string,
): Review[] {
  const now = ctx.clock();
  const moved: Review[] = [];
  for (const review of ctx.reviews.forObject(objectKind, objectId)) {
    if (review.state !== 'open' || review.ownerId !== fromId) continue;
    ctx.reviews.inTransaction(() => {
      ctx.reviews.setOwner(review.id, toId);
      for (const item of ctx.queue.withKeyPrefix(reviewItemPrefix(review.id))) {
        if (item.recipientId !== fromId) continue;
        if (item.state === 'queued' || item.state === 'snoozed') {
          const handed = ctx.queue.transition(item, item.state, now, { recipientId: toId });
          if (handed) moveNotBefore(ctx, handed, handed.notBefore);
          continue;
        }
        // Out with the leaver already, or given up because they left: the new owner gets it.
        const open = OPEN_STATES.includes(item.state);
        if (!open && !stillNeeded(ctx, review, item)) continue;
        if (open && canTransition(item.state, 'done')) ctx.queue.transition(item, 'done', now);
        enqueueForRecipient(ctx, {
          ...({ kind: item.kind, payload: item.payload } as Pick<
            EnqueueRequest,
            'kind' | 'payload'
          >),
          recipientId: toId,
          ...(item.requesterId ? { requesterId: item.requesterId } : {}),
          idempotencyKey: `${item.idempotencyKey}:to:${toId}`,
          ...(item.notBefore === null ? {} : { notBefore: item.notBefore }),
        });
      }
      // Concerns raised while nobody owned it: the new owner is asked to answer them.
      for (const concern of openConcerns(ctx.reviews.concernsOf(review.id))) {
        if (concern.answer !== null) continue;
        const key = concernKey(review.id, concern.id);
        if (itemsWithKey(ctx, key).some((item) => item.recipientId === toId)) continue;
        enqueueForRecipient(ctx, {
          kind: 'review_concern',
          recipientId: toId,
          requesterId: concern.reviewerId,
          payload: { reviewId: review.id, concernId: concern.id },
          idempotencyKey: `${key}:to:${toId}`,
        });
      }
    });
    moved.push(review);
    const subject = ctx.hooks.reviewSubject(review.objectKind);
    if (subject) tellChanged(ctx, subject, review.id);
  }
  return moved;
}

/** Someone's away now, as the periods a window is laid on. */
function awayPeriodsOf(member: Parameters<typeof awayOf>[0], now: number): AwayPeriod[] {
  const absent = awayOf(member, now);
  return absent ? [{ from: now, until: absent.until, why: absent.why }] : [];
}

/**
 * After a reviewer's hours, time zone or away changed: in each open review still waiting for
 * them, the working time their window already used stays spent (counted on the hours and away
 * it was laid on), and what is left is laid on the new ones. Their card and reminder, if not
 * sent yet, move to the new start and half; the owner's window end moves with the latest end.
 * Returns the reviews whose windows moved.
 */
export function replanReviewerWindows(ctx: ReviewContext, userId: string): number[] {
  const member = ctx.members.get(userId);
  if (!member) return [];
  const now = ctx.clock();
  const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
  const away = awayPeriodsOf(member, now);
  const moved: number[] = [];
  for (const review of ctx.reviews.involving(userId)) {
    if (review.state !== 'open') continue;
    const reviewers = ctx.reviews.reviewersOf(review.id);
    const reviewer = reviewers.find((r) => r.memberId === userId && r.state === 'pending');
    if (!reviewer) continue;
    const windowMs = review.windowHours * HOUR;
    const plan = ctx.reviews.planOf(review.id, userId) ?? {
      plannedFrom: review.startedAt,
      spentMs: 0,
      plannedHours: hours,
      plannedAway: [],
    };
    const spentMs =
      plan.spentMs +
      (now > plan.plannedFrom
        ? workingTimeBetween(plan.plannedHours, plan.plannedAway, plan.plannedFrom, now)
        : 0);
    // A window already used up stays ended: the owner has heard, or will, at its end.
    if (spentMs >= windowMs && reviewer.windowEndsAt !== null && reviewer.windowEndsAt <= now) {
      continue;
    }
    const laid = layWindow(hours, away, Math.max(now, plan.plannedFrom), windowMs, spentMs);
    const window = {
      windowStartsAt: spentMs > 0 ? reviewer.windowStartsAt : laid.startsAt,
      windowEndsAt: laid.endsAt,
      remindAt: laid.halfAt === undefined ? reviewer.remindAt : laid.halfAt,
      awayWhy: laid.awayWhy,
    };
    const same =
      window.windowStartsAt === reviewer.windowStartsAt &&
      window.windowEndsAt === reviewer.windowEndsAt &&
      window.remindAt === reviewer.remindAt &&
      window.awayWhy === reviewer.awayWhy;
    ctx.reviews.inTransaction(() => {
      ctx.reviews.replan(review.id, userId, window, {
        plannedFrom: Math.max(now, plan.plannedFrom),
        spentMs,
        plannedHours: hours,
        plannedAway: away,
      });
      if (same) return;
      const request = ctx.queue.findByKey(requestKey(review.id, userId));
      if (request?.state === 'queued') moveNotBefore(ctx, request, window.windowStartsAt);
      const reminder = ctx.queue.findByKey(reminderKey(review.id, userId));
      // Away with no end date, their reminder waits where it was: the worker holds it while
      // they are away, and it moves again when they are back.
      if (reminder?.state === 'queued') {
        if (window.remindAt !== null) moveNotBefore(ctx, reminder, window.remindAt);
      } else if (!reminder && window.remindAt !== null) {
        enqueueForRecipient(ctx, {
          kind: 'review_reminder',
          recipientId: userId,
          requesterId: review.ownerId,
          payload: { reviewId: review.id },
          idempotencyKey: reminderKey(review.id, userId),
          notBefore: window.remindAt,
        });
      }
      const windowEndsAt = reviewWindowEnd(
        reviewers.map((r) => (r.memberId === userId ? window.windowEndsAt : r.windowEndsAt)),
        review.startedAt,
      );
      if (windowEndsAt !== review.windowEndsAt) {
        ctx.reviews.setWindowEnd(review.id, windowEndsAt);
        for (const end of itemsWithKey(ctx, windowEndKey(review.id))) {
          if (end.state === 'queued') moveNotBefore(ctx, end, windowEndsAt);
        }
      }
      moved.push(review.id);
    });
  }
  for (const reviewId of moved) {
    const review = ctx.reviews.get(reviewId);
    const subject = review && ctx.hooks.reviewSubject(review.objectKind);
    if (subject) tellChanged(ctx, subject, reviewId);
  }
  return moved;
}

/** Whether `userId` may see the review (an owner's or a reviewer's card, its record). */
export function maySeeReview(ctx: ReviewContext, userId: string, reviewId: number): boolean {
  try {
    authorizeReview(ctx, userId, reviewId, 'see');
    return true;
  } catch (error) {
    if (error instanceof UserFacingError) return false;
    throw error;
  }
}
