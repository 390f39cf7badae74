import { afterEach, describe, expect, it } from 'vitest';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appHomeOpenedEvent, userChangeEvent } from '../../../support/slack-requests.js';

/**
 * A follow-up owner leaves, end to end: the real HTTP receiver, the fake Slack, an injected
 * clock. Ada (London) logs "Drop IE11" on Saturday 7 March 2026, accepted, with a follow-up for
 * Bob (New York); Bob's account is deactivated that day. Eve (Kolkata) is in #general too.
 * Everyone works 09:00–17:00 Monday to Friday.
 */

const BOT = 'U0MAILBOT';
const ADA = 'U0ADA';
const BOB = 'U0BOB';
const EVE = 'U0EVE';

const bob: FakeUser = { id: BOB, name: 'bob', realName: 'Bob Brown', tz: 'America/New_York' };
const users: FakeUser[] = [
  { id: ADA, name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London' },
  bob,
  { id: EVE, name: 'eve', realName: 'Eve Evans', tz: 'Asia/Kolkata' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ADA, BOB, EVE, BOT] },
];

const SATURDAY = '2026-03-07T12:00:00Z';
/** Monday 9 March 2026, 09:00 in London (14:30 in Kolkata). */
const MONDAY = '2026-03-09T09:00:00Z';
const ASKED = 'A follow-up needs a new owner: Drop IE11';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
const person = (id: string | null) => ({ value: { type: 'users_select', selected_user: id } });

async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  return harness.mailroom.tick();
}

const dms = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);

async function logDecision(harness: Harness, patch: Json = {}): Promise<number> {
  const { ctx } = harness.mailroom;
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({
    command: '/decision',
    text: 'Drop IE11',
    userId: ADA,
    channelId: 'C0GENERAL',
  });
  const form = await eventually(() => {
    const call = harness.fake.callsTo('views.open')[opened];
    if (!call) throw new Error('no form yet');
    return call.response.view as Json & { id: string; private_metadata: string };
  });
  await harness.sender.viewSubmission({
    userId: ADA,
    callbackId: 'decision_modal',
    viewId: String(form.id),
    privateMetadata: form.private_metadata,
    values: {
      title: text('Drop IE11'),
      why: text('Supporting IE11 costs a week every quarter.'),
      option_name_0: text('Drop it'),
      option_pros_0: text('A week back each quarter'),
      option_cons_0: text('Some kiosks need a new browser'),
      chosen: text('Drop it'),
      trade_off: text(''),
      owners: { value: { type: 'multi_users_select', selected_users: [ADA] } },
      follow_up_text_0: text('Migrate the kiosks'),
      follow_up_owner_0: person(BOB),
      status: { value: { type: 'radio_buttons', selected_option: { value: 'accepted' } } },
      ...patch,
    },
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

/** A click on a button of a DM as its reader saw it; the reply's text, if one came. */
async function press(harness: Harness, userId: string, message: StoredMessage, actionId: string) {
  const button = findButton(message.blocks, actionId);
  const replies = harness.fake.responses.length;
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return eventually(() => {
    const modal = harness.fake.callsTo('views.open')[opened];
    if (modal)
      return { modal: modal.response.view as Json & { id: string; private_metadata: string } };
    const reply = harness.fake.responses[replies];
    if (reply) return { reply: `${reply.body.text}\n${textOf(reply.body.blocks)}` };
    throw new Error('no answer yet');
  });
}

async function homeOf(harness: Harness, userId: string): Promise<string> {
  const before = harness.fake.callsTo('views.publish').length;
  await harness.sender.event(appHomeOpenedEvent(userId));
  await eventually(() =>
    expect(harness.fake.callsTo('views.publish').length).toBeGreaterThan(before),
  );
  return textOf((harness.fake.homeViewOf(userId) as Json | undefined)?.blocks);
}

describe('a follow-up owner who leaves the workspace', () => {
  it('has whoever logged the decision told once, in their hours, and asked to name a new owner', async () => {
    const harness = await startMailroom({ now: SATURDAY, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const decisionId = await logDecision(harness);
    const [followUp] = ctx.decisions.followUps(decisionId);
    if (!followUp) throw new Error('no follow-up');

    // Slack says Bob's account is deactivated; the daily directory walk finds it too.
    const sent = await harness.sender.event(userChangeEvent({ ...bob, deleted: true }), {
      eventId: 'Ev0BOBLEFT',
    });
    expect(sent.status).toBe(200);
    await eventually(() =>
      expect(ctx.queue.withKeyPrefix('decision-follow-up-owner-left:')).toHaveLength(1),
    );
    harness.fake.updateUser(BOB, { deleted: true });
    await harness.mailroom.syncDirectory();

    // Until someone is named, the decision's message says the follow-up needs an owner.
    await decisionMessageSaying(
      harness,
      decisionId,
      `Migrate the kiosks (*needs a new owner*: <@${BOB}> left the workspace)`,
    );

    // Saturday: Ada is not at work, so nothing reaches her yet.
    await at(harness, SATURDAY);
    expect(dms(harness, ADA).filter((m) => m.text === ASKED)).toEqual([]);
    // Monday 09:00 in London: one DM, with Name a new owner; her Home shows it too.
    await at(harness, MONDAY);
    const asked = dms(harness, ADA).filter((m) => m.text === ASKED);
    expect(asked).toHaveLength(1);
    const dm = structuredClone(asked[0] as StoredMessage);
    expect(textOf(dm.blocks)).toContain(`<@${BOB}> left the workspace.`);
    expect(textOf(dm.blocks)).toContain('Migrate the kiosks');
    expect(await homeOf(harness, ADA)).toContain(
      `*Follow-up needs an owner*: Migrate the kiosks: <@${BOB}> left (decision: Drop IE11)`,
    );

    // Eve, who was not asked, is refused; nothing changes.
    expect(await press(harness, EVE, dm, 'decision_follow_up_owner')).toEqual({
      reply: expect.stringContaining(
        'Mailroom asked someone else to name this follow-up’s new owner',
      ),
    });

    // Ada's button opens the form; naming Bob, who left, is refused under the field.
    const { modal } = await press(harness, ADA, dm, 'decision_follow_up_owner');
    if (!modal) throw new Error('no form');
    expect(modal.callback_id).toBe('decision_follow_up_owner_modal');
    const submit = (ownerId: string | null) =>
      harness.sender.viewSubmission({
        userId: ADA,
        callbackId: 'decision_follow_up_owner_modal',
        viewId: modal.id,
        privateMetadata: modal.private_metadata,
        values: { new_owner: person(ownerId) },
      });
    const refused = await submit(BOB);
    expect(refused.json()).toEqual({
      response_action: 'errors',
      errors: {
        new_owner: `I can’t name <@${BOB}> in a decision: they are not a current member of this workspace.`,
      },
    });
    expect(ctx.decisions.followUp(followUp.id)?.state).toBe('open');

    // Ada names Eve: the message, Ada's DM and her Home show it; Eve gets the task in her hours.
    const named = await submit(EVE);
    expect(named.status).toBe(200);
    expect(JSON.stringify(named.json())).toContain(`<@${EVE}> owns “Migrate the kiosks” now.`);
    await decisionMessageSaying(harness, decisionId, `Migrate the kiosks (<@${EVE}>)`);
    await eventually(() => {
      const rewritten = dms(harness, ADA).find((m) => m.ts === dm.ts);
      expect(textOf(rewritten?.blocks)).toContain(`<@${EVE}> owns it now.`);
      expect(() => findButton(rewritten?.blocks, 'decision_follow_up_owner')).toThrow();
    });
    const home = await homeOf(harness, ADA);
    expect(home).not.toContain('*Follow-up needs an owner*');
    expect(home).toContain('each follow-up has an owner now (decision: Drop IE11)');
    await at(harness, '2026-03-09T09:05:00Z');
    expect(dms(harness, EVE).map((m) => m.text)).toContain('Follow-up: Migrate the kiosks');

    // Her click on the DM as she first saw it changes nothing more.
    expect(await press(harness, ADA, dm, 'decision_follow_up_owner')).toEqual({
      reply: expect.stringContaining('That follow-up has a new owner already, or was cancelled.'),
    });
    expect(ctx.queue.withKeyPrefix('decision-follow-up-owner-left:')).toHaveLength(1);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('has the review’s owner told once when a reviewer who had not answered leaves, and no longer waits for them', async () => {
    const harness = await startMailroom({ now: MONDAY, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const decisionId = await logDecision(harness, {
      follow_up_text_0: text(''),
      follow_up_owner_0: person(null),
      reviewers: { value: { type: 'multi_users_select', selected_users: [BOB] } },
      review_hours: text(''),
      status: { value: { type: 'radio_buttons', selected_option: { value: 'proposed' } } },
    });
    expect(ctx.decisions.get(decisionId)?.status).toBe('in_review');

    await harness.sender.event(userChangeEvent({ ...bob, deleted: true }), {
      eventId: 'Ev0BOBLEFT2',
    });
    await eventually(() =>
      expect(ctx.queue.withKeyPrefix('decision-reviewer-left:')).toHaveLength(1),
    );
    harness.fake.updateUser(BOB, { deleted: true });
    await harness.mailroom.syncDirectory();
    await at(harness, '2026-03-09T09:05:00Z');
    const told = dms(harness, ADA).filter((m) => m.text === 'A reviewer left: Drop IE11');
    expect(told).toHaveLength(1);
    expect(textOf(told[0]?.blocks)).toContain(
      'They had not answered: the review no longer waits for them, and accepting it shows them as silent.',
    );

    // Ada accepts from the decision's message, hours before Bob's window would have ended.
    const message = await decisionMessageSaying(harness, decisionId, 'In review');
    expect(await press(harness, ADA, message, 'decision_accept')).toEqual({
      reply: expect.stringContaining(`Stayed silent in its review: <@${BOB}>.`),
    });
    expect(ctx.decisions.get(decisionId)?.status).toBe('accepted');
    expect(harness.logs.errors()).toEqual([]);
  });
});
