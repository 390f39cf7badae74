import { describe, expect, it } from 'vitest';
import {
  acceptance,
  type Concern,
  checkConcernText,
  checkWindowHours,
  type Review,
  type Reviewer,
  reviewWindowEnd,
} from '../../../src/core/domain/review.js';
import type { StartedReview } from '../../../src/core/services/reviews.js';
import {
  reviewRequestMessage,
  reviewStartedText,
  windowEndMessage,
} from '../../../src/core/slack/views/review.js';
import { textOf } from '../../support/blocks.js';

const review: Review = {
  id: 5,
  objectKind: 'proposal',
  objectId: 7,
  ownerId: 'UOWN',
  windowHours: 16,
  state: 'open',
  startedAt: 0,
  windowEndsAt: 1_000,
  acceptedAt: null,
  silentAtAcceptance: [],
  closedAt: null,
  closedWhy: null,
};
const reviewer = (memberId: string, patch: Partial<Reviewer> = {}): Reviewer => ({
  reviewId: 5,
  memberId,
  state: 'pending',
  windowStartsAt: 0,
  windowEndsAt: 1_000,
  remindAt: 500,
  awayWhy: null,
  remindedAt: null,
  answeredAt: null,
  ...patch,
});
const concern = (patch: Partial<Concern> = {}): Concern => ({
  id: 1,
  reviewId: 5,
  reviewerId: 'UA',
  reason: 'why',
  state: 'open',
  answer: null,
  answeredAt: null,
  overrideReason: null,
  resolvedAt: null,
  createdAt: 0,
  ...patch,
});

describe('acceptance', () => {
  const answered = [reviewer('UA', { state: 'agreed' }), reviewer('UB', { state: 'abstained' })];

  it('an open concern blocks, whatever the window and even when the owner proceeds', () => {
    expect(acceptance(review, answered, [concern()], 2_000, true)).toMatchObject({
      ok: false,
      why: 'concerns',
    });
  });

  it('withdrawn and overridden concerns do not block', () => {
    const settled = [concern({ state: 'withdrawn' }), concern({ id: 2, state: 'overridden' })];
    expect(acceptance(review, answered, settled, 0, false)).toEqual({ ok: true, silent: [] });
  });

  it('silence waits while the window is open, unless the owner proceeds; not once it ended', () => {
    const one = [...answered, reviewer('UC', { awayWhy: 'on leave' })];
    expect(acceptance(review, one, [], 999, false)).toEqual({
      ok: false,
      why: 'waiting',
      silent: [{ memberId: 'UC', awayWhy: 'on leave' }],
      windowEndsAt: 1_000,
    });
    expect(acceptance(review, one, [], 999, true)).toEqual({
      ok: true,
      silent: [{ memberId: 'UC', awayWhy: 'on leave' }],
    });
    expect(acceptance(review, one, [], 1_000, false)).toMatchObject({ ok: true });
  });

  it('an accepted review cannot be accepted again', () => {
    expect(acceptance({ ...review, state: 'accepted' }, answered, [], 0, true)).toEqual({
      ok: false,
      why: 'settled',
    });
  });
});

describe('the review’s window and texts', () => {
  it('ends with the last reviewer whose window ends; with none, at the start', () => {
    expect(reviewWindowEnd([300, null, 700], 10)).toBe(700);
    expect(reviewWindowEnd([null], 10)).toBe(10);
  });

  it.each([
    ['', 'can’t be empty'],
    ['   ', 'can’t be empty'],
    ['x'.repeat(3001), 'under 3000 characters'],
  ])('refuses the text %#', (text, problem) => {
    const checked = checkConcernText(text, 'a reason');
    expect(checked.ok ? '' : checked.problem).toContain(problem);
  });

  it('keeps a reason trimmed', () => {
    expect(checkConcernText('  too soon \n', 'a reason')).toEqual({ ok: true, text: 'too soon' });
  });

  it.each([[0], [241], [2.5], [Number.NaN]])('refuses a window of %s working hours', (hours) => {
    expect(checkWindowHours(hours).ok).toBe(false);
  });

  it('takes 16 working hours by default', () => {
    expect(checkWindowHours(undefined)).toEqual({ ok: true, hours: 16 });
  });
});

describe('the review’s messages', () => {
  const object = { title: 'Drop <IE11> & co', link: 'https://example.com/p/7' };

  it('a reviewer’s card names the owner, links the object, escapes its title and carries the review’s id', () => {
    const message = reviewRequestMessage({
      review,
      reviewer: reviewer('UA', { windowEndsAt: Date.parse('2026-03-10T17:00:00Z') }),
      object,
      reminder: false,
    });
    const text = textOf(message.blocks);
    expect(text).toContain(
      '<@UOWN> asks for your review of *<https://example.com/p/7|Drop &lt;IE11&gt; &amp; co>*',
    );
    expect(text).toContain(
      'until <!date^1773162000^{date_short_pretty} at {time}|2026-03-10 17:00 UTC>',
    );
    expect(JSON.stringify(message.blocks)).toContain('"value":"5"');
  });

  it('the owner hears who stayed silent, and why for someone away with no end date', () => {
    const message = windowEndMessage({
      review,
      silent: [
        { memberId: 'UA', awayWhy: null },
        { memberId: 'UB', awayWhy: ':palm_tree: Vacationing' },
        { memberId: 'UC', awayWhy: null, deactivated: true },
      ],
      openConcerns: 0,
      object,
    });
    expect(textOf(message.blocks)).toContain(
      'Stayed silent: <@UA>, <@UB> (away with no end date: :palm_tree: Vacationing), <@UC> (their account was deactivated).',
    );
    expect(JSON.stringify(message.blocks)).toContain('review_proceed');
    const blocked = windowEndMessage({ review, silent: [], openConcerns: 2, object });
    expect(textOf(blocked.blocks)).toContain('2 concerns are still open');
    expect(JSON.stringify(blocked.blocks)).not.toContain('review_proceed');
  });

  it('the owner is told who was skipped and who is away', () => {
    const started: StartedReview = {
      review,
      reviewers: [reviewer('UA'), reviewer('UB')],
      skipped: ['UGONE'],
      away: [
        { memberId: 'UA', startsAt: Date.parse('2026-03-10T03:30:00Z'), why: 'away in Mailroom' },
        { memberId: 'UB', startsAt: null, why: 'On leave' },
      ],
    };
    const text = reviewStartedText(started);
    expect(text).toContain('Skipped <@UGONE>: their account is deactivated.');
    expect(text).toContain(
      '<@UA> is away (away in Mailroom): their window starts when they are back',
    );
    expect(text).toContain('<@UB> is away with no end date (On leave): they count as silent');
  });
});
