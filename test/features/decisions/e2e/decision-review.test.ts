import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_ACTIONS, REVIEW_TEXT } from '../../../../src/core/slack/views/review.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';

/**
 * A decision reviewed end to end: the real HTTP receiver, the fake Slack, an injected clock.
 * Owen in London logs "Drop IE11" on Friday 6 March 2026 at 18:00Z with Aroha (Auckland),
 * Priya (Kolkata) and Noah (New York) as reviewers, and Iris (Tokyo) to inform. Everyone works
 * 09:00–17:00 Monday to Friday; New York's clock goes forward on Sunday 8 March.
 */

const BOT = 'U0MAILBOT';
const OWEN = 'U0OWEN';
const AROHA = 'U0AROHA';
const PRIYA = 'U0PRIYA';
const NOAH = 'U0NOAH';
const IRIS = 'U0IRIS';

const users: FakeUser[] = [
  { id: OWEN, name: 'owen', realName: 'Owen Ortiz', tz: 'Europe/London' },
  { id: AROHA, name: 'aroha', realName: 'Aroha Ngata', tz: 'Pacific/Auckland' },
  { id: PRIYA, name: 'priya', realName: 'Priya Patel', tz: 'Asia/Kolkata' },
  { id: NOAH, name: 'noah', realName: 'Noah Nash', tz: 'America/New_York' },
  { id: IRIS, name: 'iris', realName: 'Iris Ito', tz: 'Asia/Tokyo' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [OWEN, AROHA, PRIYA, NOAH, IRIS, BOT] },
];

const START = '2026-03-06T18:00:00Z';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const text = (value: string | undefined) => ({ value: { type: 'plain_text_input', value } });
const people = (ids: string[]) => ({ value: { type: 'multi_users_select', selected_users: ids } });

function formValues(): Json {
  return {
    title: text('Drop IE11'),
    why: text('Supporting IE11 costs a week every quarter.'),
    option_name_0: text('Drop it'),
    option_pros_0: text('A week back each quarter'),
    option_cons_0: text('Some kiosks need a new browser'),
    chosen: text('Drop it'),
    trade_off: text(''),
    owners: people([OWEN]),
    consulted: people([]),
    reviewers: people([AROHA, PRIYA, NOAH]),
    informed: people([IRIS]),
    review_hours: text(''),
    status: { value: { type: 'radio_buttons', selected_option: { value: 'proposed' } } },
    revisit_on: { value: { type: 'datepicker', selected_date: null } },
  };
}

async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  return harness.mailroom.tick();
}

const dms = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);
const lastDm = (harness: Harness, userId: string) => {
  const last = dms(harness, userId).at(-1);
  if (!last) throw new Error(`no DM for ${userId}`);
  return last;
};

/** A click on a button of a message Mailroom sent, as its reader makes it; the reply's text. */
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

/** Presses a button that opens a review modal, and sends it with `words`. */
async function pressAndSubmit(
  harness: Harness,
  userId: string,
  message: StoredMessage,
  actionId: string,
  words: string,
) {
  const opened = harness.fake.callsTo('views.open').length;
  const button = findButton(message.blocks, actionId);
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
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
      [REVIEW_TEXT.block]: { [REVIEW_TEXT.action]: { type: 'plain_text_input', value: words } },
    },
  });
  expect(response.status).toBe(200);
}

function decisionMessage(harness: Harness, decisionId: number): StoredMessage {
  const ts = harness.mailroom.ctx.decisions.get(decisionId)?.messageTs;
  const message = harness.fake.messagesIn('C0GENERAL').find((m) => m.ts === ts);
  if (!message) throw new Error('the decision is not posted');
  return message;
}

/** The decision's message, once it says `words`: its updates arrive after each change. */
const messageSaying = (harness: Harness, decisionId: number, words: string) =>
  eventually(() => {
    const message = decisionMessage(harness, decisionId);
    if (!textOf(message.blocks).includes(words)) throw new Error(`no “${words}” yet`);
    return message;
  });

describe('a decision reviewed by Auckland, Kolkata and New York', () => {
  it('a concern blocks acceptance until answered and withdrawn; the owner accepts; Iris is told in her hours', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;

    // Owen logs it from #general with his three reviewers and Iris to inform.
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
    const submitted = await harness.sender.viewSubmission({
      userId: OWEN,
      callbackId: 'decision_modal',
      viewId: String(form.id),
      privateMetadata: form.private_metadata,
      values: formValues(),
    });
    expect(submitted.status).toBe(200);
    const decision = ctx.decisions.all().at(-1);
    if (!decision) throw new Error('nothing was logged');
    expect(decision.status).toBe('in_review');
    expect(decision.informedIds).toEqual([IRIS]);
    await eventually(() => {
      if (!ctx.decisions.get(decision.id)?.messageTs) throw new Error('not posted yet');
    });

    // Its message says it is in review, and when each reviewer's window ends, in each
    // reader's own time.
    await at(harness, START);
    let message = decisionMessage(harness, decision.id);
    const shown = textOf(message.blocks);
    expect(shown).toContain(':mag: In review');
    for (const reviewer of [AROHA, PRIYA, NOAH]) {
      expect(shown).toMatch(
        new RegExp(
          `<@${reviewer}> has not answered · their window ends <!date\\^\\d+\\^\\{date_short_pretty\\} at \\{time\\}\\|`,
        ),
      );
    }
    // Owen hears who was asked.
    expect(
      dms(harness, OWEN)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('for their review');

    // Only Noah is at work (13:00 EST): his card comes now, and he agrees.
    const noahCard = lastDm(harness, NOAH);
    expect(noahCard.text).toBe('Please review Drop IE11');
    expect(dms(harness, AROHA)).toEqual([]);
    expect(dms(harness, PRIYA)).toEqual([]);
    expect(await press(harness, NOAH, noahCard, REVIEW_ACTIONS.agree)).toContain(
      'You agreed to “Drop IE11”',
    );
    await messageSaying(harness, decision.id, `<@${NOAH}> :+1: agreed`);

    // Aroha's Monday begins at 09:00 NZDT = Sunday 20:00Z: she raises a concern.
    await at(harness, '2026-03-08T20:00:00Z');
    await pressAndSubmit(
      harness,
      AROHA,
      lastDm(harness, AROHA),
      REVIEW_ACTIONS.concern,
      'Our kiosks still run IE11.',
    );
    message = await messageSaying(harness, decision.id, 'raised a concern (open)');

    // The concern blocks acceptance.
    const blocked = await press(harness, OWEN, message, 'decision_accept');
    expect(blocked).toContain('can’t be accepted while a concern is open');
    expect(ctx.decisions.get(decision.id)?.status).toBe('in_review');

    // Priya's Monday: 09:00 IST = 03:30Z; Owen's: 09:00 GMT, when he reads the concern.
    await at(harness, '2026-03-09T03:30:00Z');
    expect(lastDm(harness, PRIYA).text).toBe('Please review Drop IE11');
    await at(harness, '2026-03-09T09:00:00Z');
    const concernCard = dms(harness, OWEN).find((m) =>
      textOf(m.blocks).includes('Our kiosks still run IE11.'),
    );
    if (!concernCard) throw new Error('Owen did not get the concern');
    await pressAndSubmit(
      harness,
      OWEN,
      concernCard,
      REVIEW_ACTIONS.answer,
      'The kiosks move to Edge on the 20th.',
    );
    await messageSaying(harness, decision.id, 'raised a concern (answered)');

    // Aroha reads the answer at the start of her Tuesday (Monday 20:00Z) and withdraws.
    await at(harness, '2026-03-09T20:00:00Z');
    const answerCard = lastDm(harness, AROHA);
    expect(textOf(answerCard.blocks)).toContain('The kiosks move to Edge on the 20th.');
    expect(await press(harness, AROHA, answerCard, REVIEW_ACTIONS.withdraw)).toContain(
      'You withdrew your concern',
    );
    message = await messageSaying(harness, decision.id, 'raised a concern (withdrawn)');

    // Priya has not answered and her window is open: Owen is told to wait.
    await at(harness, '2026-03-10T10:00:00Z');
    const early = await press(
      harness,
      OWEN,
      decisionMessage(harness, decision.id),
      'decision_accept',
    );
    expect(early).toContain(`Not everyone has answered yet (<@${PRIYA}>`);
    expect(ctx.decisions.get(decision.id)?.status).toBe('in_review');

    // After the window (Noah's ends Tue 17:00Z), Owen accepts; Priya stayed silent.
    await at(harness, '2026-03-11T09:00:00Z');
    const accepted = await press(
      harness,
      OWEN,
      decisionMessage(harness, decision.id),
      'decision_accept',
    );
    expect(accepted).toContain('Accepted');
    expect(accepted).toContain(`Stayed silent in its review: <@${PRIYA}>`);
    expect(ctx.decisions.get(decision.id)?.status).toBe('accepted');
    await messageSaying(harness, decision.id, `<@${PRIYA}> stayed silent`);
    expect(textOf(decisionMessage(harness, decision.id).blocks)).toContain(
      ':white_check_mark: Accepted',
    );

    // Iris is told once, in her hours: 09:00 GMT is 18:00 in Tokyo, so at 09:00 JST (00:00Z).
    const irisBefore = dms(harness, IRIS).length;
    await at(harness, '2026-03-11T09:30:00Z');
    expect(dms(harness, IRIS)).toHaveLength(irisBefore);
    await at(harness, '2026-03-12T00:00:00Z');
    const told = dms(harness, IRIS).slice(irisBefore);
    expect(told.map((m) => m.text)).toEqual(['Decision was accepted: Drop IE11']);
    expect(textOf(told[0]?.blocks)).toContain('For your information');
    await at(harness, '2026-03-13T00:00:00Z');
    expect(dms(harness, IRIS).slice(irisBefore)).toHaveLength(1);
  });
});

describe('the decision’s own buttons, pressed by its reviewers', () => {
  it('a reviewer’s Object is a concern that blocks, their Agree answers their review; anyone else’s objection does not block', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
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
    const reviewers = () =>
      Object.fromEntries(
        ctx.reviews
          .reviewersOf(ctx.reviews.forObject('decision', decision.id)[0]?.id ?? 0)
          .map((r) => [r.memberId, r.state]),
      );

    // Noah objects from the channel's message: it opens the concern form, and blocks.
    await pressAndSubmit(
      harness,
      NOAH,
      decisionMessage(harness, decision.id),
      'decision_object',
      'Support has not told the kiosk customers.',
    );
    const message = await messageSaying(harness, decision.id, 'raised a concern (open)');
    expect(reviewers()[NOAH]).toBe('concern');
    expect(await press(harness, OWEN, message, 'decision_accept')).toContain(
      'can’t be accepted while a concern is open',
    );

    // Priya agrees from the channel's message: her review is answered.
    expect(await press(harness, PRIYA, message, 'decision_agree')).toContain(
      'as one of its reviewers',
    );
    expect(reviewers()[PRIYA]).toBe('agreed');

    // Iris is no reviewer: her Object opens the objection form, which blocks nothing.
    const before = harness.fake.callsTo('views.open').length;
    const button = findButton(message.blocks, 'decision_object');
    await harness.sender.blockAction({
      userId: IRIS,
      actionId: 'decision_object',
      value: button.value,
      blockId: button.blockId,
      channelId: message.channel,
      message: { ts: message.ts, blocks: message.blocks },
    });
    const view = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[before];
      if (!call) throw new Error('no modal yet');
      return call.args.view as Json;
    });
    expect(view.callback_id).toBe('decision_object_modal');
  });
});
