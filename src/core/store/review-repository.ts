import { and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type {
  Concern,
  Review,
  ReviewClosedWhy,
  Reviewer,
  ReviewerPlan,
  ReviewerState,
  SilentReviewer,
} from '../domain/review.js';
import type { Db } from './db.js';
import { queueItems, reviewConcerns, reviewInformed, reviewReviewers, reviews } from './schema.js';

type ReviewRow = typeof reviews.$inferSelect;

export interface NewReview {
  objectKind: string;
  objectId: number;
  ownerId: string;
  windowHours: number;
  startedAt: number;
  windowEndsAt: number;
  reviewers: (Omit<Reviewer, 'reviewId' | 'state' | 'remindedAt' | 'answeredAt'> &
    Partial<ReviewerPlan>)[];
  informedIds: readonly string[];
}

/** Reviews, their reviewers, the informed people and the concerns: the record of each review. */
export class ReviewRepository {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one IMMEDIATE transaction (a savepoint inside one already open). */
  inTransaction<T>(work: () => T): T {
    return this.db.$client.transaction(work).immediate();
  }

  create(review: NewReview): Review {
    return this.inTransaction(() => {
      const row = this.db
        .insert(reviews)
        .values({
          objectKind: review.objectKind,
          objectId: review.objectId,
          ownerId: review.ownerId,
          windowHours: review.windowHours,
          startedAt: review.startedAt,
          windowEndsAt: review.windowEndsAt,
        })
        .returning()
        .get();
      for (const reviewer of review.reviewers) {
        this.db
          .insert(reviewReviewers)
          .values({ ...reviewer, reviewId: row.id })
          .run();
      }
      for (const memberId of new Set(review.informedIds)) {
        this.db.insert(reviewInformed).values({ reviewId: row.id, memberId }).run();
      }
      return reviewOf(row);
    });
  }

  get(id: number): Review | undefined {
    const row = this.db.select().from(reviews).where(eq(reviews.id, id)).get();
    return row && reviewOf(row);
  }

  /** The object's reviews, newest first (a changed object may be reviewed again). */
  forObject(objectKind: string, objectId: number): Review[] {
    return this.db
      .select()
      .from(reviews)
      .where(and(eq(reviews.objectKind, objectKind), eq(reviews.objectId, objectId)))
      .orderBy(desc(reviews.id))
      .all()
      .map(reviewOf);
  }

  /** The reviewers, with when each reminder went out: its queue item's delivery. */
  reviewersOf(reviewId: number): Reviewer[] {
    const reminderKey = sql`'review:' || ${reviewReviewers.reviewId} || ':reminder:' || ${reviewReviewers.memberId}`;
    return this.db
      .select({
        reviewId: reviewReviewers.reviewId,
        memberId: reviewReviewers.memberId,
        state: reviewReviewers.state,
        windowStartsAt: reviewReviewers.windowStartsAt,
        windowEndsAt: reviewReviewers.windowEndsAt,
        remindAt: reviewReviewers.remindAt,
        awayWhy: reviewReviewers.awayWhy,
        answeredAt: reviewReviewers.answeredAt,
        remindedAt: queueItems.deliveredAt,
      })
      .from(reviewReviewers)
      .leftJoin(queueItems, eq(queueItems.idempotencyKey, reminderKey))
      .where(eq(reviewReviewers.reviewId, reviewId))
      .orderBy(asc(reviewReviewers.memberId))
      .all();
  }

  informedOf(reviewId: number): string[] {
    return this.db
      .select({ memberId: reviewInformed.memberId })
      .from(reviewInformed)
      .where(eq(reviewInformed.reviewId, reviewId))
      .orderBy(asc(reviewInformed.memberId))
      .all()
      .map((r) => r.memberId);
  }

  concernsOf(reviewId: number): Concern[] {
    return this.db
      .select()
      .from(reviewConcerns)
      .where(eq(reviewConcerns.reviewId, reviewId))
      .orderBy(asc(reviewConcerns.id))
      .all();
  }

  concern(id: number): Concern | undefined {
    return this.db.select().from(reviewConcerns).where(eq(reviewConcerns.id, id)).get();
  }

  setAnswer(reviewId: number, memberId: string, state: ReviewerState, now: number): void {
    this.db
      .update(reviewReviewers)
      .set({ state, answeredAt: now })
      .where(and(eq(reviewReviewers.reviewId, reviewId), eq(reviewReviewers.memberId, memberId)))
      .run();
  }

  addConcern(reviewId: number, reviewerId: string, reason: string, now: number): Concern {
    return this.db
      .insert(reviewConcerns)
      .values({ reviewId, reviewerId, reason, createdAt: now })
      .returning()
      .get();
  }

  /** Reviews the member owns or was asked to review, oldest first. */
  involving(memberId: string): Review[] {
    const asked = this.db
      .select({ id: reviewReviewers.reviewId })
      .from(reviewReviewers)
      .where(eq(reviewReviewers.memberId, memberId));
    return this.db
      .select()
      .from(reviews)
      .where(or(eq(reviews.ownerId, memberId), inArray(reviews.id, asked)))
      .orderBy(asc(reviews.id))
      .all()
      .map(reviewOf);
  }

  /** Concerns holding the member's words: raised by them, or answered or overridden by them as owner. */
  concernsWithWordsOf(memberId: string): Concern[] {
    const owned = this.db
      .select({ id: reviews.id })
      .from(reviews)
      .where(eq(reviews.ownerId, memberId));
    return this.db
      .select()
      .from(reviewConcerns)
      .where(
        or(
          eq(reviewConcerns.reviewerId, memberId),
          and(
            inArray(reviewConcerns.reviewId, owned),
            or(isNotNull(reviewConcerns.answer), isNotNull(reviewConcerns.overrideReason)),
          ),
        ),
      )
      .orderBy(asc(reviewConcerns.id))
      .all();
  }

  /**
   * Puts `erased` in place of the member's words in concerns: the reasons they gave, and their
   * answers and override reasons as owner. The record of who raised what, and how it ended, stays.
   */
  eraseWordsOf(memberId: string, erased: string): number {
    return this.inTransaction(() => {
      const concerns = this.concernsWithWordsOf(memberId);
      for (const concern of concerns) {
        const ownerIsThem = this.get(concern.reviewId)?.ownerId === memberId;
        this.db
          .update(reviewConcerns)
          .set({
            ...(concern.reviewerId === memberId ? { reason: erased } : {}),
            ...(ownerIsThem && concern.answer !== null ? { answer: erased } : {}),
            ...(ownerIsThem && concern.overrideReason !== null ? { overrideReason: erased } : {}),
          })
          .where(eq(reviewConcerns.id, concern.id))
          .run();
      }
      return concerns.length;
    });
  }

  /** The owner's answer to an open concern; undefined when it is no longer open. */
  answerConcern(id: number, answer: string, now: number): Concern | undefined {
    return this.db
      .update(reviewConcerns)
      .set({ answer, answeredAt: now })
      .where(and(eq(reviewConcerns.id, id), eq(reviewConcerns.state, 'open')))
      .returning()
      .get();
  }

  /** Ends an open concern; undefined when it was no longer open (someone else ended it first). */
  resolveConcern(
    id: number,
    how: { state: 'withdrawn' } | { state: 'overridden'; reason: string },
    now: number,
  ): Concern | undefined {
    return this.db
      .update(reviewConcerns)
      .set({
        state: how.state,
        resolvedAt: now,
        ...(how.state === 'overridden' ? { overrideReason: how.reason } : {}),
      })
      .where(and(eq(reviewConcerns.id, id), eq(reviewConcerns.state, 'open')))
      .returning()
      .get();
  }

  /** Accepts an open review; undefined when it was already accepted. */
  accept(id: number, silent: readonly SilentReviewer[], now: number): Review | undefined {
    const row = this.db
      .update(reviews)
      .set({
        state: 'accepted',
        acceptedAt: now,
        silentAtAcceptance: silent.map((s) => s.memberId),
      })
      .where(and(eq(reviews.id, id), eq(reviews.state, 'open')))
      .returning()
      .get();
    return row && reviewOf(row);
  }

  /** How the reviewer's window was last laid out; undefined for reviews from before it was kept. */
  planOf(reviewId: number, memberId: string): ReviewerPlan | undefined {
    const row = this.db
      .select({
        plannedFrom: reviewReviewers.plannedFrom,
        spentMs: reviewReviewers.spentMs,
        plannedHours: reviewReviewers.plannedHours,
        plannedAway: reviewReviewers.plannedAway,
      })
      .from(reviewReviewers)
      .where(and(eq(reviewReviewers.reviewId, reviewId), eq(reviewReviewers.memberId, memberId)))
      .get();
    if (!row || row.plannedFrom === null || row.plannedHours === null) return undefined;
    return {
      plannedFrom: row.plannedFrom,
      spentMs: row.spentMs,
      plannedHours: row.plannedHours,
      plannedAway: row.plannedAway ?? [],
    };
  }

  /** The reviewer's window laid out again (their hours or away changed), and how. */
  replan(
    reviewId: number,
    memberId: string,
    window: Pick<Reviewer, 'windowStartsAt' | 'windowEndsAt' | 'remindAt' | 'awayWhy'>,
    plan: ReviewerPlan,
  ): void {
    this.db
      .update(reviewReviewers)
      .set({ ...window, ...plan })
      .where(and(eq(reviewReviewers.reviewId, reviewId), eq(reviewReviewers.memberId, memberId)))
      .run();
  }

  /** Someone else owns the review now (its owner left the workspace). */
  setOwner(id: number, ownerId: string): void {
    this.db.update(reviews).set({ ownerId }).where(eq(reviews.id, id)).run();
  }

  /** The end of the review's window moved (a reviewer's did). */
  setWindowEnd(id: number, windowEndsAt: number): void {
    this.db.update(reviews).set({ windowEndsAt }).where(eq(reviews.id, id)).run();
  }

  /** Closes an open review without accepting it; undefined when it was no longer open. */
  close(id: number, why: ReviewClosedWhy, now: number): Review | undefined {
    const row = this.db
      .update(reviews)
      .set({ state: 'closed', closedAt: now, closedWhy: why })
      .where(and(eq(reviews.id, id), eq(reviews.state, 'open')))
      .returning()
      .get();
    return row && reviewOf(row);
  }
}

function reviewOf(row: ReviewRow): Review {
  return { ...row, silentAtAcceptance: [...row.silentAtAcceptance] };
}
