import { describe, expect, it } from 'vitest';
import { applyProfile } from '../../../src/core/services/directory.js';
import { scheduleChanged, setOwnWorkingHours } from '../../../src/core/services/people.js';
import type { ReviewSubject } from '../../../src/core/services/review-subject.js';
import { answerReview, reviewRecord, startReview } from '../../../src/core/services/reviews.js';
import { setAway } from '../../../src/core/services/settings.js';
import { profile, serviceContext, testClock } from '../../support/store.js';

/**
 * A pending reviewer's window follows their hours and away: what they already spent of it
 * stays spent, the rest is laid on the new schedule, and their card, reminder and the owner's
 * window end move with it. Everyone works 09:00–17:00 Monday to Friday unless they change it.
 */

const OWEN = 'UOWEN';
const PRIYA = 'UPRIYA';
const NOAH = 'UNOAH';

const proposal: ReviewSubject = {
  kind: 'proposal',
  describe: () => ({ title: 'Drop IE11', link: null }),
  maySee: () => true,
};

function world(now: string) {
  const clock = testClock(now);
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(proposal);
  ctx.members.upsertProfiles(
    [
      profile(OWEN, { timeZone: 'Europe/London' }),
      profile(PRIYA, { timeZone: 'Asia/Kolkata' }),
      profile(NOAH, { timeZone: 'America/New_York' }),
    ],
    clock(),
  );
  return { clock, ctx };
}

type World = ReturnType<typeof world>;

const itemOf = (w: World, key: string) => w.ctx.queue.findByKey(key);
const reviewerOf = (w: World, reviewId: number, memberId: string) =>
  reviewRecord(w.ctx, reviewId).reviewers.find((r) => r.memberId === memberId);

describe('a reviewer in Kolkata who goes away mid-window', () => {
  // Monday 9 March 2026, 09:00 IST (03:30Z): a window of 16 working hours.
  const START = '2026-03-09T03:30:00Z';

  function begin() {
    const w = world(START);
    const { review } = startReview(w.ctx, proposal, {
      objectId: 7,
      ownerId: OWEN,
      reviewerIds: [PRIYA],
    });
    return { ...w, review };
  }

  it('keeps the four hours she spent, and lays the other twelve after she is back', () => {
    const w = begin();
    const { review } = w;
    expect(reviewerOf(w, review.id, PRIYA)).toMatchObject({
      windowEndsAt: Date.parse('2026-03-10T11:30:00Z'),
      remindAt: Date.parse('2026-03-09T11:30:00Z'),
    });
    // Monday 13:00 IST she is away until Thursday (back on Thursday 12 March, 00:00 IST).
    w.clock.set('2026-03-09T07:30:00Z');
    setAway(w.ctx, PRIYA, 'until 2026-03-12');

    // Twelve hours left: Thursday's eight, then Friday until 13:00 IST (07:30Z); half the
    // window (four more hours) on Thursday at 13:00 IST.
    expect(reviewerOf(w, review.id, PRIYA)).toMatchObject({
      windowStartsAt: Date.parse('2026-03-09T03:30:00Z'),
      windowEndsAt: Date.parse('2026-03-13T07:30:00Z'),
      remindAt: Date.parse('2026-03-12T07:30:00Z'),
    });
    expect(itemOf(w, `review:${review.id}:reminder:${PRIYA}`)).toMatchObject({
      state: 'queued',
      notBefore: Date.parse('2026-03-12T07:30:00Z'),
      deliverAfter: Date.parse('2026-03-12T07:30:00Z'),
    });
    // The owner hears of the window's end when it really ends: Friday 07:30Z, in his hours
    // (09:00 in London).
    expect(w.ctx.reviews.get(review.id)?.windowEndsAt).toBe(Date.parse('2026-03-13T07:30:00Z'));
    expect(itemOf(w, `review:${review.id}:window-end`)).toMatchObject({
      notBefore: Date.parse('2026-03-13T07:30:00Z'),
      deliverAfter: Date.parse('2026-03-13T09:00:00Z'),
    });

    // She comes back early, Tuesday 09:00 IST: the time away used none of her window.
    w.clock.set('2026-03-10T03:30:00Z');
    setAway(w.ctx, PRIYA, 'back');
    expect(reviewerOf(w, review.id, PRIYA)).toMatchObject({
      windowEndsAt: Date.parse('2026-03-11T07:30:00Z'),
      remindAt: Date.parse('2026-03-10T07:30:00Z'),
    });
    expect(itemOf(w, `review:${review.id}:window-end`)?.notBefore).toBe(
      Date.parse('2026-03-11T07:30:00Z'),
    );
  });

  it('waits for her card until she is back when she goes away before her window opens', () => {
    // Sunday 8 March, 12:00 IST: her window opens on Monday.
    const w = world('2026-03-08T06:30:00Z');
    const { review } = startReview(w.ctx, proposal, {
      objectId: 7,
      ownerId: OWEN,
      reviewerIds: [PRIYA],
    });
    expect(itemOf(w, `review:${review.id}:request:${PRIYA}`)?.notBefore).toBe(
      Date.parse('2026-03-09T03:30:00Z'),
    );
    setAway(w.ctx, PRIYA, 'until 2026-03-11');
    // Back on Wednesday: her card, and her whole window, start at 09:00 IST then.
    expect(itemOf(w, `review:${review.id}:request:${PRIYA}`)).toMatchObject({
      notBefore: Date.parse('2026-03-11T03:30:00Z'),
      deliverAfter: Date.parse('2026-03-11T03:30:00Z'),
    });
    expect(reviewerOf(w, review.id, PRIYA)).toMatchObject({
      windowStartsAt: Date.parse('2026-03-11T03:30:00Z'),
      windowEndsAt: Date.parse('2026-03-12T11:30:00Z'),
    });
  });

  it('counts her as silent when she goes away with no end date, from a Slack status', () => {
    const w = begin();
    w.clock.set('2026-03-09T07:30:00Z');
    applyProfile(
      w.ctx,
      profile(PRIYA, {
        timeZone: 'Asia/Kolkata',
        slackStatusText: 'Vacationing',
        slackStatusEmoji: ':palm_tree:',
      }),
    );
    scheduleChanged(w.ctx, PRIYA);
    expect(reviewerOf(w, w.review.id, PRIYA)).toMatchObject({
      windowEndsAt: null,
      remindAt: null,
      awayWhy: ':palm_tree: Vacationing',
    });
    // Her reminder stays queued: it is held while she is away, and moves when she is back.
    expect(itemOf(w, `review:${w.review.id}:reminder:${PRIYA}`)?.state).toBe('queued');
    // With no end to wait for, the review's window ends at its start: the owner may proceed.
    expect(w.ctx.reviews.get(w.review.id)?.windowEndsAt).toBe(Date.parse(START));

    // Back on Wednesday (the status cleared): the twelve hours left run from then, and her
    // reminder moves to their half.
    w.clock.set('2026-03-11T03:30:00Z');
    applyProfile(w.ctx, profile(PRIYA, { timeZone: 'Asia/Kolkata' }));
    scheduleChanged(w.ctx, PRIYA);
    expect(reviewerOf(w, w.review.id, PRIYA)).toMatchObject({
      windowEndsAt: Date.parse('2026-03-12T07:30:00Z'),
      remindAt: Date.parse('2026-03-11T07:30:00Z'),
      awayWhy: null,
    });
    expect(itemOf(w, `review:${w.review.id}:reminder:${PRIYA}`)).toMatchObject({
      state: 'queued',
      notBefore: Date.parse('2026-03-11T07:30:00Z'),
    });
  });

  it('leaves a reviewer who already answered as they are', () => {
    const w = begin();
    answerReview(w.ctx, { reviewId: w.review.id, userId: PRIYA, answer: 'agree' });
    const before = reviewerOf(w, w.review.id, PRIYA);
    w.clock.set('2026-03-09T07:30:00Z');
    setAway(w.ctx, PRIYA, 'until 2026-03-12');
    expect(reviewerOf(w, w.review.id, PRIYA)).toEqual(before);
  });
});

describe('a reviewer in New York who changes hours across the clock change', () => {
  // Thursday 29 October 2026, 09:00 EDT (13:00Z): a window of 24 working hours. New York's
  // clocks go back on Sunday 1 November (EDT to EST).
  const START = '2026-10-29T13:00:00Z';

  it('keeps the four hours he spent, and lays the other twenty on 08:00–14:00', () => {
    const w = world(START);
    const { review } = startReview(w.ctx, proposal, {
      objectId: 7,
      ownerId: OWEN,
      reviewerIds: [NOAH],
      windowHours: 24,
    });
    // On 09:00–17:00: Thursday, Friday, and Monday 2 November until 17:00 EST (22:00Z).
    expect(reviewerOf(w, review.id, NOAH)?.windowEndsAt).toBe(Date.parse('2026-11-02T22:00:00Z'));

    // Thursday 13:00 EDT he works 08:00–14:00 from now on.
    w.clock.set('2026-10-29T17:00:00Z');
    const saved = setOwnWorkingHours(w.ctx, NOAH, '08:00-14:00 mon-fri');
    expect(saved.kind).toBe('saved');

    // Twenty hours left: Thursday 1, Friday 6, Monday 6 (EST now), Tuesday 6, and Wednesday
    // 4 November until 09:00 EST (14:00Z). Half (8 more hours): Monday 09:00 EST (14:00Z).
    expect(reviewerOf(w, review.id, NOAH)).toMatchObject({
      windowStartsAt: Date.parse(START),
      windowEndsAt: Date.parse('2026-11-04T14:00:00Z'),
      remindAt: Date.parse('2026-11-02T14:00:00Z'),
    });
    expect(itemOf(w, `review:${review.id}:reminder:${NOAH}`)).toMatchObject({
      notBefore: Date.parse('2026-11-02T14:00:00Z'),
      deliverAfter: Date.parse('2026-11-02T14:00:00Z'),
    });
    // Owen, in London (GMT since 25 October), hears at 14:00Z on Wednesday: in his hours.
    expect(itemOf(w, `review:${review.id}:window-end`)).toMatchObject({
      notBefore: Date.parse('2026-11-04T14:00:00Z'),
      deliverAfter: Date.parse('2026-11-04T14:00:00Z'),
    });
  });

  it('moves the time zone too, from a user_change, keeping what was spent', () => {
    const w = world(START);
    const { review } = startReview(w.ctx, proposal, {
      objectId: 7,
      ownerId: OWEN,
      reviewerIds: [NOAH],
      windowHours: 24,
    });
    // After two hours (11:00 EDT) he moves to Los Angeles, where it is 08:00 PDT.
    w.clock.set('2026-10-29T15:00:00Z');
    applyProfile(w.ctx, profile(NOAH, { timeZone: 'America/Los_Angeles' }));
    scheduleChanged(w.ctx, NOAH);
    // Twenty-two left: Thursday 09:00–17:00 PDT, Friday, then Monday 2 November (PST) until
    // 15:00 = 23:00Z. Half (ten more hours): Friday 11:00 PDT (18:00Z). In New York it would
    // have been Monday 22:00Z and Friday 17:00Z.
    expect(reviewerOf(w, review.id, NOAH)).toMatchObject({
      windowEndsAt: Date.parse('2026-11-02T23:00:00Z'),
      remindAt: Date.parse('2026-10-30T18:00:00Z'),
    });
    expect(w.ctx.reviews.get(review.id)?.windowEndsAt).toBe(Date.parse('2026-11-02T23:00:00Z'));
  });
});
