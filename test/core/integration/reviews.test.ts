import { beforeEach, describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../src/context.js';
import { ERASED_TEXT } from '../../../src/core/domain/member.js';
import type { Review } from '../../../src/core/domain/review.js';
import { coreMemberData, forgetCoreData } from '../../../src/core/services/member-data.js';
import type { ReviewSubject } from '../../../src/core/services/review-subject.js';
import {
  acceptReview,
  answerConcern,
  answerReview,
  overrideConcern,
  raiseConcern,
  reviewRecord,
  startReview,
  withdrawConcern,
} from '../../../src/core/services/reviews.js';
import { reviewsCapability } from '../../../src/core/slack/reviews.js';
import { profile, serviceContext, testClock } from '../../support/store.js';

/**
 * The review in the core over a real database, with a subject standing in for a capability.
 * Friday 6 March 2026, 18:00Z: 13:00 in New York (EST), 23:30 in Kolkata, Saturday 07:00 in
 * Auckland (NZDT, UTC+13). Everyone works 09:00–17:00 Monday to Friday; the owner is in London.
 */

const OWNER = 'U0OWEN';
const AROHA = 'U0AROHA'; // Auckland
const PRIYA = 'U0PRIYA'; // Kolkata
const NOAH = 'U0NOAH'; // New York
const GONE = 'U0GONE'; // deactivated
const GUEST = 'U0GUEST'; // may not see the object
const STRANGER = 'U0STRANGER'; // in the workspace, not in the review

const at = (iso: string) => Date.parse(iso);
const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

let clock: ReturnType<typeof testClock>;
let ctx: MailroomContext;
let changes: Review[];
let subject: ReviewSubject;

beforeEach(() => {
  clock = testClock('2026-03-06T18:00:00Z');
  ctx = serviceContext(clock);
  ctx.members.upsertProfiles(
    [
      profile(OWNER, { timeZone: 'Europe/London' }),
      profile(AROHA, { timeZone: 'Pacific/Auckland' }),
      profile(PRIYA, { timeZone: 'Asia/Kolkata' }),
      profile(NOAH, { timeZone: 'America/New_York' }),
      profile(GONE, { timeZone: 'UTC', deleted: true }),
      profile(GUEST, { timeZone: 'UTC', isGuest: true }),
      profile(STRANGER, { timeZone: 'UTC' }),
    ],
    clock(),
  );
  changes = [];
  subject = {
    kind: 'proposal',
    describe: (id) => (id === 42 ? { title: 'Drop IE11', link: null } : undefined),
    maySee: (_id, userId) => userId !== GUEST,
    changed: (review) => changes.push(review),
  };
  ctx.hooks.onReview(subject);
});

const start = (over: Partial<Parameters<typeof startReview>[2]> = {}) =>
  startReview(ctx, subject, {
    objectId: 42,
    ownerId: OWNER,
    reviewerIds: [AROHA, PRIYA, NOAH],
    informedIds: [STRANGER],
    ...over,
  });

const itemsOf = (reviewId: number) =>
  ctx.queue.openWithKeyPrefix(`review:${reviewId}:`).map((item) => ({
    kind: item.kind,
    to: item.recipientId,
    at: iso(item.deliverAfter),
  }));

describe('starting a review', () => {
  it('counts each reviewer’s window in their own working hours and queues their card, reminder and the owner’s window end', () => {
    const { review, reviewers, skipped, away } = start();
    expect(skipped).toEqual([]);
    expect(away).toEqual([]);
    expect(review.windowHours).toBe(16);
    const windows = Object.fromEntries(
      reviewers.map((r) => [
        r.memberId,
        [iso(r.windowStartsAt), iso(r.remindAt), iso(r.windowEndsAt)],
      ]),
    );
    expect(windows).toEqual({
      // Auckland: Mon 9 March 09:00 NZDT = Sun 20:00Z; 8 h on Monday (to Mon 04:00Z),
      // 8 h on Tuesday (Mon 20:00Z → Tue 04:00Z).
      [AROHA]: ['2026-03-08T20:00:00.000Z', '2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z'],
      // Kolkata: Friday is over (23:30); Mon 09:00 IST = 03:30Z, Mon 8 h, Tue 8 h.
      [PRIYA]: ['2026-03-09T03:30:00.000Z', '2026-03-09T11:30:00.000Z', '2026-03-10T11:30:00.000Z'],
      // New York: 4 h on Friday (to 22:00Z); the clock goes forward on Sunday; Mon 09:00 EDT
      // = 13:00Z, 4 h more is the half (17:00Z), then Tue 13:00Z + 4 h = 17:00Z.
      [NOAH]: ['2026-03-06T18:00:00.000Z', '2026-03-09T17:00:00.000Z', '2026-03-10T17:00:00.000Z'],
    });
    // The review's window is the last of them.
    expect(iso(review.windowEndsAt)).toBe('2026-03-10T17:00:00.000Z');
    expect(itemsOf(review.id)).toEqual([
      { kind: 'review_request', to: AROHA, at: '2026-03-08T20:00:00.000Z' },
      // Half of Aroha's and Priya's windows falls at 17:00, the end of their Monday: each is
      // reminded at the start of their Tuesday.
      { kind: 'review_reminder', to: AROHA, at: '2026-03-09T20:00:00.000Z' },
      { kind: 'review_request', to: PRIYA, at: '2026-03-09T03:30:00.000Z' },
      { kind: 'review_reminder', to: PRIYA, at: '2026-03-10T03:30:00.000Z' },
      { kind: 'review_request', to: NOAH, at: '2026-03-06T18:00:00.000Z' },
      { kind: 'review_reminder', to: NOAH, at: '2026-03-09T17:00:00.000Z' },
      // 17:00 in London is the end of the owner's day: Wednesday 09:00 GMT.
      { kind: 'review_window_end', to: OWNER, at: '2026-03-11T09:00:00.000Z' },
    ]);
    expect(reviewRecord(ctx, review.id).informed).toEqual([STRANGER]);
  });

  it('skips a deactivated reviewer and says so', () => {
    const { reviewers, skipped } = start({ reviewerIds: [NOAH, GONE] });
    expect(skipped).toEqual([GONE]);
    expect(reviewers.map((r) => r.memberId)).toEqual([NOAH]);
  });

  it.each([
    [{ reviewerIds: [NOAH, GUEST] }, 'can’t see this'],
    [{ reviewerIds: [NOAH, OWNER] }, 'You own this'],
    [{ reviewerIds: [NOAH, 'U0NOBODY'] }, 'I don’t know them'],
    [{ reviewerIds: [] }, 'at least one reviewer'],
    [{ reviewerIds: [GONE] }, 'left the workspace'],
    [{ windowHours: 0 }, 'whole number of working hours'],
    [{ windowHours: 1.5 }, 'whole number of working hours'],
  ])('refuses %o before anything is stored or sent', (over, words) => {
    expect(() => start(over)).toThrow(words);
    expect(ctx.reviews.forObject('proposal', 42)).toEqual([]);
    expect(ctx.queue.openWithKeyPrefix('review:')).toEqual([]);
  });

  it('takes a window set for the review', () => {
    const { reviewers } = start({ reviewerIds: [NOAH], windowHours: 4 });
    expect(iso(reviewers[0]?.windowEndsAt ?? null)).toBe('2026-03-06T22:00:00.000Z');
  });

  it('refuses a second review while one is open', () => {
    start();
    expect(() => start()).toThrow('already under review');
  });

  it('an away reviewer’s window starts when they are back', () => {
    // Priya is away until Tue 10 March 00:00 IST (Mon 18:30Z): Tue 8 h, Wed 8 h.
    ctx.members.saveSettings(PRIYA, { awayUntil: at('2026-03-09T18:30:00Z') }, clock());
    const { reviewers, away, review } = start();
    const priya = reviewers.find((r) => r.memberId === PRIYA);
    expect([iso(priya?.windowStartsAt ?? null), iso(priya?.windowEndsAt ?? null)]).toEqual([
      '2026-03-10T03:30:00.000Z',
      '2026-03-11T11:30:00.000Z',
    ]);
    expect(away).toEqual([
      { memberId: PRIYA, startsAt: at('2026-03-10T03:30:00Z'), why: 'away in Mailroom' },
    ]);
    expect(iso(review.windowEndsAt)).toBe('2026-03-11T11:30:00.000Z');
    expect(itemsOf(review.id)).toContainEqual({
      kind: 'review_request',
      to: PRIYA,
      at: '2026-03-10T03:30:00.000Z',
    });
  });

  it('a reviewer away with no end date never has a window end: silent at the others’ end, with why', () => {
    ctx.members.upsertProfiles(
      [
        profile(AROHA, {
          timeZone: 'Pacific/Auckland',
          slackStatusText: 'Vacationing',
          slackStatusEmoji: ':palm_tree:',
        }),
      ],
      clock(),
    );
    const { reviewers, away, review } = start();
    const aroha = reviewers.find((r) => r.memberId === AROHA);
    expect(aroha).toMatchObject({ windowEndsAt: null, awayWhy: ':palm_tree: Vacationing' });
    expect(away).toEqual([{ memberId: AROHA, startsAt: null, why: ':palm_tree: Vacationing' }]);
    expect(iso(review.windowEndsAt)).toBe('2026-03-10T17:00:00.000Z');
    answerReview(ctx, { reviewId: review.id, userId: PRIYA, answer: 'agree' });
    answerReview(ctx, { reviewId: review.id, userId: NOAH, answer: 'agree' });
    clock.set('2026-03-10T17:00:00Z');
    expect(acceptReview(ctx, { reviewId: review.id, userId: OWNER })).toMatchObject({
      accepted: true,
      silent: [{ memberId: AROHA, awayWhy: ':palm_tree: Vacationing' }],
    });
  });
});

describe('answers and concerns', () => {
  it('only a reviewer of the review agrees, raises a concern or abstains', () => {
    const { review } = start();
    expect(() =>
      answerReview(ctx, { reviewId: review.id, userId: OWNER, answer: 'agree' }),
    ).toThrow('Only the people asked to review this');
    expect(() =>
      answerReview(ctx, { reviewId: review.id, userId: STRANGER, answer: 'agree' }),
    ).toThrow('I can’t find that review');
    expect(() => raiseConcern(ctx, { reviewId: review.id, userId: GUEST, reason: 'no' })).toThrow(
      'I can’t find that review',
    );
    expect(() => answerReview(ctx, { reviewId: 999, userId: NOAH, answer: 'agree' })).toThrow(
      'I can’t find that review',
    );
    expect(reviewRecord(ctx, review.id).reviewers.every((r) => r.state === 'pending')).toBe(true);
  });

  it('an answer closes the reviewer’s card and reminder; when all answered, the owner’s window end too', () => {
    const { review } = start();
    answerReview(ctx, { reviewId: review.id, userId: NOAH, answer: 'agree' });
    answerReview(ctx, { reviewId: review.id, userId: PRIYA, answer: 'abstain' });
    expect(itemsOf(review.id).map((i) => `${i.kind}:${i.to}`)).toEqual([
      `review_request:${AROHA}`,
      `review_reminder:${AROHA}`,
      `review_window_end:${OWNER}`,
    ]);
    raiseConcern(ctx, { reviewId: review.id, userId: AROHA, reason: 'Our kiosks run IE11' });
    expect(itemsOf(review.id).map((i) => `${i.kind}:${i.to}`)).toEqual([`review_concern:${OWNER}`]);
    const states = reviewRecord(ctx, review.id).reviewers.map((r) => [r.memberId, r.state]);
    expect(states).toEqual([
      [AROHA, 'concern'],
      [NOAH, 'agreed'],
      [PRIYA, 'abstained'],
    ]);
    expect(changes).toHaveLength(3);
  });

  it('a concern needs a reason', () => {
    const { review } = start();
    expect(() => raiseConcern(ctx, { reviewId: review.id, userId: NOAH, reason: '  ' })).toThrow(
      'Please write the reason for your concern',
    );
    expect(reviewRecord(ctx, review.id).concerns).toEqual([]);
  });

  it('a concern blocks until the owner answers and the reviewer withdraws it', () => {
    const { review } = start();
    answerReview(ctx, { reviewId: review.id, userId: NOAH, answer: 'agree' });
    answerReview(ctx, { reviewId: review.id, userId: AROHA, answer: 'agree' });
    const concern = raiseConcern(ctx, {
      reviewId: review.id,
      userId: PRIYA,
      reason: 'Who tells the kiosk team?',
    });
    expect(() => acceptReview(ctx, { reviewId: review.id, userId: OWNER, proceed: true })).toThrow(
      'can’t be accepted while a concern is open',
    );
    expect(() => withdrawConcern(ctx, { concernId: concern.id, userId: PRIYA })).toThrow(
      'The owner hasn’t answered your concern yet',
    );
    expect(() =>
      answerConcern(ctx, { concernId: concern.id, userId: PRIYA, answer: 'me?' }),
    ).toThrow('Only the owner answers concerns');
    answerConcern(ctx, { concernId: concern.id, userId: OWNER, answer: 'I will, on Monday.' });
    expect(() => withdrawConcern(ctx, { concernId: concern.id, userId: NOAH })).toThrow(
      'Only the reviewer who raised a concern',
    );
    expect(() => acceptReview(ctx, { reviewId: review.id, userId: OWNER })).toThrow(
      'can’t be accepted while a concern is open',
    );
    withdrawConcern(ctx, { concernId: concern.id, userId: PRIYA });
    expect(() => withdrawConcern(ctx, { concernId: concern.id, userId: PRIYA })).toThrow('settled');
    const accepted = acceptReview(ctx, { reviewId: review.id, userId: OWNER });
    expect(accepted).toMatchObject({ accepted: true, silent: [] });
    const record = reviewRecord(ctx, review.id);
    expect(record.review.state).toBe('accepted');
    expect(record.concerns).toMatchObject([
      {
        reviewerId: PRIYA,
        reason: 'Who tells the kiosk team?',
        state: 'withdrawn',
        answer: 'I will, on Monday.',
        overrideReason: null,
      },
    ]);
    expect(() =>
      answerReview(ctx, { reviewId: review.id, userId: NOAH, answer: 'abstain' }),
    ).toThrow('This review has ended');
  });

  it('the owner overrides a concern with a reason, which stays in the record', () => {
    const { review } = start({ reviewerIds: [NOAH] });
    const concern = raiseConcern(ctx, { reviewId: review.id, userId: NOAH, reason: 'Too soon' });
    expect(() =>
      overrideConcern(ctx, { concernId: concern.id, userId: OWNER, reason: '' }),
    ).toThrow('Please write why you go ahead despite the concern');
    expect(() =>
      overrideConcern(ctx, { concernId: concern.id, userId: NOAH, reason: 'mine' }),
    ).toThrow('Only the owner can go ahead');
    overrideConcern(ctx, { concernId: concern.id, userId: OWNER, reason: 'The contract ends' });
    expect(itemsOf(review.id)).toEqual([
      { kind: 'review_concern_settled', to: NOAH, at: '2026-03-06T18:00:00.000Z' },
    ]);
    expect(acceptReview(ctx, { reviewId: review.id, userId: OWNER })).toMatchObject({
      accepted: true,
    });
    expect(reviewRecord(ctx, review.id).concerns).toMatchObject([
      { state: 'overridden', overrideReason: 'The contract ends', reason: 'Too soon' },
    ]);
  });
});

describe('accepting', () => {
  it('waits for silent reviewers while the window is open, unless the owner proceeds; reports who stayed silent', () => {
    const { review } = start();
    answerReview(ctx, { reviewId: review.id, userId: NOAH, answer: 'agree' });
    expect(() => acceptReview(ctx, { reviewId: review.id, userId: NOAH })).toThrow(
      'Only the owner can accept',
    );
    expect(acceptReview(ctx, { reviewId: review.id, userId: OWNER })).toEqual({
      accepted: false,
      silent: [
        { memberId: AROHA, awayWhy: null },
        { memberId: PRIYA, awayWhy: null },
      ],
      windowEndsAt: at('2026-03-10T17:00:00Z'),
    });
    expect(reviewRecord(ctx, review.id).review.state).toBe('open');
    const proceeded = acceptReview(ctx, { reviewId: review.id, userId: OWNER, proceed: true });
    expect(proceeded).toMatchObject({
      accepted: true,
      silent: [{ memberId: AROHA }, { memberId: PRIYA }],
    });
    // What was still out for them is withdrawn.
    expect(itemsOf(review.id)).toEqual([]);
    expect(reviewRecord(ctx, review.id).silent.map((s) => s.memberId)).toEqual([AROHA, PRIYA]);
  });

  it('a reviewer deactivated during the review counts as silent, and the owner is told why', () => {
    const { review } = start();
    answerReview(ctx, { reviewId: review.id, userId: AROHA, answer: 'agree' });
    answerReview(ctx, { reviewId: review.id, userId: PRIYA, answer: 'agree' });
    ctx.members.upsertProfiles(
      [profile(NOAH, { timeZone: 'America/New_York', deleted: true })],
      clock(),
    );
    expect(acceptReview(ctx, { reviewId: review.id, userId: OWNER })).toMatchObject({
      accepted: false,
      silent: [{ memberId: NOAH, deactivated: true }],
    });
    expect(acceptReview(ctx, { reviewId: review.id, userId: OWNER, proceed: true })).toMatchObject({
      accepted: true,
      silent: [{ memberId: NOAH, deactivated: true }],
    });
    expect(reviewRecord(ctx, review.id).silent).toEqual([
      { memberId: NOAH, awayWhy: null, deactivated: true },
    ]);
  });

  it('silent reviewers do not block once the window ended', () => {
    const { review } = start();
    clock.set('2026-03-10T17:00:00Z');
    expect(acceptReview(ctx, { reviewId: review.id, userId: OWNER })).toMatchObject({
      accepted: true,
      silent: [{ memberId: AROHA }, { memberId: NOAH }, { memberId: PRIYA }],
    });
    expect(() => acceptReview(ctx, { reviewId: review.id, userId: OWNER })).toThrow(
      'already ended',
    );
  });
});

describe('a member’s data', () => {
  it('lists the reviews and concerns holding their words, and forgetting them erases the words but keeps the record', () => {
    const { review } = start();
    const concern = raiseConcern(ctx, { reviewId: review.id, userId: PRIYA, reason: 'My words' });
    answerConcern(ctx, { concernId: concern.id, userId: OWNER, answer: 'The owner’s words' });
    const priya = ctx.members.get(PRIYA);
    const owner = ctx.members.get(OWNER);
    if (!priya || !owner) throw new Error('members missing');
    const data = coreMemberData(ctx, priya);
    expect(data.reviews.reviews.map((r) => r.id)).toEqual([review.id]);
    expect(data.reviews.concerns.map((c) => c.reason)).toEqual(['My words']);
    const stranger = ctx.members.get(STRANGER);
    if (!stranger) throw new Error('members missing');
    expect(coreMemberData(ctx, stranger).reviews).toEqual({ reviews: [], concerns: [] });

    expect(forgetCoreData(ctx, priya).review_concerns).toBe(1);
    expect(forgetCoreData(ctx, owner).review_concerns).toBe(1);
    expect(reviewRecord(ctx, review.id).concerns).toMatchObject([
      { reviewerId: PRIYA, state: 'open', reason: ERASED_TEXT, answer: ERASED_TEXT },
    ]);
  });
});

describe('on the Home tab', () => {
  it('each review item has its line and its card’s buttons', () => {
    const { describe: describeItem } = reviewsCapability(ctx);
    const { review } = start({ reviewerIds: [NOAH] });
    const request = ctx.queue.findByKey(`review:${review.id}:request:${NOAH}`);
    if (!request || !describeItem) throw new Error('no request item');
    expect(describeItem(request)).toEqual({
      label: 'Review',
      summary: 'Drop IE11',
      actions: [
        { text: 'Agree', actionId: 'review_agree', value: String(review.id), style: 'primary' },
        { text: 'Concern', actionId: 'review_concern', value: String(review.id) },
        { text: 'Abstain', actionId: 'review_abstain', value: String(review.id) },
      ],
    });
    const concern = raiseConcern(ctx, { reviewId: review.id, userId: NOAH, reason: 'Too soon' });
    const concernItem = ctx.queue.findByKey(`review:${review.id}:concern:${concern.id}`);
    if (!concernItem) throw new Error('no concern item');
    expect(describeItem(concernItem)?.actions?.map((a) => a.actionId)).toEqual([
      'review_answer_concern',
      'review_override_concern',
    ]);
    expect(describeItem({ ...request, kind: 'notice' })).toBeUndefined();
  });
});
