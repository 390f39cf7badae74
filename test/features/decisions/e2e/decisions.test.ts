import { afterEach, describe, expect, it } from 'vitest';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appHomeOpenedEvent } from '../../../support/slack-requests.js';

// Monday 2026-03-09 14:00Z: 14:00 in London, 10:00 in New York (EDT since 8 March).
const NOW = '2026-03-09T14:00:00Z';
const BOT = 'U0MAILBOT';
const ADA = 'U0ADA';
const BOB = 'U0BOB';
const EVE = 'U0EVE';
const PAT = 'U0PAT';

const users: FakeUser[] = [
  { id: ADA, name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London' },
  { id: BOB, name: 'bob', realName: 'Bob Brown', tz: 'America/New_York' },
  { id: EVE, name: 'eve', realName: 'Eve Evans', tz: 'Europe/London' },
  { id: PAT, name: 'pat', realName: 'Pat Park', tz: 'Europe/London' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ADA, BOB, EVE, PAT, BOT] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: [ADA, BOB, BOT] },
  { id: 'C0QUIET', name: 'quiet', members: [ADA, BOB, EVE] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(now = NOW, requireMembership = false): Promise<Harness> {
  h = await startMailroom({ now, slack: { users, channels, requireMembership } });
  return h;
}

// ---------------------------------------------------------------- the form, as Slack sends it

interface FormInput {
  title?: string;
  why?: string;
  options?: [string, string?, string?][];
  chosen?: string;
  tradeOff?: string;
  owners?: string[];
  consulted?: string[];
  followUps?: [string, string | null, string?][];
  status?: 'proposed' | 'accepted';
  revisitOn?: string;
  postIn?: string | null;
}

const text = (value: string | undefined) => ({ value: { type: 'plain_text_input', value } });

function formValues(input: FormInput): Json {
  const values: Json = {
    title: text(input.title),
    why: text(input.why),
    chosen: text(input.chosen),
    trade_off: text(input.tradeOff),
    owners: { value: { type: 'multi_users_select', selected_users: input.owners ?? [] } },
    consulted: { value: { type: 'multi_users_select', selected_users: input.consulted ?? [] } },
    status: {
      value: { type: 'radio_buttons', selected_option: { value: input.status ?? 'proposed' } },
    },
    revisit_on: { value: { type: 'datepicker', selected_date: input.revisitOn ?? null } },
    post_in: {
      value: { type: 'conversations_select', selected_conversation: input.postIn ?? null },
    },
  };
  (input.options ?? []).forEach(([name, pros, cons], i) => {
    values[`option_name_${i}`] = text(name);
    values[`option_pros_${i}`] = text(pros);
    values[`option_cons_${i}`] = text(cons);
  });
  (input.followUps ?? []).forEach(([task, owner, due], i) => {
    values[`follow_up_text_${i}`] = text(task);
    values[`follow_up_owner_${i}`] = { value: { type: 'users_select', selected_user: owner } };
    values[`follow_up_due_${i}`] = { value: { type: 'datepicker', selected_date: due ?? null } };
  });
  return values;
}

const POSTGRES: FormInput = {
  title: 'Use Postgres for the billing service',
  why: 'Billing must keep invoices and payments consistent: the finance team asked for exact totals.',
  options: [
    ['Postgres', 'Transactions; the team knows it', 'One more server to run'],
    ['DynamoDB', 'Fully managed', 'No multi-item transactions we trust'],
  ],
  chosen: 'Postgres',
  tradeOff: 'Slower to set up now, robust later',
  owners: [ADA, BOB],
  consulted: [EVE],
  followUps: [['Provision the billing database', BOB, '2026-03-13']],
  status: 'proposed',
};

interface OpenedForm {
  viewId: string;
  view: Json & { private_metadata: string; blocks: Json[] };
}

/** Waits for the next modal Mailroom opens (or pushes) after `before` calls. */
async function openedModal(harness: Harness, before: number): Promise<OpenedForm> {
  return eventually(() => {
    const call = harness.fake.calls
      .filter((c) => c.method === 'views.open' || c.method === 'views.push')
      .at(before);
    if (!call) throw new Error('no modal yet');
    const view = (call.response.view ?? {}) as OpenedForm['view'];
    return { viewId: String(view.id), view };
  });
}

const modalsOpened = (harness: Harness) =>
  harness.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.push').length;

async function submitForm(harness: Harness, userId: string, form: OpenedForm, input: FormInput) {
  const response = await harness.sender.viewSubmission({
    userId,
    callbackId: 'decision_modal',
    viewId: form.viewId,
    privateMetadata: form.view.private_metadata,
    values: formValues(input),
  });
  expect(response.status).toBe(200);
  return response.body === '' ? {} : (response.json() as Json);
}

async function slash(harness: Harness, userId: string, text: string, channelId = 'C0GENERAL') {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({ command: '/decision', text, userId, channelId });
  const reply = await harness.fake.waitForResponse();
  return { blocks: reply.body.blocks, all: `${reply.body.text}\n${textOf(reply.body.blocks)}` };
}

/** `/decision <title>` in a channel, then the form submitted; returns the decision's id. */
async function logDecision(
  harness: Harness,
  input: FormInput,
  userId = ADA,
  channelId = 'C0GENERAL',
): Promise<number> {
  const before = modalsOpened(harness);
  await harness.sender.slashCommand({
    command: '/decision',
    text: input.title ?? '',
    userId,
    channelId,
  });
  const form = await openedModal(harness, before);
  const ack = await submitForm(harness, userId, form, input);
  expect(ack).toMatchObject({ response_action: 'update' });
  const count = harness.mailroom.ctx.decisions.count();
  const decision = harness.mailroom.ctx.decisions.all().at(-1);
  if (!decision || count === 0) throw new Error('no decision logged');
  // Wait for the post (or its failure) to settle.
  await eventually(() => {
    const now = harness.mailroom.ctx.decisions.get(decision.id);
    if (now?.channelId && !now.messageTs && !now.postProblem) throw new Error('not posted yet');
  });
  return decision.id;
}

function decisionMessageIn(harness: Harness, channelId: string, decisionId: number) {
  const ts = harness.mailroom.ctx.decisions.get(decisionId)?.messageTs;
  const message = harness.fake.messagesIn(channelId).find((m) => m.ts === ts);
  if (!message) throw new Error(`decision ${decisionId} is not in ${channelId}`);
  return message;
}

/** A click on a button of a message Mailroom posted, as its reader makes it. */
async function clickOn(
  harness: Harness,
  userId: string,
  message: StoredMessage,
  actionId: string,
  channelId: string,
) {
  const button = findButton(message.blocks, actionId);
  harness.fake.responses.length = 0;
  const response = await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId,
    messageTs: message.ts,
    message: message as unknown as Json,
  });
  expect(response.status).toBe(200);
}

async function replyText(harness: Harness): Promise<string> {
  const reply = await harness.fake.waitForResponse();
  return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
}

/** Submits a one-field form (object, comment, reverse) opened by the last click. */
async function submitRemark(harness: Harness, userId: string, before: number, value: string) {
  const form = await openedModal(harness, before);
  const response = await harness.sender.viewSubmission({
    userId,
    callbackId: String(form.view.callback_id),
    viewId: form.viewId,
    privateMetadata: form.view.private_metadata,
    values: { remark: text(value) },
  });
  return response.body === '' ? {} : (response.json() as Json);
}

const dmsOf = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);

async function openHome(harness: Harness, userId: string) {
  const before = harness.fake.callsTo('views.publish').length;
  await harness.sender.event(appHomeOpenedEvent(userId));
  await eventually(() =>
    expect(harness.fake.callsTo('views.publish').length).toBeGreaterThan(before),
  );
  return harness.fake.homeViewOf(userId) as Json & { blocks: unknown[]; private_metadata: string };
}

// ---------------------------------------------------------------- logging

describe('/decision: logging', () => {
  it('opens the form with the title filled in, posts the decision with a thread and keeps its permalink', async () => {
    const harness = await start();
    const before = modalsOpened(harness);
    await harness.sender.slashCommand({
      command: '/decision',
      text: 'Use Postgres for the billing service',
      userId: ADA,
      channelId: 'C0GENERAL',
    });
    const form = await openedModal(harness, before);
    const title = form.view.blocks.find((b) => b.block_id === 'title') as Json;
    expect((title.element as Json).initial_value).toBe('Use Postgres for the billing service');
    const owners = form.view.blocks.find((b) => b.block_id === 'owners') as Json;
    expect((owners.element as Json).initial_users).toEqual([ADA]);
    expect(textOf(form.view.blocks)).toContain('It will be posted in <#C0GENERAL>');

    const ack = await submitForm(harness, ADA, form, POSTGRES);
    expect(ack).toMatchObject({ response_action: 'update' });
    const { ctx } = harness.mailroom;
    const decision = await eventually(() => {
      const d = ctx.decisions.all()[0];
      if (!d?.permalink) throw new Error('not posted yet');
      return d;
    });
    expect(decision).toMatchObject({
      title: 'Use Postgres for the billing service',
      status: 'proposed',
      channelId: 'C0GENERAL',
      ownerIds: [ADA, BOB],
      consultedIds: [EVE],
    });
    const message = decisionMessageIn(harness, 'C0GENERAL', decision.id);
    const shown = textOf(message.blocks);
    for (const part of [
      'Decision: Use Postgres for the billing service',
      'Proposed',
      'Billing must keep invoices and payments consistent',
      '1. Postgres',
      'Transactions; the team knows it',
      'No multi-item transactions we trust',
      '*Chosen:* Postgres',
      '• Bad, because Slower to set up now, robust later',
      `*Owners:* <@${ADA}>, <@${BOB}>`,
      `*Consulted:* <@${EVE}>`,
      'Provision the billing database',
      'due Fri 13 Mar 2026',
    ]) {
      expect(shown).toContain(part);
    }
    findButton(message.blocks, 'decision_agree');
    // The thread for discussion.
    await eventually(() =>
      expect(
        harness.fake.messagesIn('C0GENERAL').filter((m) => m.thread_ts === message.ts),
      ).toHaveLength(1),
    );
    expect(decision.permalink).toContain(`/archives/C0GENERAL/p${message.ts.replace('.', '')}`);
    await eventually(() =>
      expect(textOf(harness.fake.view(form.viewId)?.blocks)).toContain('posted it in <#C0GENERAL>'),
    );
    expect(ctx.decisions.revisions(decision.id).map((r) => r.change)).toEqual(['logged']);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('logs a decision from a message, with the message and its thread’s link as context', async () => {
    const harness = await start();
    const root = harness.fake.seedMessage('C0GENERAL', {
      user: BOB,
      text: 'Finance needs exact totals by the end of the quarter.',
    });
    const reply = harness.fake.seedMessage('C0GENERAL', {
      user: EVE,
      text: 'Then we need a database with real transactions.',
      thread_ts: root.ts,
    });
    const before = modalsOpened(harness);
    await harness.sender.messageShortcut({
      userId: ADA,
      callbackId: 'log_decision',
      channelId: 'C0GENERAL',
      message: { ts: reply.ts, thread_ts: root.ts, user: EVE, text: reply.text },
    });
    const form = await openedModal(harness, before);
    expect(textOf(form.view.blocks)).toContain('Then we need a database with real transactions.');
    await submitForm(harness, ADA, form, { ...POSTGRES, followUps: [] });
    const { ctx } = harness.mailroom;
    const decision = await eventually(() => {
      const d = ctx.decisions.all()[0];
      if (!d?.messageTs) throw new Error('not posted yet');
      return d;
    });
    expect(decision.contextPermalink).toBe(
      `https://mailroom-test.slack.com/archives/C0GENERAL/p${root.ts.replace('.', '')}`,
    );
    expect(decision.contextText).toBe('Then we need a database with real transactions.');
    expect(textOf(decisionMessageIn(harness, 'C0GENERAL', decision.id).blocks)).toContain(
      `Logged from <${decision.contextPermalink}|this message>`,
    );
  });

  it('shows missing and too-long fields under each, keeps what was typed and saves nothing', async () => {
    const harness = await start();
    const before = modalsOpened(harness);
    await harness.sender.slashCommand({
      command: '/decision',
      text: '',
      userId: ADA,
      channelId: 'C0GENERAL',
    });
    const form = await openedModal(harness, before);
    const empty = await submitForm(harness, ADA, form, { owners: [ADA], options: [['']] });
    expect(empty).toEqual({
      response_action: 'errors',
      errors: {
        title: 'Give the decision a title, so people can find it.',
        why: 'Say why a choice was needed: the goal, the request or the problem behind it.',
        option_name_0: 'List at least one option you considered.',
        chosen: 'Say which option you chose.',
      },
    });
    const long = await submitForm(harness, ADA, form, {
      ...POSTGRES,
      title: 'T'.repeat(151),
      tradeOff: 'x'.repeat(1001),
    });
    expect(long).toEqual({
      response_action: 'errors',
      errors: {
        title: 'Keep the title to 150 characters or fewer (it has 151).',
        trade_off: 'Keep the trade-off to 1000 characters or fewer (it has 1001).',
      },
    });
    expect(harness.mailroom.ctx.decisions.count()).toBe(0);
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('saves a decision it cannot post, says how to fix it, and posts it once invited', async () => {
    const harness = await start(NOW, true);
    const id = await logDecision(harness, POSTGRES, ADA, 'C0QUIET');
    const { ctx } = harness.mailroom;
    expect(ctx.decisions.get(id)).toMatchObject({ postProblem: 'not_in_channel', messageTs: null });
    const dm = await eventually(() => {
      const message = dmsOf(harness, ADA).at(-1);
      if (!message) throw new Error('no DM yet');
      return message;
    });
    expect(textOf(dm.blocks)).toContain('Mailroom is not a member of <#C0QUIET>');
    expect(textOf(dm.blocks)).toContain('/invite @Mailroom');
    // It is saved, not lost: search finds it already.
    const found = await slash(harness, ADA, 'search billing database', 'C0QUIET');
    expect(found.all).toContain('Use Postgres for the billing service');

    harness.fake.updateChannel('C0QUIET', { members: [ADA, BOB, EVE, BOT] });
    // Someone else may not post it.
    await clickOn(harness, EVE, dm, 'decision_post', harness.fake.dmChannelIdFor(EVE));
    expect(await replyText(harness)).toContain('Only the decision’s owners can edit it.');
    await clickOn(harness, ADA, dm, 'decision_post', harness.fake.dmChannelIdFor(ADA));
    expect(await replyText(harness)).toContain('Posted');
    await eventually(() => expect(ctx.decisions.get(id)?.messageTs).not.toBeNull());
    expect(decisionMessageIn(harness, 'C0QUIET', id)).toBeDefined();
  });

  it('asks where to post when logged from a DM, and keeps it for its owners when left empty', async () => {
    const harness = await start();
    const before = modalsOpened(harness);
    const dm = harness.fake.dmChannelIdFor(ADA);
    await harness.sender.slashCommand({
      command: '/decision',
      text: 'Hire a contractor',
      userId: ADA,
      channelId: dm,
    });
    const form = await openedModal(harness, before);
    expect(form.view.blocks.some((b) => b.block_id === 'post_in')).toBe(true);
    const ack = await submitForm(harness, ADA, form, {
      ...POSTGRES,
      title: 'Hire a contractor for the billing migration',
      owners: [ADA],
      consulted: [EVE],
      followUps: [],
      postIn: null,
    });
    expect(textOf((ack.view as Json).blocks)).toContain(
      'visible only to its owners and the people consulted',
    );
    const { ctx } = harness.mailroom;
    const decision = ctx.decisions.all()[0];
    expect(decision).toMatchObject({ channelId: null, messageTs: null });
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect((await slash(harness, EVE, 'search contractor')).all).toContain('Hire a contractor');
    expect((await slash(harness, PAT, 'search contractor')).all).not.toContain('Hire a contractor');
    // /decision list in a DM lists the decisions kept for the people they name.
    expect((await slash(harness, EVE, 'list', harness.fake.dmChannelIdFor(EVE))).all).toContain(
      'Hire a contractor',
    );
  });

  it('grows the form by an option, keeping what was typed', async () => {
    const harness = await start();
    const before = modalsOpened(harness);
    await harness.sender.slashCommand({
      command: '/decision',
      text: 'Pick a CI',
      userId: ADA,
      channelId: 'C0GENERAL',
    });
    const form = await openedModal(harness, before);
    const stored = harness.fake.view(form.viewId) as Json;
    await harness.sender.blockAction({
      userId: ADA,
      actionId: 'decision_add_option',
      value: 'option',
      view: {
        ...stored,
        state: {
          values: formValues({
            title: 'Pick a CI',
            why: 'Builds are slow',
            options: [['GitHub Actions'], ['Buildkite']],
          }),
        },
      },
    });
    const updated = await eventually(() => {
      const call = harness.fake.callsTo('views.update').at(-1);
      if (!call) throw new Error('no update yet');
      return call.args.view as Json & { blocks: Json[] };
    });
    expect(updated.blocks.some((b) => b.block_id === 'option_name_2')).toBe(true);
    const why = updated.blocks.find((b) => b.block_id === 'why') as Json;
    expect((why.element as Json).initial_value).toBe('Builds are slow');
    expect(JSON.parse(String(updated.private_metadata))).toMatchObject({ options: 3 });
  });
});

// ---------------------------------------------------------------- input, acceptance, follow-ups

describe('/decision: input, acceptance and follow-ups', () => {
  it('gathers agreement and objections for each owner in one DM, in their working hours', async () => {
    const harness = await start('2026-03-09T21:00:00Z'); // 21:00 London, 17:00 New York
    const id = await logDecision(harness, POSTGRES);
    const { ctx } = harness.mailroom;
    await harness.mailroom.tick(); // Bob, the co-owner, is told of the proposal: not now, he is off.
    const message = decisionMessageIn(harness, 'C0GENERAL', id);

    await clickOn(harness, EVE, message, 'decision_agree', 'C0GENERAL');
    expect(await replyText(harness)).toContain('Noted your agreement');
    let before = modalsOpened(harness);
    await clickOn(harness, PAT, message, 'decision_object', 'C0GENERAL');
    expect(await submitRemark(harness, PAT, before, '  ')).toMatchObject({
      response_action: 'errors',
      errors: { remark: 'Say why you object: the owners need the reason to weigh it.' },
    });
    expect(
      await submitRemark(harness, PAT, before, 'We have nobody on call for databases.'),
    ).toEqual({});

    // The record keeps both, and the channel message shows them.
    await eventually(() =>
      expect(textOf(decisionMessageIn(harness, 'C0GENERAL', id).blocks)).toContain(
        `<@${PAT}>: We have nobody on call for databases.`,
      ),
    );
    expect(textOf(decisionMessageIn(harness, 'C0GENERAL', id).blocks)).toContain(
      `1 agree (<@${EVE}>)`,
    );

    // Not at once: nobody is working.
    harness.clock.set('2026-03-09T22:00:00Z');
    await harness.mailroom.tick();
    expect(dmsOf(harness, ADA)).toHaveLength(0);
    expect(dmsOf(harness, BOB)).toHaveLength(0);

    // Ada's day starts in London: one DM with both.
    harness.clock.set('2026-03-10T09:00:00Z');
    await harness.mailroom.tick();
    const adaDms = dmsOf(harness, ADA);
    expect(adaDms).toHaveLength(1);
    const digest = textOf(adaDms[0]?.blocks);
    expect(digest).toContain(`<@${EVE}> agrees.`);
    expect(digest).toContain(`<@${PAT}> objects: We have nobody on call for databases.`);
    expect(dmsOf(harness, BOB)).toHaveLength(0);

    // More input after she got it: the same message shows it; no new DM.
    before = modalsOpened(harness);
    await clickOn(harness, EVE, message, 'decision_comment', 'C0GENERAL');
    await submitRemark(harness, EVE, before, 'Could the platform team own the on-call?');
    await eventually(() =>
      expect(
        harness.fake
          .callsTo('chat.update')
          .some(
            (c) =>
              textOf(c.args.blocks).includes('platform team own') &&
              c.args.channel === adaDms[0]?.channel,
          ),
      ).toBe(true),
    );
    expect(dmsOf(harness, ADA)).toHaveLength(1);

    // Bob's day starts in New York: his one item holds the proposal and all three inputs.
    harness.clock.set('2026-03-10T13:00:00Z');
    await harness.mailroom.tick();
    const bobDms = dmsOf(harness, BOB);
    expect(bobDms).toHaveLength(1);
    expect(textOf(bobDms[0]?.blocks)).toContain(`<@${ADA}> logged a decision you own`);
    expect(textOf(bobDms[0]?.blocks)).toContain('platform team own');
    const inputItems = ctx.queue.openForRecipient(BOB).filter((i) => i.kind === 'decision_input');
    expect(inputItems).toHaveLength(1);
    // His Home lists the decision waiting for him, with Accept.
    const home = await openHome(harness, BOB);
    expect(textOf(home.blocks)).toContain(
      `*Decision to accept* from *ada*: Use Postgres for the billing service · 3 new inputs`,
    );
    expect(findButton(home.blocks, 'decision_accept').value).toBe(String(id));

    // A non-owner may not accept; an owner does, from the DM.
    await clickOn(harness, PAT, message, 'decision_accept', 'C0GENERAL');
    expect(await replyText(harness)).toContain('Only the decision’s owners can accept it.');
    expect(ctx.decisions.get(id)?.status).toBe('proposed');
    const bobDm = bobDms[0];
    if (!bobDm) throw new Error('no DM');
    await clickOn(harness, BOB, bobDm, 'decision_accept', harness.fake.dmChannelIdFor(BOB));
    expect(await replyText(harness)).toContain('Accepted');
    expect(ctx.decisions.get(id)?.status).toBe('accepted');
    await eventually(() =>
      expect(textOf(decisionMessageIn(harness, 'C0GENERAL', id).blocks)).toContain('Accepted'),
    );
    // The objection stays part of the record.
    expect(ctx.decisions.inputs(id).map((i) => i.kind)).toEqual(['agree', 'object', 'comment']);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('delivers a follow-up to its owner in their hours, with Done, and reminds an overdue one once', async () => {
    const harness = await start('2026-03-09T12:00:00Z'); // 08:00 in New York
    const id = await logDecision(harness, { ...POSTGRES, status: 'accepted' });
    await harness.mailroom.tick();
    expect(dmsOf(harness, BOB)).toHaveLength(0);
    harness.clock.set('2026-03-09T13:00:00Z'); // 09:00 in New York
    await harness.mailroom.tick();
    const [task] = dmsOf(harness, BOB);
    expect(textOf(task?.blocks)).toContain('Provision the billing database');
    expect(textOf(task?.blocks)).toContain('Due Fri 13 Mar 2026');
    const home = await openHome(harness, BOB);
    expect(textOf(home.blocks)).toContain(
      '*Follow-up* from *ada*: Provision the billing database (decision: Use Postgres for the billing service)',
    );
    expect(textOf(home.blocks)).toContain('due Fri 13 Mar 23:59');
    findButton(home.blocks, 'decision_follow_up_done');

    // Overdue from Friday 23:59 in New York; reminded once, on Monday morning there.
    harness.clock.set('2026-03-14T05:00:00Z');
    await harness.mailroom.tick();
    harness.clock.set('2026-03-16T13:00:00Z');
    await harness.mailroom.tick();
    await harness.mailroom.tick();
    const dms = dmsOf(harness, BOB);
    expect(dms).toHaveLength(2);
    expect(textOf(dms[1]?.blocks)).toContain('A reminder: this follow-up of');
    harness.clock.set('2026-03-17T13:00:00Z');
    await harness.mailroom.tick();
    expect(dmsOf(harness, BOB)).toHaveLength(2);

    const reminder = dms[1];
    if (!reminder) throw new Error('no reminder');
    await clickOn(
      harness,
      EVE,
      reminder,
      'decision_follow_up_done',
      harness.fake.dmChannelIdFor(EVE),
    );
    expect(await replyText(harness)).toContain('That follow-up belongs to someone else.');
    await clickOn(
      harness,
      BOB,
      reminder,
      'decision_follow_up_done',
      harness.fake.dmChannelIdFor(BOB),
    );
    expect(await replyText(harness)).toContain('Done. Thank you!');
    const { ctx } = harness.mailroom;
    expect(ctx.decisions.followUps(id)[0]).toMatchObject({ state: 'done', doneBy: BOB });
    expect(ctx.queue.openForRecipient(BOB)).toEqual([]);
    await eventually(() =>
      expect(textOf(decisionMessageIn(harness, 'C0GENERAL', id).blocks)).toContain(
        `done by <@${BOB}>`,
      ),
    );
  });
});

// ---------------------------------------------------------------- finding, superseding, editing

describe('/decision: finding, superseding, editing and revisiting', () => {
  it('finds a decision with /decision search and /ask, shown as a decision with its status and date', async () => {
    const harness = await start();
    await logDecision(harness, { ...POSTGRES, status: 'accepted' });
    const found = await slash(harness, PAT, 'search billing database');
    expect(found.all).toContain('Use Postgres for the billing service');
    expect(found.all).toContain('Accepted');

    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/ask',
      text: 'Why did we pick Postgres for billing?',
      userId: PAT,
      channelId: 'C0GENERAL',
    });
    const asked = await replyText(harness);
    expect(asked).toContain('Use Postgres for the billing service');
    expect(asked).toMatch(
      /decision · accepted · logged <!date\^\d+\^\{date_short_pretty\}\|9 Mar 2026>/,
    );

    // A title that starts with "search" is not lost.
    const offer = await slash(harness, ADA, 'search for a new payments vendor');
    const button = findButton(offer.blocks, 'decision_log_titled');
    expect(button.value).toBe('search for a new payments vendor');
    const list = await slash(harness, ADA, 'list');
    expect(list.all).toContain('Use Postgres for the billing service');
  });

  it('supersedes a decision: both link to each other, and search shows the current one first', async () => {
    const harness = await start();
    const oldId = await logDecision(harness, { ...POSTGRES, status: 'accepted' });
    const old = decisionMessageIn(harness, 'C0GENERAL', oldId);
    // Only owners may.
    let before = modalsOpened(harness);
    await clickOn(harness, PAT, old, 'decision_supersede', 'C0GENERAL');
    expect(await replyText(harness)).toContain('Only the decision’s owners can supersede it.');
    before = modalsOpened(harness);
    await clickOn(harness, ADA, old, 'decision_supersede', 'C0GENERAL');
    const form = await openedModal(harness, before);
    expect(JSON.parse(form.view.private_metadata)).toMatchObject({
      mode: 'supersede',
      decisionId: oldId,
    });
    await submitForm(harness, ADA, form, {
      ...POSTGRES,
      title: 'Move billing to a managed Postgres',
      options: [['Managed Postgres', 'Nobody runs a server'], ['Postgres']],
      chosen: 'Managed Postgres',
      tradeOff: 'Costs more each month, nobody on call for it',
      followUps: [],
      status: 'accepted',
    });
    const { ctx } = harness.mailroom;
    const newId = await eventually(() => {
      const latest = ctx.decisions.all().at(-1);
      if (!latest || latest.id === oldId || !latest.permalink) throw new Error('not yet');
      return latest.id;
    });
    expect(ctx.decisions.get(oldId)).toMatchObject({ status: 'superseded', supersededById: newId });
    const newPermalink = ctx.decisions.get(newId)?.permalink;
    await eventually(() =>
      expect(textOf(decisionMessageIn(harness, 'C0GENERAL', oldId).blocks)).toContain(
        `Superseded by <${newPermalink}|Move billing to a managed Postgres>`,
      ),
    );
    expect(textOf(decisionMessageIn(harness, 'C0GENERAL', newId).blocks)).toContain(
      `Supersedes <${ctx.decisions.get(oldId)?.permalink}|Use Postgres for the billing service>`,
    );
    const found = await slash(harness, PAT, 'search postgres billing');
    expect(found.all.indexOf('Move billing to a managed Postgres')).toBeLessThan(
      found.all.indexOf('Use Postgres for the billing service'),
    );
  });

  it('refuses an edit by a non-owner, and keeps an owner’s edit as a revision', async () => {
    const harness = await start();
    const id = await logDecision(harness, POSTGRES);
    const message = decisionMessageIn(harness, 'C0GENERAL', id);
    await clickOn(harness, PAT, message, 'decision_edit', 'C0GENERAL');
    expect(await replyText(harness)).toContain('Only the decision’s owners can edit it.');
    // A forged submission of the edit form is refused as well, and changes nothing.
    const forged = await harness.sender.viewSubmission({
      userId: PAT,
      callbackId: 'decision_modal',
      privateMetadata: JSON.stringify({
        mode: 'edit',
        decisionId: id,
        channelId: 'C0GENERAL',
        options: 2,
        followUps: 1,
      }),
      values: formValues({ ...POSTGRES, chosen: 'DynamoDB' }),
    });
    expect(forged.json()).toMatchObject({
      response_action: 'errors',
      errors: { title: 'Only the decision’s owners can edit it.' },
    });
    const { ctx } = harness.mailroom;
    expect(ctx.decisions.get(id)?.chosen).toBe('Postgres');

    const before = modalsOpened(harness);
    await clickOn(harness, BOB, message, 'decision_edit', 'C0GENERAL');
    const form = await openedModal(harness, before);
    const ack = await submitForm(harness, BOB, form, { ...POSTGRES, chosen: 'DynamoDB' });
    expect(textOf((ack.view as Json).blocks)).toContain('Saved your changes');
    expect(ctx.decisions.revisions(id).at(-1)).toMatchObject({
      change: 'edited',
      userId: BOB,
      fields: [{ field: 'chosen', before: 'Postgres', after: 'DynamoDB' }],
    });
    await eventually(() =>
      expect(textOf(decisionMessageIn(harness, 'C0GENERAL', id).blocks)).toContain(
        '*Chosen:* DynamoDB',
      ),
    );
  });

  it('asks each owner to revisit it on the date, in their working hours', async () => {
    const harness = await start();
    const id = await logDecision(harness, {
      ...POSTGRES,
      status: 'accepted',
      followUps: [],
      revisitOn: '2026-06-01',
    });
    harness.clock.set('2026-05-29T12:00:00Z');
    await harness.mailroom.tick();
    const revisitDms = (userId: string) =>
      dmsOf(harness, userId).filter((m) => textOf(m.blocks).includes('time to revisit'));
    expect(revisitDms(ADA)).toHaveLength(0);
    harness.clock.set('2026-06-01T08:00:00Z'); // Monday 09:00 in London (BST)
    await harness.mailroom.tick();
    await harness.mailroom.tick();
    expect(revisitDms(ADA)).toHaveLength(1);
    expect(revisitDms(BOB)).toHaveLength(0);
    harness.clock.set('2026-06-01T13:00:00Z'); // 09:00 in New York
    await harness.mailroom.tick();
    const [bobs] = revisitDms(BOB);
    if (!bobs) throw new Error('no revisit DM for Bob');
    await clickOn(harness, BOB, bobs, 'decision_confirm', harness.fake.dmChannelIdFor(BOB));
    expect(await replyText(harness)).toContain('still stands');
    const { ctx } = harness.mailroom;
    expect(ctx.decisions.revisions(id).at(-1)).toMatchObject({ change: 'confirmed', userId: BOB });
    // Ada's revisit item is closed too: one owner answered for the decision.
    expect(ctx.queue.openForRecipient(ADA).filter((i) => i.kind === 'decision_revisit')).toEqual(
      [],
    );
  });
});

describe('/decision: its posts, each once', () => {
  it.each([
    ['Slack took it and its answer was lost', true],
    ['the connection dropped before Slack took it', false],
  ])(
    'the decision’s message (%s) and its thread starter are in the channel once each',
    async (_case, afterProcessing) => {
      const harness = await start();
      harness.fake.hang('chat.postMessage', {
        match: (args) => args.channel === 'C0GENERAL' && args.thread_ts === undefined,
        afterProcessing,
      });
      const before = modalsOpened(harness);
      await harness.sender.slashCommand({
        command: '/decision',
        text: POSTGRES.title ?? '',
        userId: ADA,
        channelId: 'C0GENERAL',
      });
      await submitForm(harness, ADA, await openedModal(harness, before), POSTGRES);
      await eventually(() => expect(harness.fake.hungCalls).toBe(1));
      harness.fake.releaseHung(); // the connection drops
      for (const minutes of [2, 4]) {
        harness.clock.set(new Date(Date.parse(NOW) + minutes * 60_000).toISOString());
        await harness.mailroom.tick();
      }
      const { ctx } = harness.mailroom;
      const id = ctx.decisions.all().at(-1)?.id ?? 0;
      await eventually(() => expect(ctx.decisions.get(id)?.messageTs).not.toBeNull());
      const message = decisionMessageIn(harness, 'C0GENERAL', id);
      const posted = () => harness.fake.messagesIn('C0GENERAL');
      await eventually(() =>
        expect(
          posted().filter((m) => m.thread_ts === message.ts && m.ts !== message.ts),
        ).toHaveLength(1),
      );
      expect(posted().filter((m) => m.thread_ts === undefined)).toHaveLength(1);
    },
  );
});

describe('/decision: superseding, reversing and the shortcut, as a team uses them', () => {
  it('carries the owners and the follow-up owners over to the decision that supersedes it', async () => {
    const harness = await start();
    const oldId = await logDecision(
      harness,
      {
        ...POSTGRES,
        owners: [BOB, EVE],
        followUps: [['Provision the billing database', EVE, '2026-03-13']],
        status: 'accepted',
      },
      BOB,
    );
    const before = modalsOpened(harness);
    await clickOn(
      harness,
      BOB,
      decisionMessageIn(harness, 'C0GENERAL', oldId),
      'decision_supersede',
      'C0GENERAL',
    );
    const form = await openedModal(harness, before);
    const element = (blockId: string) =>
      (form.view.blocks.find((b) => b.block_id === blockId) as Json).element as Json;
    expect(element('owners').initial_users).toEqual([BOB, EVE]);
    expect(element('follow_up_text_0').initial_value).toBe('Provision the billing database');
    expect(element('follow_up_owner_0').initial_user).toBe(EVE);
    // Submitted as Slack sends back what the form showed: the same people are saved.
    await submitForm(harness, BOB, form, {
      ...POSTGRES,
      title: 'Move billing to a managed Postgres',
      options: [['Managed Postgres', 'Nobody runs a server'], ['Postgres']],
      chosen: 'Managed Postgres',
      owners: element('owners').initial_users as string[],
      followUps: [
        [
          String(element('follow_up_text_0').initial_value),
          element('follow_up_owner_0').initial_user as string,
        ],
      ],
      status: 'accepted',
    });
    const { ctx } = harness.mailroom;
    const newer = await eventually(() => {
      const latest = ctx.decisions.all().at(-1);
      if (!latest || latest.id === oldId) throw new Error('not yet');
      return latest;
    });
    expect(newer.ownerIds).toEqual([BOB, EVE]);
    expect(ctx.decisions.followUps(newer.id).map((f) => [f.text, f.ownerId, f.state])).toEqual([
      ['Provision the billing database', EVE, 'open'],
    ]);
  });

  it('shows a decision found by /ask as a record: what was decided, then what was chosen', async () => {
    const harness = await start();
    await logDecision(harness, {
      ...POSTGRES,
      title: 'Stop supporting old browsers',
      why: 'Keeping Internet Explorer working costs a day each release.',
      options: [['Drop IE11'], ['Keep IE11']],
      chosen: 'Drop IE11',
      tradeOff: '',
      followUps: [],
      status: 'accepted',
    });
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/ask',
      text: 'What did we decide about IE11?',
      userId: PAT,
      channelId: 'C0GENERAL',
    });
    const asked = (await replyText(harness)).replace(/\*/g, '');
    expect(asked).toContain('Decided: Stop supporting old browsers. Chosen: Drop IE11.');
    expect(asked).not.toContain('we decided to pick');
  });

  it('begins the form from the message: its first sentence as the title, the whole message, readable, as the why', async () => {
    const harness = await start();
    const said =
      'We move billing to Postgres. <@U0BOB> checked it against <https://example.com/totals|the totals>.\nNo more drift.';
    const seeded = harness.fake.seedMessage('C0GENERAL', { user: EVE, text: said });
    const before = modalsOpened(harness);
    await harness.sender.messageShortcut({
      userId: ADA,
      callbackId: 'log_decision',
      channelId: 'C0GENERAL',
      message: { ts: seeded.ts, user: EVE, text: said },
    });
    const form = await openedModal(harness, before);
    const element = (blockId: string) =>
      (form.view.blocks.find((b) => b.block_id === blockId) as Json).element as Json;
    expect(element('title').initial_value).toBe('We move billing to Postgres');
    expect(element('why').initial_value).toBe(
      'We move billing to Postgres. @bob checked it against the totals.\nNo more drift.',
    );
  });

  it('carries an edited title over to the follow-up DM already sent, where Mailroom posted it', async () => {
    const harness = await start('2026-03-09T13:00:00Z'); // 09:00 in New York
    const id = await logDecision(harness, { ...POSTGRES, status: 'accepted' });
    await harness.mailroom.tick();
    const [task] = dmsOf(harness, BOB);
    if (!task) throw new Error('no follow-up DM');
    expect(textOf(task.blocks)).toContain('Use Postgres for the billing service');
    const before = modalsOpened(harness);
    await clickOn(
      harness,
      ADA,
      decisionMessageIn(harness, 'C0GENERAL', id),
      'decision_edit',
      'C0GENERAL',
    );
    const form = await openedModal(harness, before);
    await submitForm(harness, ADA, form, {
      ...POSTGRES,
      title: 'Use Postgres 16 for the billing service',
      status: 'accepted',
    });
    const update = await eventually(() => {
      const call = harness.fake
        .callsTo('chat.update')
        .find((c) => c.args.channel === harness.fake.dmChannelIdFor(BOB));
      if (!call) throw new Error('the DM is not updated yet');
      return call;
    });
    expect(update.args.ts).toBe(task.ts);
    const [updated] = dmsOf(harness, BOB);
    expect(dmsOf(harness, BOB)).toHaveLength(1);
    expect(textOf(updated?.blocks)).toContain('Use Postgres 16 for the billing service');
    findButton(updated?.blocks, 'decision_follow_up_done');
  });

  it.each([
    ['yes', 'accepted'],
    ['no', 'superseded'],
  ] as const)(
    'reversing the decision that superseded another asks whether that one is current again (%s)',
    async (answer, status) => {
      const harness = await start();
      const { ctx } = harness.mailroom;
      const oldId = await logDecision(harness, { ...POSTGRES, followUps: [], status: 'accepted' });
      let before = modalsOpened(harness);
      await clickOn(
        harness,
        ADA,
        decisionMessageIn(harness, 'C0GENERAL', oldId),
        'decision_supersede',
        'C0GENERAL',
      );
      await submitForm(harness, ADA, await openedModal(harness, before), {
        ...POSTGRES,
        title: 'Move billing to CockroachDB',
        options: [['CockroachDB', 'Scales out']],
        chosen: 'CockroachDB',
        followUps: [],
        status: 'accepted',
      });
      const newId = await eventually(() => {
        const latest = ctx.decisions.all().at(-1);
        if (!latest || latest.id === oldId || !latest.permalink) throw new Error('not yet');
        return latest.id;
      });
      await eventually(() =>
        expect(textOf(decisionMessageIn(harness, 'C0GENERAL', oldId).blocks)).toContain(
          'Superseded by',
        ),
      );

      before = modalsOpened(harness);
      await clickOn(
        harness,
        BOB,
        decisionMessageIn(harness, 'C0GENERAL', newId),
        'decision_reverse',
        'C0GENERAL',
      );
      const form = await openedModal(harness, before);
      expect(textOf(form.view.blocks)).toContain(
        'This decision superseded another. Is that one current again?',
      );
      const submit = (values: Json) =>
        harness.sender.viewSubmission({
          userId: BOB,
          callbackId: 'decision_reverse_modal',
          viewId: form.viewId,
          privateMetadata: form.view.private_metadata,
          values,
        });
      // Without an answer nothing changes.
      const unanswered = await submit({ remark: text('CockroachDB failed the load test.') });
      expect(JSON.stringify(unanswered.json())).toContain('is current again');
      expect(ctx.decisions.get(newId)?.status).toBe('accepted');

      await submit({
        remark: text('CockroachDB failed the load test.'),
        earlier_current: { value: { type: 'radio_buttons', selected_option: { value: answer } } },
      });
      await eventually(() => expect(ctx.decisions.get(newId)?.status).toBe('reversed'));
      expect(ctx.decisions.get(oldId)?.status).toBe(status);
      const oldMessage = () => textOf(decisionMessageIn(harness, 'C0GENERAL', oldId).blocks);
      if (answer === 'yes') {
        expect(ctx.decisions.get(oldId)?.supersededById).toBeNull();
        expect(ctx.decisions.revisions(oldId).at(-1)).toMatchObject({
          change: 'reinstated',
          userId: BOB,
        });
        await eventually(() => expect(oldMessage()).toContain('Accepted'));
        expect(oldMessage()).not.toContain('Superseded by');
        findButton(decisionMessageIn(harness, 'C0GENERAL', oldId).blocks, 'decision_reverse');
      } else {
        const link = `<${ctx.decisions.get(newId)?.permalink}|Move billing to CockroachDB>`;
        await eventually(() => expect(oldMessage()).toContain(`Superseded by ${link} (reversed)`));
      }
    },
  );

  it('rejects a proposal and deprecates an accepted decision, each with its reason, shown wherever it is found', async () => {
    const harness = await start();
    const { ctx } = harness.mailroom;
    const proposalId = await logDecision(harness, { ...POSTGRES, followUps: [] });
    const acceptedId = await logDecision(harness, {
      ...POSTGRES,
      title: 'Deploy billing on Fridays',
      options: [['Fridays', 'A quiet day'], ['Mondays']],
      chosen: 'Fridays',
      followUps: [['Write the deploy checklist', BOB]],
      status: 'accepted',
    });
    const proposal = decisionMessageIn(harness, 'C0GENERAL', proposalId);
    // A proposal is rejected, not reversed; an accepted decision is deprecated, not rejected.
    expect(() => findButton(proposal.blocks, 'decision_reverse')).toThrow();
    expect(() =>
      findButton(decisionMessageIn(harness, 'C0GENERAL', acceptedId).blocks, 'decision_reject'),
    ).toThrow();
    await clickOn(harness, PAT, proposal, 'decision_reject', 'C0GENERAL');
    expect(await replyText(harness)).toContain('Only the decision’s owners can reject it.');

    let before = modalsOpened(harness);
    await clickOn(harness, ADA, proposal, 'decision_reject', 'C0GENERAL');
    expect(await submitRemark(harness, ADA, before, '  ')).toMatchObject({
      response_action: 'errors',
      errors: { remark: 'Say why it is rejected, so the next person understands.' },
    });
    expect(ctx.decisions.get(proposalId)?.status).toBe('proposed');
    await submitRemark(harness, ADA, before, 'Finance keeps invoices in the ERP after all.');
    await eventually(() =>
      expect(textOf(decisionMessageIn(harness, 'C0GENERAL', proposalId).blocks)).toContain(
        'Rejected',
      ),
    );
    expect(textOf(decisionMessageIn(harness, 'C0GENERAL', proposalId).blocks)).toContain(
      '*Why it was rejected:* Finance keeps invoices in the ERP after all.',
    );

    const accepted = decisionMessageIn(harness, 'C0GENERAL', acceptedId);
    const stale = structuredClone(accepted);
    before = modalsOpened(harness);
    await clickOn(harness, BOB, accepted, 'decision_deprecate', 'C0GENERAL');
    expect(await submitRemark(harness, BOB, before, '')).toMatchObject({
      response_action: 'errors',
      errors: {
        remark: 'Say why it is deprecated, so the next person knows what to follow instead.',
      },
    });
    await submitRemark(
      harness,
      BOB,
      before,
      'Deploys are continuous now; follow the release guide.',
    );
    await eventually(() => expect(ctx.decisions.get(acceptedId)?.status).toBe('deprecated'));
    expect(ctx.decisions.followUps(acceptedId).map((f) => f.state)).toEqual(['cancelled']);
    await eventually(() =>
      expect(textOf(decisionMessageIn(harness, 'C0GENERAL', acceptedId).blocks)).toContain(
        'Deprecated',
      ),
    );

    // A stale button: the message as it was before the decision was deprecated.
    await clickOn(harness, ADA, stale, 'decision_reverse', 'C0GENERAL');
    expect(await replyText(harness)).toContain(
      'That decision is already deprecated, so it can’t be reversed.',
    );
    expect(ctx.decisions.get(acceptedId)?.status).toBe('deprecated');

    const list = await slash(harness, PAT, 'list');
    expect(list.all).toContain('Rejected');
    expect(list.all).toContain('Deprecated');
    const found = await slash(harness, PAT, 'search deploy billing fridays');
    expect(found.all).toContain('Deprecated');
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/ask',
      text: 'When do we deploy billing?',
      userId: PAT,
      channelId: 'C0GENERAL',
    });
    expect(await replyText(harness)).toContain('decision · deprecated');
  });
});
