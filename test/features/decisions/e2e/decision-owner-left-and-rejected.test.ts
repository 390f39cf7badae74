import { afterEach, describe, expect, it } from 'vitest';
import { OWNERSHIP_ACTIONS } from '../../../../src/core/slack/views/ownership.js';
import { REVIEW_ACTIONS, REVIEW_TEXT } from '../../../../src/core/slack/views/review.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { userChangeEvent } from '../../../support/slack-requests.js';

/**
 * An owner leaves mid-review, end to end: the real HTTP receiver, the fake Slack, an injected
 * clock. Owen (London) logs "Drop IE11" on Monday 9 March 2026 at 10:00Z with Priya (Kolkata)
 * and Noah (New York) as reviewers, then his account is deactivated. Mailroom's admins are
 * Sam, a workspace admin in London, and Nia, named in MAILROOM_ADMINS, in Paris. Everyone
 * works 09:00–17:00 Monday to Friday.
 */

const BOT = 'U0MAILBOT';
const OWEN = 'U0OWEN';
const PRIYA = 'U0PRIYA';
const NOAH = 'U0NOAH';
const SAM = 'U0SAM';
const NIA = 'U0NIA';

const owen: FakeUser = { id: OWEN, name: 'owen', realName: 'Owen Ortiz', tz: 'Europe/London' };
const users: FakeUser[] = [
  owen,
  { id: PRIYA, name: 'priya', realName: 'Priya Patel', tz: 'Asia/Kolkata' },
  { id: NOAH, name: 'noah', realName: 'Noah Nash', tz: 'America/New_York' },
  { id: SAM, name: 'sam', realName: 'Sam Stone', tz: 'Europe/London', isAdmin: true },
  { id: NIA, name: 'nia', realName: 'Nia Noor', tz: 'Europe/Paris' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [OWEN, PRIYA, NOAH, SAM, NIA, BOT] },
];

const START = '2026-03-09T10:00:00Z';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
const people = (ids: string[]) => ({ value: { type: 'multi_users_select', selected_users: ids } });

const formValues = (): Json => ({
  title: text('Drop IE11'),
  why: text('Supporting IE11 costs a week every quarter.'),
  option_name_0: text('Drop it'),
  option_pros_0: text('A week back each quarter'),
  option_cons_0: text('Some kiosks need a new browser'),
  chosen: text('Drop it'),
  trade_off: text(''),
  owners: people([OWEN]),
  consulted: people([]),
  reviewers: people([PRIYA, NOAH]),
  informed: people([]),
  review_hours: text(''),
  status: { value: { type: 'radio_buttons', selected_option: { value: 'proposed' } } },
  revisit_on: { value: { type: 'datepicker', selected_date: null } },
});

async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  return harness.mailroom.tick();
}

const dms = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);
const dmTitled = (harness: Harness, userId: string, title: string) => {
  const found = dms(harness, userId).find((m) => m.text === title);
  if (!found) throw new Error(`no “${title}” for ${userId}`);
  return found;
};

/** A click on a button of a message as its reader saw it; the reply's text and blocks. */
async function press(
  harness: Harness,
  userId: string,
  message: StoredMessage,
  actionId: string,
): Promise<string> {
  const button = findButton(message.blocks, actionId);
  const before = harness.fake.responses.length;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (!reply) throw new Error('no reply yet');
    return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
  });
}

async function logDecision(harness: Harness): Promise<number> {
  const { ctx } = harness.mailroom;
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({
    command: '/decision',
    text: 'Drop IE11',
    userId: OWEN,
    channelId: 'C0GENERAL',
  });
  const form = await eventually(() => {
    const call = harness.fake.callsTo('views.open')[opened];
    if (!call) throw new Error('no form yet');
    return call.response.view as Json & { id: string; private_metadata: string };
  });
  await harness.sender.viewSubmission({
    userId: OWEN,
    callbackId: 'decision_modal',
    viewId: String(form.id),
    privateMetadata: form.private_metadata,
    values: formValues(),
  });
  const decision = ctx.decisions.all().at(-1);
  if (!decision) throw new Error('nothing was logged');
  await eventually(() => {
    if (!ctx.decisions.get(decision.id)?.messageTs) throw new Error('not posted yet');
  });
  return decision.id;
}

const decisionMessageSaying = (harness: Harness, decisionId: number, words: string) =>
  eventually(() => {
    const ts = harness.mailroom.ctx.decisions.get(decisionId)?.messageTs;
    const message = harness.fake.messagesIn('C0GENERAL').find((m) => m.ts === ts);
    if (!message || !textOf(message.blocks).includes(words)) throw new Error(`no “${words}” yet`);
    return message;
  });

describe('an owner deactivated in the middle of a review', () => {
  it('is replaced by the first admin to take over, who then hears of the concerns', async () => {
    const harness = await startMailroom({
      now: START,
      slack: { users, channels },
      env: { MAILROOM_ADMINS: NIA },
    });
    h = harness;
    const { ctx } = harness.mailroom;
    const decisionId = await logDecision(harness);
    await at(harness, START);
    const priyaCard = dmTitled(harness, PRIYA, 'Please review Drop IE11');

    // Owen's account is deactivated: Slack sends a user_change.
    const sent = await harness.sender.event(userChangeEvent({ ...owen, deleted: true }), {
      eventId: 'Ev0OWENLEFT',
    });
    expect(sent.status).toBe(200);
    await eventually(() => expect(ctx.ownership.ofLeaver(OWEN)).toHaveLength(1));

    // Sam and Nia are both at work: each gets one offer, with Take over.
    await at(harness, '2026-03-09T10:05:00Z');
    const offerTitle = 'Someone left: take over what they owned?';
    const samOffer = dmTitled(harness, SAM, offerTitle);
    const niaOffer = structuredClone(dmTitled(harness, NIA, offerTitle));
    expect(textOf(samOffer.blocks)).toContain(`<@${OWEN}> left the workspace`);
    expect(textOf(samOffer.blocks)).toContain('Drop IE11');

    // Someone it was not offered to is refused.
    expect(await press(harness, NOAH, samOffer, OWNERSHIP_ACTIONS.takeOver)).toContain(
      'Only the people Mailroom offered it to can take it over',
    );

    // Sam takes it over first: his DM says so; Nia's now says who did.
    expect(await press(harness, SAM, samOffer, OWNERSHIP_ACTIONS.takeOver)).toContain(
      'You took it over: it is yours now.',
    );
    expect(ctx.decisions.get(decisionId)?.ownerIds).toEqual([SAM]);
    await eventually(() => {
      const updated = dms(harness, NIA).find((m) => m.ts === niaOffer.ts);
      expect(textOf(updated?.blocks ?? [])).toContain(`<@${SAM}> took it over.`);
    });
    expect(await press(harness, NIA, niaOffer, OWNERSHIP_ACTIONS.takeOver)).toContain(
      `<@${SAM}> took it over first.`,
    );
    // Both offers are done: nothing is left on anyone's Home.
    expect(
      ctx.queue
        .withKeyPrefix(`ownership:${OWEN}:offer:`)
        .map((item) => [item.recipientId, item.state]),
    ).toEqual([
      [NIA, 'done'],
      [SAM, 'done'],
    ]);
    // The decision's message names its new owner; its record keeps the change.
    await decisionMessageSaying(harness, decisionId, `*Owners:* <@${SAM}>`);
    expect(ctx.decisions.revisions(decisionId).at(-1)?.change).toBe('owner_changed');

    // Priya raises a concern: it goes to Sam, in his hours, not to Owen.
    const opened = harness.fake.callsTo('views.open').length;
    const button = findButton(priyaCard.blocks, REVIEW_ACTIONS.concern);
    await harness.sender.blockAction({
      userId: PRIYA,
      actionId: REVIEW_ACTIONS.concern,
      value: button.value,
      blockId: button.blockId,
      channelId: priyaCard.channel,
      message: { ts: priyaCard.ts, blocks: priyaCard.blocks },
    });
    const modal = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no modal yet');
      return call.args.view as Json;
    });
    await harness.sender.viewSubmission({
      userId: PRIYA,
      callbackId: String(modal.callback_id),
      privateMetadata: String(modal.private_metadata),
      values: {
        [REVIEW_TEXT.block]: {
          [REVIEW_TEXT.action]: { type: 'plain_text_input', value: 'Our kiosks still run IE11.' },
        },
      },
    });
    await at(harness, '2026-03-09T10:10:00Z');
    const concern = dmTitled(harness, SAM, 'A concern about Drop IE11');
    expect(textOf(concern.blocks)).toContain('Our kiosks still run IE11.');
    expect(dms(harness, OWEN).map((m) => m.text)).not.toContain('A concern about Drop IE11');
    expect(harness.logs.errors()).toEqual([]);
  });
});

describe('an owner found deactivated by the daily directory sync', () => {
  it('has what they owned alone offered, once, as when Slack says so at once', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const decisionId = await logDecision(harness);
    harness.fake.updateUser(OWEN, { deleted: true });
    await harness.mailroom.syncDirectory();
    await harness.mailroom.syncDirectory();
    expect(ctx.ownership.ofLeaver(OWEN)).toMatchObject([
      { objectKind: 'decision', objectId: decisionId, candidateIds: [SAM], takenBy: null },
    ]);
    await at(harness, '2026-03-09T10:05:00Z');
    expect(
      dms(harness, SAM).filter((m) => m.text === 'Someone left: take over what they owned?'),
    ).toHaveLength(1);
  });
});

describe('a decision rejected while in review', () => {
  it('closes its review: the card already sent says so, later answers are refused, no card is left to send', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const decisionId = await logDecision(harness);
    await at(harness, START);
    // Priya (15:30 in Kolkata) has her card; Noah's waits for 09:00 in New York.
    const priyaCard = structuredClone(dmTitled(harness, PRIYA, 'Please review Drop IE11'));
    expect(dms(harness, NOAH)).toEqual([]);

    // Owen rejects it from its message, with a reason.
    const message = await decisionMessageSaying(harness, decisionId, 'In review');
    const opened = harness.fake.callsTo('views.open').length;
    const reject = findButton(message.blocks, 'decision_reject');
    await harness.sender.blockAction({
      userId: OWEN,
      actionId: 'decision_reject',
      value: reject.value,
      blockId: reject.blockId,
      channelId: 'C0GENERAL',
      message: { ts: message.ts, blocks: message.blocks },
    });
    const form = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no modal yet');
      return call.response.view as Json & { id: string; private_metadata: string };
    });
    const submitted = await harness.sender.viewSubmission({
      userId: OWEN,
      callbackId: String(form.callback_id),
      viewId: String(form.id),
      privateMetadata: form.private_metadata,
      values: { remark: text('The kiosks cannot move this year.') },
    });
    expect(submitted.status).toBe(200);
    expect(ctx.decisions.get(decisionId)?.status).toBe('rejected');

    // Priya's card no longer asks anything.
    await eventually(() => {
      const card = dms(harness, PRIYA).find((m) => m.ts === priyaCard.ts);
      expect(card?.text).toBe('This review was closed: Drop IE11');
      expect(textOf(card?.blocks ?? [])).toContain('it was rejected');
    });
    // Her click on the card as she last saw it is refused, with why.
    expect(await press(harness, PRIYA, priyaCard, REVIEW_ACTIONS.agree)).toContain(
      'This review was closed: it was rejected. Nothing more can be added to it.',
    );
    // Noah's day comes (09:00 EDT): nothing for him; nor for Owen at the window's end.
    await at(harness, '2026-03-09T13:00:00Z');
    await at(harness, '2026-03-12T09:00:00Z');
    expect(dms(harness, NOAH)).toEqual([]);
    expect(dms(harness, OWEN).map((m) => m.text)).not.toContain('Review window ended: Drop IE11');
  });
});
