/**
 * The review of an object (a decision, a plan's stage): its reviewers are asked in their own
 * working hours, each within a window counted in those hours; a concern blocks acceptance until
 * its reviewer withdraws it (once the owner has answered) or the owner overrides it with a
 * reason. Every concern and how it ended stays as the record. Pure rules: nothing here reads
 * the clock or the store.
 */
import type { WorkingHours } from './working-hours.js';
import type { AwayPeriod } from './working-time.js';

/** Working hours each reviewer has to answer, when the review does not say otherwise. */
export const DEFAULT_REVIEW_WINDOW_HOURS = 16;
/** A window longer than this (six working weeks) is surely a mistake. */
export const MAX_REVIEW_WINDOW_HOURS = 240;
/** The longest reason or answer a concern keeps; Slack's text inputs stop at 3000. */
export const MAX_CONCERN_TEXT = 3000;

export const REVIEW_STATES = ['open', 'accepted', 'closed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Why a review was closed without being accepted: its object was rejected, superseded, reversed or withdrawn. */
export const REVIEW_CLOSED_WHY = ['rejected', 'superseded', 'reversed', 'withdrawn'] as const;
export type ReviewClosedWhy = (typeof REVIEW_CLOSED_WHY)[number];

export const REVIEWER_STATES = ['pending', 'agreed', 'concern', 'abstained'] as const;
export type ReviewerState = (typeof REVIEWER_STATES)[number];

export const CONCERN_STATES = ['open', 'withdrawn', 'overridden'] as const;
export type ConcernState = (typeof CONCERN_STATES)[number];

/** What a reviewer says: agree, abstain, or a concern (with its reason). */
export type ReviewAnswer = 'agree' | 'abstain';

export interface Review {
  id: number;
  /** The kind of object reviewed ('decision', 'plan_stage'), as its capability names it. */
  objectKind: string;
  objectId: number;
  ownerId: string;
  windowHours: number;
  state: ReviewState;
  startedAt: number;
  /** The end of the last reviewer's window that ends at all: the owner hears who stayed silent. */
  windowEndsAt: number;
  acceptedAt: number | null;
  /** The acceptance went ahead while these reviewers had not answered. */
  silentAtAcceptance: string[];
  /** When it was closed without being accepted, and why. */
  closedAt: number | null;
  closedWhy: ReviewClosedWhy | null;
}

export interface Reviewer {
  reviewId: number;
  memberId: string;
  state: ReviewerState;
  /** When their window really opens: their first working instant, once back if they were away. */
  windowStartsAt: number | null;
  /** When their window ends; null when it never does (away with no end date). */
  windowEndsAt: number | null;
  /** Half their window: a reviewer who has not answered by then is reminded once. */
  remindAt: number | null;
  /** Why their window never ends ("🌴 Vacationing"), for the owner. */
  awayWhy: string | null;
  /** When their reminder went out (its delivery), if it did. */
  remindedAt: number | null;
  answeredAt: number | null;
}

export interface Concern {
  id: number;
  reviewId: number;
  reviewerId: string;
  reason: string;
  state: ConcernState;
  /** The owner's answer to it. */
  answer: string | null;
  answeredAt: number | null;
  /** Why the owner went ahead despite it. */
  overrideReason: string | null;
  resolvedAt: number | null;
  createdAt: number;
}

/**
 * How a reviewer's window was last laid out: from `plannedFrom`, on these hours and away
 * periods, with `spentMs` of their working time already used by then.
 */
export interface ReviewerPlan {
  plannedFrom: number;
  spentMs: number;
  plannedHours: WorkingHours;
  plannedAway: AwayPeriod[];
}

/** A reviewer who has not answered, and why when their window never ends. */
export interface SilentReviewer {
  memberId: string;
  /** Set for someone away with no end date. */
  awayWhy: string | null;
  /** Their account was deactivated since the review started (the services look it up). */
  deactivated?: boolean;
}

export function openConcerns(concerns: readonly Concern[]): Concern[] {
  return concerns.filter((c) => c.state === 'open');
}

export function silentReviewers(reviewers: readonly Reviewer[]): SilentReviewer[] {
  return reviewers
    .filter((r) => r.state === 'pending')
    .map((r) => ({ memberId: r.memberId, awayWhy: r.awayWhy }));
}

/** Whether the review's window is over: the last reviewer's that ends at all has ended. */
export function windowEnded(review: Pick<Review, 'windowEndsAt'>, now: number): boolean {
  return now >= review.windowEndsAt;
}

/**
 * The window of the whole review: the latest end among reviewers whose window ends. Reviewers
 * whose window never ends count as silent at the others' end; with none that ends, at `start`.
 */
export function reviewWindowEnd(windowEnds: readonly (number | null)[], start: number): number {
  const ends = windowEnds.filter((end): end is number => end !== null);
  return ends.length === 0 ? start : Math.max(...ends);
}

export type AcceptanceVerdict =
  | { ok: true; silent: SilentReviewer[] }
  /** Open concerns block, whatever the window. */
  | { ok: false; why: 'concerns'; concerns: Concern[] }
  /** Reviewers have not answered and their window is still open: the owner may proceed. */
  | { ok: false; why: 'waiting'; silent: SilentReviewer[]; windowEndsAt: number }
  | { ok: false; why: 'settled' };

/**
 * Whether the review can be accepted now. Open concerns always block. Reviewers who have not
 * answered block only while the window is open, unless the owner proceeds; either way the
 * verdict names them.
 */
export function acceptance(
  review: Review,
  reviewers: readonly Reviewer[],
  concerns: readonly Concern[],
  now: number,
  proceed: boolean,
): AcceptanceVerdict {
  if (review.state !== 'open') return { ok: false, why: 'settled' };
  const open = openConcerns(concerns);
  if (open.length > 0) return { ok: false, why: 'concerns', concerns: open };
  const silent = silentReviewers(reviewers);
  if (silent.length > 0 && !proceed && !windowEnded(review, now)) {
    return { ok: false, why: 'waiting', silent, windowEndsAt: review.windowEndsAt };
  }
  return { ok: true, silent };
}

/** What a closed review's cards say: "This review was closed: …". */
export function closedReason(why: ReviewClosedWhy | null): string {
  switch (why) {
    case 'rejected':
      return 'it was rejected';
    case 'superseded':
      return 'it was superseded by another';
    case 'reversed':
      return 'it was reversed';
    default:
      return 'it was withdrawn';
  }
}

/** A reason, an answer: trimmed, required, within Slack's limit; or what is wrong with it. */
export function checkConcernText(
  text: string | null | undefined,
  what: string,
): { ok: true; text: string } | { ok: false; problem: string } {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { ok: false, problem: `Please write ${what}: it can’t be empty.` };
  if (trimmed.length > MAX_CONCERN_TEXT) {
    return {
      ok: false,
      problem: `Please keep ${what} under ${MAX_CONCERN_TEXT} characters (it has ${trimmed.length}).`,
    };
  }
  return { ok: true, text: trimmed };
}

/** A window length in working hours, or what is wrong with it. */
export function checkWindowHours(
  hours: number | undefined,
): { ok: true; hours: number } | { ok: false; problem: string } {
  const value = hours ?? DEFAULT_REVIEW_WINDOW_HOURS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_REVIEW_WINDOW_HOURS) {
    return {
      ok: false,
      problem: `A review’s window is a whole number of working hours from 1 to ${MAX_REVIEW_WINDOW_HOURS} (the default is ${DEFAULT_REVIEW_WINDOW_HOURS}).`,
    };
  }
  return { ok: true, hours: value };
}
