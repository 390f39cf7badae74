import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewSubject } from '../../../src/core/services/review-subject.js';
import {
  acceptReview,
  closeReview,
  reviewRecord,
  startReview,
} from '../../../src/core/services/reviews.js';
import { REVIEW_ACTIONS, REVIEW_TEXT, REVIEW_VIEWS } from '../../../src/core/slack/views/review.js';
import { findButton, textOf } from '../../support/blocks.js';
import type { FakeUser, Json, StoredMessage } from '../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../support/harness.js';
import { userChangeEvent } from '../../support/slack-requests.js';

/**
 * The review in the core, end to end: the real HTTP receiver, the fake Slack, an injected
 * clock. A test capability's proposal is reviewed by Aroha in Auckland, Priya in Kolkata and
 * Noah in New York, from Friday 6 March 2026 18:00Z (Noah's 13:00 EST, Priya's 23:30, Aroha's
 * Saturday 07:00 NZDT); New York's clock goes forward on Sunday 8 March. Everyone works
 * 09:00–17:00 Monday to Friday; the owner, Owen, is in London.
 */

const OWEN = 'U0OWEN';
const AROHA = 'U0AROHA';
const PRIYA = 'U0PRIYA';
const NOAH = 'U0NOAH';
const STRANGER = 'U0STRANGER';

const people: FakeUser[] = [
  { id: OWEN, name: 'owen', realName: 'Owen Ortiz', tz: 'Europe/London' },
  { id: AROHA, name: 'aroha', realName: 'Aroha Ngata', tz: 'Pacific/Auckland' },
  { id: PRIYA, name: 'priya', realName: 'Priya Patel', tz: 'Asia/Kolkata' },
  { id: NOAH, name: 'noah', realName: 'Noah Nash', tz: 'America/New_York' },
  { id: STRANGER, name: 'stranger', realName: 'Sam Stranger', tz: 'UTC' },
];

const START = '2026-03-06T18:00:00Z';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const proposal: ReviewSubject = {
  kind: 'proposal',
  describe: (id) =>
    id === 7 ? { title: 'Drop IE11', link: 'https://example.com/proposals/7' } : undefined,
  maySee: (_id, userId) => userId !== STRANGER,
};

async function start(users: FakeUser[] = people): Promise<Harness> {
  h = await startMailroom({ now: START, slack: { users } });
  h.mailroom.ctx.hooks.onReview(proposal);
  return h;
}

function begin(harness: Harness, reviewerIds: string[]) {
  return startReview(harness.mailroom.ctx, proposal, {
    objectId: 7,
    ownerId: OWEN,
    reviewerIds,
  });
}

async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  return harness.mailroom.tick();
}

const dms = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);
const lastDm = (harness: Harness, userId: string) => {
  const messages = dms(harness, userId);
  const last = messages[messages.length - 1];
  if (!last) throw new Error(`no DM for ${userId}`);
  return last;
};

async function press(harness: Harness, userId: string, message: StoredMessage, actionId: string) {
  const button = findButton(message.blocks, actionId);
  const responses = harness.fake.responses.length;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return responses;
}

/** The reply to a click, through its response_url. */
async function replyAfter(harness: Harness, before: number): Promise<string> {
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (!reply) throw new Error('no reply yet');
    return String(reply.body.text);
  });
}

/** Presses a button that opens a modal, and sends the modal with `text`. */
async function pressAndSubmit(
  harness: Harness,
  userId: string,
  message: StoredMessage,
  actionId: string,
  text: string,
): Promise<Json> {
  const opened = harness.fake.callsTo('views.open').length;
  await press(harness, userId, message, actionId);
  const call = await eventually(() => {
    const found = harness.fake.callsTo('views.open')[opened];
    if (!found) throw new Error('no modal yet');
    return found;
  });
  const view = call.args.view as Json;
  const response = await harness.sender.viewSubmission({
    userId,
    callbackId: String(view.callback_id),
    privateMetadata: String(view.private_metadata),
    values: {
      [REVIEW_TEXT.block]: { [REVIEW_TEXT.action]: { type: 'plain_text_input', value: text } },
    },
  });
  return {
    callbackId: view.callback_id,
    answer: safeJson(response),
  };
}

function safeJson(response: { json(): unknown }): Json | null {
  try {
    return response.json() as Json;
  } catch {
    return null;
  }
}

describe('a review across Auckland, Kolkata and New York', () => {
  it('one agrees, a concern blocks until answered and withdrawn, the silent one is reported at the window’s end', async () => {
    const harness = await start();
    const { review } = begin(harness, [AROHA, PRIYA, NOAH]);
    await at(harness, START);
    // Only Noah is at work: his card comes now, with his window's end.
    const noahCard = lastDm(harness, NOAH);
    expect(noahCard.text).toBe('Please review Drop IE11');
    expect(textOf(noahCard.blocks)).toContain('https://example.com/proposals/7');
    expect(dms(harness, AROHA)).toEqual([]);
    expect(dms(harness, PRIYA)).toEqual([]);

    // Someone outside the review, and its owner, cannot answer it.
    const strangerTry = await press(harness, STRANGER, noahCard, REVIEW_ACTIONS.agree);
    expect(await replyAfter(harness, strangerTry)).toBe('I can’t find that review.');
    const ownerTry = await press(harness, OWEN, noahCard, REVIEW_ACTIONS.agree);
    expect(await replyAfter(harness, ownerTry)).toContain('Only the people asked to review');

    const agreed = await press(harness, NOAH, noahCard, REVIEW_ACTIONS.agree);
    expect(await replyAfter(harness, agreed)).toBe('You agreed to “Drop IE11”. Thank you.');

    // Aroha's Monday begins at 09:00 NZDT = Sunday 20:00Z.
    await at(harness, '2026-03-08T19:59:00Z');
    expect(dms(harness, AROHA)).toEqual([]);
    await at(harness, '2026-03-08T20:00:00Z');
    const arohaCard = lastDm(harness, AROHA);
    const concern = await pressAndSubmit(
      harness,
      AROHA,
      arohaCard,
      REVIEW_ACTIONS.concern,
      'Our kiosks still run IE11.',
    );
    expect(concern.callbackId).toBe(REVIEW_VIEWS.concern);
    expect(reviewRecord(harness.mailroom.ctx, review.id).concerns).toMatchObject([
      { reviewerId: AROHA, state: 'open', reason: 'Our kiosks still run IE11.' },
    ]);

    // Priya's Monday: 09:00 IST = 03:30Z. Owen's: 09:00 GMT.
    await at(harness, '2026-03-09T03:30:00Z');
    expect(lastDm(harness, PRIYA).text).toBe('Please review Drop IE11');
    expect(dms(harness, OWEN)).toEqual([]);
    await at(harness, '2026-03-09T09:00:00Z');
    const concernCard = lastDm(harness, OWEN);
    expect(textOf(concernCard.blocks)).toContain('Our kiosks still run IE11.');

    // The concern blocks: Owen cannot proceed yet.
    const answered = await pressAndSubmit(
      harness,
      OWEN,
      concernCard,
      REVIEW_ACTIONS.answer,
      'The kiosks move to Edge on the 20th.',
    );
    expect(answered.callbackId).toBe(REVIEW_VIEWS.answer);

    // Aroha reads the answer at the start of her Tuesday (09:00 NZDT = Monday 20:00Z).
    await at(harness, '2026-03-09T19:59:00Z');
    expect(dms(harness, AROHA)).toHaveLength(1);
    await at(harness, '2026-03-09T20:00:00Z');
    const answerCard = lastDm(harness, AROHA);
    expect(textOf(answerCard.blocks)).toContain('The kiosks move to Edge on the 20th.');
    const withdrew = await press(harness, AROHA, answerCard, REVIEW_ACTIONS.withdraw);
    expect(await replyAfter(harness, withdrew)).toContain('You withdrew your concern');

    // Priya, silent, is reminded once at half her window: the end of her Monday, so at the
    // start of her Tuesday (03:30Z).
    await at(harness, '2026-03-10T03:30:00Z');
    expect(dms(harness, PRIYA).map((m) => m.text)).toEqual([
      'Please review Drop IE11',
      'Reminder: review Drop IE11',
    ]);
    expect(
      reviewRecord(harness.mailroom.ctx, review.id).reviewers.find((r) => r.memberId === PRIYA)
        ?.remindedAt,
    ).toBe(Date.parse('2026-03-10T03:30:00Z'));
    // Aroha and Noah answered: no reminder for them.
    expect(dms(harness, NOAH)).toHaveLength(1);
    expect(dms(harness, AROHA)).toHaveLength(2);

    // The review's window ends with Noah's, Tue 10 March 17:00Z (13:00 EDT); that is the end
    // of Owen's day in London, so he hears on Wednesday at 09:00.
    await at(harness, '2026-03-10T17:00:00Z');
    const owenBefore = dms(harness, OWEN).map((m) => m.text);
    expect(owenBefore.some((t) => t.startsWith('Review window ended'))).toBe(false);
    await at(harness, '2026-03-11T09:00:00Z');
    const windowEnd = dms(harness, OWEN).find((m) => m.text === 'Review window ended: Drop IE11');
    if (!windowEnd) throw new Error('Owen was not told the window ended');
    expect(textOf(windowEnd.blocks)).toContain(`Stayed silent: <@${PRIYA}>`);
    expect(dms(harness, OWEN).map((m) => m.text)).toContain('Drop IE11: a concern was withdrawn');
    const proceeded = await press(harness, OWEN, windowEnd, REVIEW_ACTIONS.proceed);
    expect(await replyAfter(harness, proceeded)).toContain(
      `is accepted. Stayed silent: <@${PRIYA}>`,
    );
    const record = reviewRecord(harness.mailroom.ctx, review.id);
    expect(record.review.state).toBe('accepted');
    expect(record.silent).toEqual([{ memberId: PRIYA, awayWhy: null }]);
    expect(record.concerns).toMatchObject([
      { state: 'withdrawn', answer: 'The kiosks move to Edge on the 20th.' },
    ]);
    expect(record.reviewers.map((r) => [r.memberId, r.state])).toEqual([
      [AROHA, 'concern'],
      [NOAH, 'agreed'],
      [PRIYA, 'pending'],
    ]);
  });

  it('the owner overrides a concern with a reason that stays in the record', async () => {
    const harness = await start();
    const { review } = begin(harness, [NOAH]);
    await at(harness, START);
    await pressAndSubmit(harness, NOAH, lastDm(harness, NOAH), REVIEW_ACTIONS.concern, 'Too soon.');
    await at(harness, '2026-03-09T09:00:00Z');
    const concernCard = lastDm(harness, OWEN);

    // A reason is required: the modal says so, and nothing changes.
    const empty = await pressAndSubmit(harness, OWEN, concernCard, REVIEW_ACTIONS.override, '  ');
    expect(empty.answer).toMatchObject({
      response_action: 'errors',
      errors: { [REVIEW_TEXT.block]: expect.stringContaining('Please write why you go ahead') },
    });
    expect(reviewRecord(harness.mailroom.ctx, review.id).concerns[0]?.state).toBe('open');

    // The reviewer cannot override their own concern.
    const notOwner = await press(harness, NOAH, concernCard, REVIEW_ACTIONS.override);
    expect(await replyAfter(harness, notOwner)).toContain('Only the owner can go ahead');

    await pressAndSubmit(
      harness,
      OWEN,
      concernCard,
      REVIEW_ACTIONS.override,
      'The vendor contract ends this month.',
    );
    expect(reviewRecord(harness.mailroom.ctx, review.id).concerns).toMatchObject([
      {
        state: 'overridden',
        reason: 'Too soon.',
        overrideReason: 'The vendor contract ends this month.',
      },
    ]);
    // Noah hears, in his hours (09:00 GMT is 05:00 EDT: at 09:00 EDT, 13:00Z).
    await at(harness, '2026-03-09T13:00:00Z');
    const told = lastDm(harness, NOAH);
    expect(told.text).toBe('Drop IE11: your concern was overridden');
    expect(textOf(told.blocks)).toContain('The vendor contract ends this month.');
    // Nothing blocks now, and everyone answered: no window's end to wait for.
    expect(acceptReview(harness.mailroom.ctx, { reviewId: review.id, userId: OWEN })).toMatchObject(
      { accepted: true, silent: [] },
    );
    await at(harness, '2026-03-11T09:00:00Z');
    expect(dms(harness, OWEN).map((m) => m.text)).toEqual(['A concern about Drop IE11']);
  });

  it('an away reviewer’s window starts when they are back', async () => {
    const harness = await start();
    // Priya is away in Mailroom until Tue 10 March 00:00 IST (Mon 18:30Z).
    harness.mailroom.ctx.members.saveSettings(
      PRIYA,
      { awayUntil: Date.parse('2026-03-09T18:30:00Z') },
      harness.clock(),
    );
    const started = begin(harness, [PRIYA, NOAH]);
    expect(started.away).toEqual([
      { memberId: PRIYA, startsAt: Date.parse('2026-03-10T03:30:00Z'), why: 'away in Mailroom' },
    ]);
    await at(harness, '2026-03-09T03:30:00Z');
    expect(dms(harness, PRIYA)).toEqual([]);
    await at(harness, '2026-03-10T03:30:00Z');
    const card = lastDm(harness, PRIYA);
    expect(card.text).toBe('Please review Drop IE11');
    // Tuesday and Wednesday: her window ends Wed 11 March 17:00 IST = 11:30Z.
    expect(textOf(card.blocks)).toContain('2026-03-11 11:30 UTC');
  });
});

describe('the last call across the clock change, with a reviewer away for good', () => {
  it('reminds New York at half his window in EDT, names the away reviewer at the end, and holds on the open concern', async () => {
    // Priya's Slack status says she is on vacation, with no end.
    const harness = await start(
      people.map((p) =>
        p.id === PRIYA ? { ...p, status: { text: 'Vacationing', emoji: ':palm_tree:' } } : p,
      ),
    );
    const { review, away } = begin(harness, [AROHA, PRIYA, NOAH]);
    expect(away).toEqual([{ memberId: PRIYA, startsAt: null, why: ':palm_tree: Vacationing' }]);
    await at(harness, START);
    expect(lastDm(harness, NOAH).text).toBe('Please review Drop IE11');

    // Aroha raises a concern on her Monday.
    await at(harness, '2026-03-08T20:00:00Z');
    await pressAndSubmit(harness, AROHA, lastDm(harness, AROHA), REVIEW_ACTIONS.concern, 'Kiosks.');

    // Noah stays silent. Half his 16 hours: Friday 13:00–17:00 EST, then Monday 09:00–13:00,
    // now EDT: 17:00Z, not 18:00Z.
    await at(harness, '2026-03-09T16:59:00Z');
    expect(dms(harness, NOAH)).toHaveLength(1);
    await at(harness, '2026-03-09T17:00:00Z');
    expect(dms(harness, NOAH).map((m) => m.text)).toEqual([
      'Please review Drop IE11',
      'Reminder: review Drop IE11',
    ]);
    // Priya, away for good, gets nothing.
    expect(dms(harness, PRIYA)).toEqual([]);

    // The window ends with Noah's, Tuesday 13:00 EDT (17:00Z); Owen hears on Wednesday 09:00.
    await at(harness, '2026-03-11T09:00:00Z');
    const windowEnd = dms(harness, OWEN).find((m) => m.text === 'Review window ended: Drop IE11');
    if (!windowEnd) throw new Error('Owen was not told the window ended');
    const said = textOf(windowEnd.blocks);
    expect(said).toContain(`<@${NOAH}>`);
    expect(said).toContain(`<@${PRIYA}> (away with no end date: :palm_tree: Vacationing)`);
    expect(said).toContain('A concern is still open');
    expect(() => findButton(windowEnd.blocks, REVIEW_ACTIONS.proceed)).toThrow();
    expect(() =>
      acceptReview(harness.mailroom.ctx, { reviewId: review.id, userId: OWEN, proceed: true }),
    ).toThrow(/can’t be accepted while a concern is open/);

    // Owen overrides the concern with a reason; then silence no longer holds it back.
    const concernCard = dms(harness, OWEN).find((m) => m.text === 'A concern about Drop IE11');
    if (!concernCard) throw new Error('Owen has no concern to answer');
    await pressAndSubmit(
      harness,
      OWEN,
      concernCard,
      REVIEW_ACTIONS.override,
      'Kiosks move on the 20th.',
    );
    expect(acceptReview(harness.mailroom.ctx, { reviewId: review.id, userId: OWEN })).toMatchObject(
      {
        accepted: true,
        silent: [
          { memberId: NOAH, awayWhy: null },
          { memberId: PRIYA, awayWhy: ':palm_tree: Vacationing' },
        ],
      },
    );
  });
});

describe('a reviewer who moves mid-window', () => {
  it('keeps the hours he spent and lays the rest on his new zone, from Slack’s user_change', async () => {
    const harness = await start();
    const { review } = begin(harness, [NOAH]);
    await at(harness, START);
    // In New York: Friday 13:00–17:00 EST, Monday, then Tuesday 10 March until 13:00 EDT.
    expect(reviewRecord(harness.mailroom.ctx, review.id).reviewers[0]?.windowEndsAt).toBe(
      Date.parse('2026-03-10T17:00:00Z'),
    );
    // Friday 15:00 EST (20:00Z), two hours in, he moves to Tokyo (Saturday 05:00 there).
    harness.clock.set('2026-03-06T20:00:00Z');
    const noah = people.find((p) => p.id === NOAH);
    if (!noah) throw new Error('no Noah');
    harness.fake.updateUser(NOAH, { tz: 'Asia/Tokyo' });
    const sent = await harness.sender.event(userChangeEvent({ ...noah, tz: 'Asia/Tokyo' }), {
      eventId: 'Ev0NOAHMOVED',
    });
    expect(sent.status).toBe(200);
    // Fourteen hours left: Monday 9 March 09:00–17:00 JST (8), then Tuesday until 15:00 JST
    // (06:00Z). Half (six more hours): Monday 15:00 JST (06:00Z).
    await eventually(() =>
      expect(reviewRecord(harness.mailroom.ctx, review.id).reviewers[0]).toMatchObject({
        windowEndsAt: Date.parse('2026-03-10T06:00:00Z'),
        remindAt: Date.parse('2026-03-09T06:00:00Z'),
      }),
    );
    // His reminder comes then, and Owen's window end moves with his.
    expect(harness.mailroom.ctx.reviews.get(review.id)?.windowEndsAt).toBe(
      Date.parse('2026-03-10T06:00:00Z'),
    );
    await at(harness, '2026-03-09T05:59:00Z');
    expect(dms(harness, NOAH)).toHaveLength(1);
    await at(harness, '2026-03-09T06:00:00Z');
    expect(lastDm(harness, NOAH).text).toBe('Reminder: review Drop IE11');
  });
});

describe('a review closed without acceptance', () => {
  it('cancels every pending item once, rewrites the cards already sent, and refuses later answers', async () => {
    const harness = await start();
    const { review } = begin(harness, [AROHA, PRIYA, NOAH]);
    await at(harness, START);
    // Noah has his card (a copy, as his Slack showed it before any update); Priya and Aroha's
    // wait for their Monday, with their reminders.
    const noahCard = structuredClone(lastDm(harness, NOAH));
    await pressAndSubmit(harness, NOAH, noahCard, REVIEW_ACTIONS.concern, 'Too soon.');

    const closed = closeReview(harness.mailroom.ctx, { reviewId: review.id, why: 'rejected' });
    expect(closed?.review).toMatchObject({ state: 'closed', closedWhy: 'rejected' });
    // A second close finds it closed: nothing more happens.
    expect(closeReview(harness.mailroom.ctx, { reviewId: review.id, why: 'withdrawn' })).toBe(
      undefined,
    );
    expect(
      harness.mailroom.ctx.queue
        .openWithKeyPrefix(`review:${review.id}:`)
        .filter((item) => item.kind !== 'review_concern_settled'),
    ).toEqual([]);

    // Nobody hears of it again: no card for Aroha or Priya, no reminder, no window's end.
    for (const iso of [
      '2026-03-09T03:30:00Z',
      '2026-03-09T09:00:00Z',
      '2026-03-09T20:00:00Z',
      '2026-03-10T03:30:00Z',
      '2026-03-11T09:00:00Z',
      '2026-03-12T09:00:00Z',
    ]) {
      await at(harness, iso);
    }
    expect(dms(harness, AROHA)).toEqual([]);
    expect(dms(harness, PRIYA)).toEqual([]);
    expect(dms(harness, OWEN).map((m) => m.text)).toEqual([]);

    // Noah's card no longer asks anything: it says the review was closed, and why.
    const updated = await eventually(() => {
      const card = dms(harness, NOAH).find((m) => m.ts === noahCard.ts);
      if (!card?.text.startsWith('This review was closed')) throw new Error('not updated yet');
      return card;
    });
    expect(textOf(updated.blocks)).toContain('it was rejected');
    expect(textOf(updated.blocks)).not.toContain('Agree');

    // A click on the old card (from a copy kept before the update) is refused, kindly.
    const late = await press(harness, NOAH, noahCard, REVIEW_ACTIONS.agree);
    expect(await replyAfter(harness, late)).toBe(
      'This review was closed: it was rejected. Nothing more can be added to it.',
    );
    const lateConcern = await press(harness, NOAH, noahCard, REVIEW_ACTIONS.concern);
    expect(await replyAfter(harness, lateConcern)).toContain('This review was closed');
    expect(reviewRecord(harness.mailroom.ctx, review.id).reviewers.map((r) => r.state)).toEqual([
      'pending',
      'concern',
      'pending',
    ]);
    expect(harness.fake.callsTo('chat.update')).toHaveLength(1);
  });
});
