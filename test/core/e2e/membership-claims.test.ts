import { afterEach, describe, expect, it } from 'vitest';
import { logDecision } from '../../../src/features/decisions/services/log.js';
import { findButton } from '../../support/blocks.js';
import type { FakeChannel, FakeUser, Json } from '../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../support/harness.js';

/**
 * What a payload names is a claim: a view id is someone's modal only if Mailroom opened it for
 * them, and a refusal for a conversation Mailroom knows is first checked again with Slack.
 */

const NOW = '2026-03-09T10:00:00Z';
const BOT = 'U0MAILBOT';
const ASKER = 'U0ASKER';
const EXPERT = 'U0EXPERT';
const OUTSIDER = 'U0OUT';
const GUEST = 'U0GUEST';
/** Guests in no channel here: everything of #guests is unknown to them. */
const OTHER_GUEST = 'U0GUEST2';
const SINGLE_GUEST = 'U0GUEST3';

const users: FakeUser[] = [
  { id: ASKER, name: 'ada', tz: 'UTC' },
  { id: EXPERT, name: 'eve', tz: 'UTC' },
  { id: OUTSIDER, name: 'otto', tz: 'UTC' },
  { id: GUEST, name: 'gus', tz: 'UTC', isRestricted: true },
  { id: OTHER_GUEST, name: 'gia', tz: 'UTC', isRestricted: true },
  { id: SINGLE_GUEST, name: 'sol', tz: 'UTC', isUltraRestricted: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ASKER, EXPERT, OUTSIDER, BOT] },
  { id: 'C0GUESTS', name: 'guests', members: [ASKER, GUEST, BOT] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(): Promise<Harness> {
  h = await startMailroom({ now: NOW, slack: { users, channels } });
  return h;
}

const refusedViews = (harness: Harness) =>
  harness.logs.entries.filter(
    (entry) => entry.level === 'warn' && String(entry.args[0]).startsWith('not updating view'),
  );

/** Opens a modal with a slash command and returns it as Slack keeps it. */
async function openedBy(harness: Harness, userId: string, command: string, text: string) {
  const before = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({ command, text, userId, channelId: 'C0GENERAL' });
  const call = await eventually(() => {
    const found = harness.fake.callsTo('views.open')[before];
    if (!found) throw new Error('no modal yet');
    return found;
  });
  const view = harness.fake.view(String((call.response.view as Json).id));
  if (!view) throw new Error('the modal is not kept');
  return view;
}

describe('a view id is a claim', () => {
  it('grows only a decision form Mailroom opened for the sender', async () => {
    const harness = await start();
    const form = await openedBy(harness, ASKER, '/decision', 'Lunch moves to noon');

    for (const actionId of [
      'decision_add_option',
      'decision_add_follow_up',
      'decision_more_fields',
    ]) {
      await harness.sender.blockAction({ userId: OUTSIDER, actionId, value: 'x', view: form });
    }
    await eventually(() => expect(refusedViews(harness)).toHaveLength(3));
    expect(harness.fake.callsTo('views.update')).toEqual([]);

    await harness.sender.blockAction({
      userId: ASKER,
      actionId: 'decision_add_option',
      value: 'option',
      view: form,
    });
    const grown = await harness.fake.waitForCall('views.update');
    expect(grown.args.view_id).toBe(form.id);
    expect(harness.fake.callsTo('views.update')).toHaveLength(1);
  });

  it('redraws a meeting draft only in the sender’s own modal', async () => {
    const harness = await start();
    const form = await openedBy(harness, ASKER, '/meet', '');
    // The outsider's own draft, sent with the asker's open modal as its place.
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/meet',
      text: `Outsider sync with <@${EXPERT}|eve> next week`,
      userId: OUTSIDER,
      channelId: 'C0GENERAL',
    });
    const card = await harness.fake.waitForResponse();
    const switchKind = findButton(card.body.blocks, 'meet_switch_kind');

    await harness.sender.blockAction({
      userId: OUTSIDER,
      actionId: 'meet_switch_kind',
      value: String(switchKind.value),
      view: form,
    });
    await eventually(() => expect(refusedViews(harness)).toHaveLength(1));
    expect(harness.fake.callsTo('views.update')).toEqual([]);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('remembers in its store which modal it opened for whom', async () => {
    const harness = await start();
    const form = await openedBy(harness, ASKER, '/decision', 'Lunch moves to noon');
    const { ctx } = harness.mailroom;
    expect(ctx.openedViews.isOpenedFor(String(form.id), ASKER)).toBe(true);
    expect(ctx.openedViews.isOpenedFor(String(form.id), OUTSIDER)).toBe(false);
    const rows = ctx.db.$client.prepare('SELECT user_id FROM opened_views').all();
    expect(rows).toEqual([{ user_id: ASKER }]);
  });
});

describe('a refusal for a conversation Mailroom knows is checked again with Slack', () => {
  /** #guests as Mailroom last read it, before the guest joined; a decision proposed there. */
  async function guestsDecision(harness: Harness) {
    const { ctx } = harness.mailroom;
    const at = harness.clock();
    for (const channel of channels) {
      ctx.channels.upsert(
        { id: channel.id, name: channel.name, isPrivate: false, isIm: false, archived: false },
        at,
      );
    }
    ctx.channels.setMembers('C0GENERAL', [ASKER, EXPERT, OUTSIDER, BOT], at);
    ctx.channels.setMembers('C0GUESTS', [ASKER, BOT], at);
    const { decision } = logDecision(ctx, {
      userId: ASKER,
      channelId: 'C0GUESTS',
      draft: {
        title: 'Guests get the visitor wifi',
        why: 'They keep asking.',
        options: [{ name: 'Visitor wifi', pros: 'simple', cons: 'slow' }],
        chosen: 'Visitor wifi',
        tradeOff: 'slow but simple',
        ownerIds: [ASKER],
        consultedIds: [],
        followUps: [],
        status: 'proposed',
        revisitOn: null,
      },
    });
    harness.clock.advance(60_000);
    return decision.id;
  }

  async function agree(harness: Harness, userId: string, decisionId: number) {
    harness.fake.responses.length = 0;
    await harness.sender.blockAction({
      userId,
      actionId: 'decision_agree',
      value: String(decisionId),
      channelId: 'C0GUESTS',
    });
    return JSON.stringify((await harness.fake.waitForResponse()).body);
  }

  const membersReads = (harness: Harness) =>
    harness.fake.callsTo('conversations.members').filter((c) => c.args.channel === 'C0GUESTS');

  it('lets a guest Slack counts in the channel agree, answering through response_url', async () => {
    const harness = await start();
    const decisionId = await guestsDecision(harness);

    const reply = await agree(harness, GUEST, decisionId);
    expect(reply).toContain('Noted your agreement');
    expect(harness.mailroom.ctx.decisions.inputs(decisionId)).toMatchObject([
      { userId: GUEST, kind: 'agree' },
    ]);
    expect(harness.mailroom.ctx.channels.isMember('C0GUESTS', GUEST)).toBe(true);
    expect(membersReads(harness)).toHaveLength(1);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('takes a comment from a guest Slack counts in the channel', async () => {
    const harness = await start();
    const decisionId = await guestsDecision(harness);
    const response = await harness.sender.viewSubmission({
      userId: GUEST,
      callbackId: 'decision_comment_modal',
      privateMetadata: JSON.stringify({ decisionId }),
      values: { remark: { value: { type: 'plain_text_input', value: 'Works for us.' } } },
    });
    expect(response.body).toBe('');
    expect(harness.mailroom.ctx.decisions.inputs(decisionId)).toMatchObject([
      { userId: GUEST, kind: 'comment', text: 'Works for us.' },
    ]);
    expect(membersReads(harness)).toHaveLength(1);
  });

  it('asks Slack at most once a minute per conversation, whoever is refused', async () => {
    const harness = await start();
    const decisionId = await guestsDecision(harness);

    for (let i = 0; i < 4; i += 1) {
      expect(await agree(harness, OTHER_GUEST, decisionId)).toContain(
        'I can’t find that decision.',
      );
    }
    expect(await agree(harness, SINGLE_GUEST, decisionId)).toContain('I can’t find that decision.');
    expect(membersReads(harness)).toHaveLength(1);
    // A forged id, or a conversation Mailroom never saw, makes no call at all.
    expect(await agree(harness, OTHER_GUEST, 987654)).toContain('I can’t find that decision.');
    expect(membersReads(harness)).toHaveLength(1);

    harness.clock.advance(60_000);
    expect(await agree(harness, OTHER_GUEST, decisionId)).toContain('I can’t find that decision.');
    expect(membersReads(harness)).toHaveLength(2);
    expect(harness.mailroom.ctx.decisions.inputs(decisionId)).toEqual([]);
  });
});

describe('Write a doc by a guest', () => {
  const values = (title: string, channelId?: string) => ({
    write_doc_title: { title: { type: 'plain_text_input', value: title } },
    write_doc_body: {
      body: { type: 'plain_text_input', value: 'The visitor wifi is “guest-42”.' },
    },
    ...(channelId
      ? {
          write_doc_channel: {
            channel: { type: 'static_select', selected_option: { value: channelId } },
          },
        }
      : {}),
  });

  async function openFor(harness: Harness, userId: string) {
    const before = harness.fake.callsTo('views.open').length;
    await harness.sender.globalShortcut({ userId, callbackId: 'write_doc' });
    return eventually(() => {
      const call = harness.fake.callsTo('views.open')[before];
      if (!call) throw new Error('no modal yet');
      return call.args.view as Json;
    });
  }

  const search = (harness: Harness, userId: string) => {
    const { ctx } = harness.mailroom;
    const member = ctx.members.get(userId);
    return ctx.knowledge.search('visitor wifi', {
      isGuest: member?.isGuest ?? true,
      visibleChannelIds: ctx.channels.channelsOf(userId),
    });
  };

  it('asks which of their channels it is for, and keeps it for that channel’s members', async () => {
    const harness = await start();
    const { ctx } = harness.mailroom;
    ctx.channels.setMembers('C0GUESTS', [ASKER, GUEST, BOT], harness.clock());

    const modal = await openFor(harness, GUEST);
    const select = (modal.blocks as Json[]).find((b) => b.block_id === 'write_doc_channel');
    expect((select?.element as Json | undefined)?.options).toEqual([
      { text: { type: 'plain_text', text: '#C0GUESTS', emoji: true }, value: 'C0GUESTS' },
    ]);

    const saved = await harness.sender.viewSubmission({
      userId: GUEST,
      callbackId: 'write_doc_modal',
      values: values('Visitor wifi', 'C0GUESTS'),
    });
    expect(JSON.stringify(saved.json())).toContain('Only members of <#C0GUESTS> can find it');
    expect(ctx.knowledge.count()).toBe(1);
    expect(search(harness, GUEST)).toHaveLength(1);
    expect(search(harness, ASKER)).toHaveLength(1);
    // Not public: someone outside the channel does not find it.
    expect(search(harness, OUTSIDER)).toHaveLength(0);
    expect(search(harness, OTHER_GUEST)).toHaveLength(0);
  });

  it('refuses a channel the guest is not in, and a guest in no channel Mailroom knows', async () => {
    const harness = await start();
    const { ctx } = harness.mailroom;
    ctx.channels.setMembers('C0GUESTS', [ASKER, GUEST, BOT], harness.clock());
    ctx.channels.setMembers('C0GENERAL', [ASKER, EXPERT, OUTSIDER, BOT], harness.clock());

    const forged = await harness.sender.viewSubmission({
      userId: GUEST,
      callbackId: 'write_doc_modal',
      values: values('Visitor wifi', 'C0GENERAL'),
    });
    expect(forged.json()).toMatchObject({
      response_action: 'errors',
      errors: { write_doc_channel: expect.stringContaining('Pick one of your channels') },
    });
    const none = await harness.sender.viewSubmission({
      userId: GUEST,
      callbackId: 'write_doc_modal',
      values: values('Visitor wifi'),
    });
    expect(JSON.stringify(none.json())).toContain('Pick one of your channels');

    const modal = await openFor(harness, SINGLE_GUEST);
    expect(modal.callback_id).toBe('write_doc_refused');
    expect(JSON.stringify(modal.blocks)).toContain('I don’t know you are in any yet');
    const refused = await harness.sender.viewSubmission({
      userId: SINGLE_GUEST,
      callbackId: 'write_doc_modal',
      values: values('Visitor wifi'),
    });
    expect(JSON.stringify(refused.json())).toContain('I don’t know you are in any yet');
    expect(ctx.knowledge.count()).toBe(0);
    expect(ctx.channels.isMember('C0GENERAL', GUEST)).toBe(false);
    expect(harness.logs.errors()).toEqual([]);
  });
});
