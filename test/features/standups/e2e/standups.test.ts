import { afterEach, describe, expect, it } from 'vitest';
import { dailyWindows } from '../../../../src/core/domain/working-hours.js';
import { ANSWER_FORM, PASS_FORM } from '../../../../src/features/standups/slack/views/messages.js';
import { SETUP } from '../../../../src/features/standups/slack/views/setup-modal.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appHomeOpenedEvent, userChangeEvent } from '../../../support/slack-requests.js';

/**
 * Standups through the real HTTP receiver and the fake Slack, with an injected clock: members
 * in Tokyo, London and New York, each asked at their own 09:30 on Tuesday 10 March 2026 (New
 * York is on daylight time since the 8th, London not yet), a report at 17:00 New York time.
 */

const BOT = 'U0MAILBOT';
const OLIVIA = 'U0OLIVIA'; // New York, runs the standup
const AIKO = 'U0AIKO'; // Tokyo
const BEN = 'U0BEN'; // London
const DANA = 'U0DANA'; // Berlin, on vacation (Slack status)
const KENJI = 'U0KENJI'; // Los Angeles, in the channel, unblocks things
const OUTSIDER = 'U0OTTO'; // not in the channel
const TEAM = 'C0TEAM';

const people: FakeUser[] = [
  { id: OLIVIA, name: 'olivia', realName: 'Olivia Ortiz', tz: 'America/New_York' },
  { id: AIKO, name: 'aiko', realName: 'Aiko Abe', tz: 'Asia/Tokyo' },
  { id: BEN, name: 'ben', realName: 'Ben Brown', tz: 'Europe/London' },
  {
    id: DANA,
    name: 'dana',
    realName: 'Dana Diaz',
    tz: 'Europe/Berlin',
    statusText: 'Vacationing',
    statusEmoji: ':palm_tree:',
  },
  { id: KENJI, name: 'kenji', realName: 'Kenji Kato', tz: 'America/Los_Angeles' },
  { id: OUTSIDER, name: 'otto', realName: 'Otto Olsen', tz: 'UTC' },
];
const channels = [
  { id: TEAM, name: 'team', members: [OLIVIA, AIKO, BEN, DANA, KENJI, BOT] },
  { id: 'C0OTHER', name: 'other', members: [OUTSIDER, BOT] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(now = '2026-03-09T20:00:00Z') {
  h = await startMailroom({ now, slack: { users: people, channels } });
  return h;
}

/** The setup form's state as Slack sends it on submit. */
function setupValues(v: {
  name?: string;
  questions?: string;
  blockers?: boolean;
  days?: string[];
  promptMode?: string;
  promptTime?: string | null;
  teamZone?: string;
  memberMode?: string;
  members?: string[];
  destination?: string;
  reportTime?: string | null;
  reminder?: string;
  daysOff?: string;
  cadence?: string;
  cadenceStart?: string;
}): Json {
  const selected = (value: string | undefined) =>
    value === undefined ? null : { text: { type: 'plain_text', text: value }, value };
  return {
    [SETUP.name.block]: { value: { type: 'plain_text_input', value: v.name ?? 'Daily standup' } },
    [SETUP.questions.block]: {
      value: {
        type: 'plain_text_input',
        value: v.questions ?? 'What did you do since your last update?\nWhat will you do today?',
      },
    },
    [SETUP.blockers.block]: {
      value: {
        type: 'checkboxes',
        selected_options: v.blockers === false ? [] : [selected('yes')],
      },
    },
    [SETUP.days.block]: {
      value: {
        type: 'checkboxes',
        selected_options: (v.days ?? ['1', '2', '3', '4', '5']).map(selected),
      },
    },
    [SETUP.promptMode.block]: {
      value: { type: 'radio_buttons', selected_option: selected(v.promptMode ?? 'member_zone') },
    },
    [SETUP.promptTime.block]: {
      value: {
        type: 'timepicker',
        selected_time: v.promptTime === undefined ? '09:30' : v.promptTime,
      },
    },
    [SETUP.teamZone.block]: {
      value: { type: 'plain_text_input', value: v.teamZone ?? 'America/New_York' },
    },
    [SETUP.memberMode.block]: {
      value: { type: 'radio_buttons', selected_option: selected(v.memberMode ?? 'chosen') },
    },
    [SETUP.members.block]: {
      value: { type: 'multi_users_select', selected_users: v.members ?? [OLIVIA, AIKO, BEN, DANA] },
    },
    [SETUP.destination.block]: {
      value: { type: 'radio_buttons', selected_option: selected(v.destination ?? 'thread') },
    },
    [SETUP.reportTime.block]: {
      value: {
        type: 'timepicker',
        selected_time: v.reportTime === undefined ? '17:00' : v.reportTime,
      },
    },
    [SETUP.reminder.block]: {
      value: { type: 'static_select', selected_option: selected(v.reminder ?? '120') },
    },
    [SETUP.daysOff.block]: { value: { type: 'plain_text_input', value: v.daysOff ?? null } },
    [SETUP.cadence.block]: {
      value: { type: 'static_select', selected_option: selected(v.cadence ?? 'weekly') },
    },
    [SETUP.cadenceStart.block]: {
      value: { type: 'datepicker', selected_date: v.cadenceStart ?? null },
    },
  };
}

/** `/standup` in the channel: the setup form opens, and Mailroom learns who is in the channel. */
async function openSetup(harness: Harness, userId = OLIVIA) {
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({ command: '/standup', text: '', userId, channelId: TEAM });
  const call = await eventually(() => {
    const found = harness.fake.callsTo('views.open')[opened];
    if (!found) throw new Error('no modal yet');
    return found;
  });
  await eventually(() => expect(harness.mailroom.ctx.channels.isMember(TEAM, BOT)).toBe(true));
  // With the id Slack gave the modal, as a click in it carries.
  return { ...(call.args.view as Json), id: (call.response.view as Json).id };
}

async function submitSetup(harness: Harness, view: Json, values: Json, userId = OLIVIA) {
  const response = await harness.sender.viewSubmission({
    userId,
    callbackId: SETUP.callbackId,
    privateMetadata: String(view.private_metadata),
    values,
  });
  return response.json() as Json;
}

async function setUpStandup(harness: Harness, patch: Parameters<typeof setupValues>[0] = {}) {
  const view = await openSetup(harness);
  const answer = await submitSetup(harness, view, setupValues(patch));
  expect(answer.response_action).toBe('update');
  const [standup] = harness.mailroom.ctx.standups.inChannel(TEAM);
  if (!standup) throw new Error('no standup was created');
  return standup;
}

async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  return harness.mailroom.tick();
}

const dm = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);
const lastDm = (harness: Harness, userId: string) => {
  const messages = dm(harness, userId);
  return messages[messages.length - 1] as StoredMessage;
};

/** Presses a button in a message, as its recipient. */
async function press(
  harness: Harness,
  userId: string,
  message: { blocks?: unknown[]; channel: string; ts: string },
  actionId: string,
) {
  const button = findButton(message.blocks, actionId);
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return button;
}

/** Presses Answer in a message and sends the form with these answers. */
async function answer(
  harness: Harness,
  userId: string,
  message: { blocks?: unknown[]; channel: string; ts: string },
  texts: string[],
  blocker?: { text: string; owner: string | null },
) {
  const opened = harness.fake.callsTo('views.open').length;
  await press(harness, userId, message, 'standup_answer');
  const call = await eventually(() => {
    const found = harness.fake.callsTo('views.open')[opened];
    if (!found) throw new Error('no answer form yet');
    return found;
  });
  const view = call.args.view as Json;
  const values: Json = {};
  texts.forEach((text, i) => {
    values[ANSWER_FORM.question(i)] = { value: { type: 'plain_text_input', value: text } };
  });
  values[ANSWER_FORM.blocker] = {
    value: { type: 'plain_text_input', value: blocker?.text ?? null },
  };
  values[ANSWER_FORM.blockerOwner] = {
    value: { type: 'users_select', selected_user: blocker?.owner ?? null },
  };
  const response = await harness.sender.viewSubmission({
    userId,
    callbackId: String(view.callback_id),
    privateMetadata: String(view.private_metadata),
    values,
  });
  return { view, response: response.json() as Json };
}

const channelMessages = (harness: Harness) => harness.fake.messagesIn(TEAM);
const threadOf = (harness: Harness, rootTs: string) =>
  channelMessages(harness).filter((m) => m.thread_ts === rootTs && m.ts !== rootTs);

describe('a standup across three zones', () => {
  it('asks each member at their own 09:30, gathers answers in the day’s thread, reminds, reports, and carries a blocker until it is resolved', async () => {
    const harness = await start(); // Monday 16:00 in New York
    const { ctx } = harness.mailroom;
    const standup = await setUpStandup(harness);
    expect(standup).toMatchObject({ name: 'Daily standup', ownerId: OLIVIA, channelId: TEAM });

    // Nobody was asked on Monday, so Monday has no report.
    await at(harness, '2026-03-09T21:00:00Z');
    expect(channelMessages(harness)).toEqual([]);

    // Tuesday 09:30 in Tokyo is Monday 20:30 in New York.
    await at(harness, '2026-03-10T00:29:00Z');
    expect(dm(harness, AIKO)).toEqual([]);
    await at(harness, '2026-03-10T00:30:00Z');
    expect(dm(harness, AIKO)).toHaveLength(1);
    expect(textOf(lastDm(harness, AIKO).blocks)).toContain(
      'Time for *Daily standup* in <#C0TEAM> (for Tue 10 Mar)',
    );
    expect(ctx.queue.findByKey(`standup:${standup.id}:${AIKO}:2026-03-10`)?.deliveredAt).toBe(
      Date.parse('2026-03-10T00:30:00Z'),
    );
    for (const other of [OLIVIA, BEN, DANA, KENJI]) expect(dm(harness, other)).toEqual([]);

    // Aiko answers, with a blocker Kenji can clear.
    const sent = await answer(
      harness,
      AIKO,
      lastDm(harness, AIKO),
      ['Shipped the billing export', 'Review the invoice PR'],
      { text: 'Waiting for staging access', owner: KENJI },
    );
    expect(sent.response.response_action).toBe('update');
    const [daily, aikoPost] = await eventually(() => {
      const messages = channelMessages(harness);
      expect(messages).toHaveLength(2);
      return messages as [StoredMessage, StoredMessage];
    });
    expect(textOf(daily.blocks)).toContain('*Daily standup* · Tue 10 Mar');
    expect(aikoPost.thread_ts).toBe(daily.ts);
    const aikoText = textOf(aikoPost.blocks);
    expect(aikoText).toContain('*aiko* · 09:30 Tue in Tokyo');
    expect(aikoText).toContain('Shipped the billing export');
    expect(aikoText).toContain('Waiting for staging access');
    expect(aikoText).not.toContain('<@');
    // Her prompt now says it was answered, and offers the next day ahead of time.
    await eventually(() =>
      expect(textOf(lastDm(harness, AIKO).blocks)).toContain('You answered *Daily standup*'),
    );
    expect(textOf(lastDm(harness, AIKO).blocks)).toContain('Answer Wed 11 Mar now');
    // The blocker waits for Kenji's working hours (09:00 in Los Angeles is 16:00 UTC).
    const blockerItem = ctx.queue.openForRecipient(KENJI)[0];
    expect(blockerItem).toMatchObject({
      kind: 'blocker',
      state: 'queued',
      deliverAfter: Date.parse('2026-03-10T16:00:00Z'),
    });

    // 09:30 in Berlin: Dana is on vacation, so she is not asked.
    await at(harness, '2026-03-10T08:30:00Z');
    expect(dm(harness, DANA)).toEqual([]);

    // 09:30 in London: Ben is asked, and skips today.
    await at(harness, '2026-03-10T09:30:00Z');
    expect(dm(harness, BEN)).toHaveLength(1);
    await press(harness, BEN, lastDm(harness, BEN), 'standup_skip');
    await eventually(() =>
      expect(textOf(lastDm(harness, BEN).blocks)).toContain('You skipped *Daily standup*'),
    );

    // 09:30 in New York: Olivia is asked; two hours later, in her working hours, reminded once.
    await at(harness, '2026-03-10T13:30:00Z');
    expect(dm(harness, OLIVIA)).toHaveLength(1);
    await at(harness, '2026-03-10T15:29:00Z');
    expect(dm(harness, OLIVIA)).toHaveLength(1);
    await at(harness, '2026-03-10T15:30:00Z');
    expect(dm(harness, OLIVIA)).toHaveLength(2);
    expect(textOf(lastDm(harness, OLIVIA).blocks)).toContain('A reminder: *Daily standup*');
    await at(harness, '2026-03-10T16:30:00Z');
    expect(dm(harness, OLIVIA)).toHaveLength(2);

    // Kenji gets the blocker at the start of his day, with Resolved and Not me.
    expect(dm(harness, KENJI)).toHaveLength(1);
    expect(textOf(lastDm(harness, KENJI).blocks)).toContain('Waiting for staging access');
    findButton(lastDm(harness, KENJI).blocks, 'standup_blocker_resolved');
    findButton(lastDm(harness, KENJI).blocks, 'standup_blocker_not_me');

    // 17:00 in New York: the report, in the thread; the daily message shows the tally.
    await at(harness, '2026-03-10T21:00:00Z');
    const thread = threadOf(harness, daily.ts);
    expect(thread).toHaveLength(2);
    const report = textOf(thread[1]?.blocks);
    expect(report).toContain('*Report: Daily standup · Tue 10 Mar*');
    expect(report).toContain('*Answered (1):* aiko');
    expect(report).toContain('*Skipped (1):* ben');
    expect(report).toContain('*Away (1):* dana');
    expect(report).toContain('*Did not answer (1):* olivia');
    expect(report).toContain('Open blockers (1)');
    expect(report).toContain('Waiting for staging access');
    expect(report).toMatch(/Last 4 weeks, answered of asked: .*aiko 1\/1/);
    const tallied = channelMessages(harness).find((m) => m.ts === daily.ts);
    expect(textOf(tallied?.blocks)).toContain('1 answered · 1 skipped · 1 away · 1 did not answer');
    // Olivia may still answer, late, until her next prompt: her reminder stays in her queue.
    expect(ctx.queue.openForRecipient(OLIVIA).map((i) => i.kind)).toEqual(['standup_reminder']);

    // Wednesday: the blocker is still open, and carried into the report.
    await at(harness, '2026-03-11T00:30:00Z');
    expect(dm(harness, AIKO).length).toBe(2);
    // Her next prompt closed Tuesday: its answered DM no longer offers an edit.
    await eventually(() => {
      const tuesday = dm(harness, AIKO)[0];
      expect(textOf(tuesday?.blocks)).toContain('That day has closed');
      expect(() => findButton(tuesday?.blocks, 'standup_answer')).toThrow();
    });
    await at(harness, '2026-03-11T21:00:00Z');
    // Her Wednesday prompt closed Tuesday: its DMs lose their buttons, and leave her queue.
    const [tuesdayPrompt, tuesdayReminder] = dm(harness, OLIVIA);
    for (const closed of [tuesdayPrompt, tuesdayReminder]) {
      const now = harness.fake.messagesIn(OLIVIA).find((m) => m.ts === closed?.ts);
      expect(textOf(now?.blocks)).toContain('has closed');
      expect(() => findButton(now?.blocks, 'standup_answer')).toThrow();
    }
    expect(
      ctx.queue.openForRecipient(OLIVIA).filter((i) => JSON.stringify(i.payload).includes('03-10')),
    ).toEqual([]);
    const wednesday = channelMessages(harness).filter((m) => m.thread_ts === undefined);
    expect(wednesday).toHaveLength(2);
    const wednesdayReport = textOf(threadOf(harness, wednesday[1]?.ts ?? '').at(-1)?.blocks);
    expect(wednesdayReport).toContain('*Report: Daily standup · Wed 11 Mar*');
    expect(wednesdayReport).toContain('Waiting for staging access');
    expect(wednesdayReport).toContain('since Tue 10 Mar');

    // Kenji resolves it: Aiko is told, and Thursday's report has no open blocker.
    await press(harness, KENJI, lastDm(harness, KENJI), 'standup_blocker_resolved');
    // The button's message is replaced (through its response_url).
    const resolved = await harness.fake.waitForResponse((r) =>
      String(r.body.text).includes('Resolved.'),
    );
    expect(resolved.body).toMatchObject({ replace_original: true });
    expect(textOf(resolved.body.blocks)).toContain('Resolved. <@U0AIKO> is told.');
    await at(harness, '2026-03-12T00:30:00Z');
    expect(
      dm(harness, AIKO).some((m) => m.text.includes('marked your blocker from the standup')),
    ).toBe(true);
    await answer(
      harness,
      AIKO,
      dm(harness, AIKO).find(
        (m) => m.text.startsWith('Time for') && m.ts > (wednesday[1]?.ts ?? ''),
      ) as StoredMessage,
      ['Got access', 'Deploy'],
    );
    await at(harness, '2026-03-12T21:00:00Z');
    const thursday = channelMessages(harness)
      .filter((m) => m.thread_ts === undefined)
      .at(-1);
    const thursdayReport = textOf(threadOf(harness, thursday?.ts ?? '').at(-1)?.blocks);
    expect(thursdayReport).toContain('*Report: Daily standup · Thu 12 Mar*');
    expect(thursdayReport).not.toContain('Open blockers');
    expect(thursdayReport).toContain('aiko 2/3');

    // History: Aiko's recent answers, for anyone who may see the channel.
    await harness.sender.slashCommand({
      command: '/standup',
      text: `history <@${AIKO}|aiko>`,
      userId: KENJI,
      channelId: TEAM,
    });
    const history = await harness.fake.waitForResponse((r) =>
      textOf(r.body.blocks).includes('Recent standup answers'),
    );
    expect(textOf(history.body.blocks)).toContain('Got access');
    expect(textOf(history.body.blocks)).toContain('Shipped the billing export');
    expect(harness.logs.errors()).toEqual([]);
  });
});

describe('setting a standup up', () => {
  it('shows every bad field under its input and creates nothing', async () => {
    const harness = await start();
    const view = await openSetup(harness);
    const answer = await submitSetup(
      harness,
      view,
      setupValues({
        questions: '',
        blockers: false,
        days: [],
        promptTime: '25:61',
        teamZone: 'Mars/Olympus_Mons',
        reportTime: null,
      }),
    );
    expect(answer.response_action).toBe('errors');
    expect(answer.errors).toEqual({
      [SETUP.questions.block]: 'Add at least one question, one per line.',
      [SETUP.days.block]: 'Pick at least one day.',
      [SETUP.promptTime.block]: 'Pick a time of day, like 09:30.',
      [SETUP.teamZone.block]:
        'I don’t know the time zone “Mars/Olympus_Mons”. Use a name like Europe/Berlin or America/New_York.',
      [SETUP.reportTime.block]: 'Pick a time of day, like 17:00.',
    });
    expect(harness.mailroom.ctx.standups.inChannel(TEAM)).toEqual([]);
    expect(
      harness.mailroom.ctx.db.$client.prepare('select count(*) as n from standup_members').get(),
    ).toEqual({ n: 0 });
  });

  it('refuses people picked from outside the channel, and a channel Mailroom is not in', async () => {
    const harness = await start();
    const view = await openSetup(harness);
    const outside = await submitSetup(harness, view, setupValues({ members: [AIKO, OUTSIDER] }));
    expect(outside.errors).toEqual({
      [SETUP.members.block]:
        `<@${OUTSIDER}> is not in this channel, so they could not see the standup. Invite them, or pick others.`,
    });
    harness.mailroom.ctx.channels.removeMember(TEAM, BOT);
    const noBot = await submitSetup(harness, view, setupValues({}));
    expect(JSON.stringify(noBot.errors)).toContain('I’m not in <#C0TEAM>');
    expect(harness.mailroom.ctx.standups.inChannel(TEAM)).toEqual([]);
  });

  it('/standup again lists the channel’s standups; a second one, pause, resume and delete', async () => {
    const harness = await start();
    const first = await setUpStandup(harness, { memberMode: 'channel' });
    // Everyone in the channel but Mailroom itself.
    expect(
      harness.mailroom.ctx.standups
        .membersOf(first.id)
        .map((m) => m.memberId)
        .sort(),
    ).toEqual([AIKO, BEN, DANA, KENJI, OLIVIA].sort());
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/standup',
      text: '',
      userId: OLIVIA,
      channelId: TEAM,
    });
    const list = await harness.fake.waitForResponse();
    expect(textOf(list.body.blocks)).toContain('*Daily standup*');
    const pause = findButton(list.body.blocks, 'standup_pause');
    await harness.sender.blockAction({
      userId: OLIVIA,
      actionId: 'standup_pause',
      value: pause.value,
      channelId: TEAM,
    });
    await eventually(() =>
      expect(harness.mailroom.ctx.standups.get(first.id)?.state).toBe('paused'),
    );
    expect(harness.mailroom.ctx.standups.dueMembers(Date.parse('2026-03-12T00:00:00Z'))).toEqual(
      [],
    );
    await harness.sender.blockAction({
      userId: OLIVIA,
      actionId: 'standup_resume',
      value: pause.value,
      channelId: TEAM,
    });
    await harness.fake.waitForResponse((r) => String(r.body.text).startsWith('Resumed'));
    expect(harness.mailroom.ctx.standups.get(first.id)?.state).toBe('active');

    // Someone else in the channel sees it but may not run it; they may add their own.
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/standup',
      text: '',
      userId: KENJI,
      channelId: TEAM,
    });
    const theirs = await harness.fake.waitForResponse();
    expect(() => findButton(theirs.body.blocks, 'standup_pause')).toThrow();
    await harness.sender.blockAction({
      userId: KENJI,
      actionId: 'standup_delete',
      value: pause.value,
      channelId: TEAM,
    });
    expect(
      textOf([
        (await harness.fake.waitForResponse((r) => String(r.body.text).includes('Only'))).body,
      ]),
    ).toContain('Only the standup’s owner or a workspace admin can change it.');
    const opened = harness.fake.callsTo('views.open').length;
    const create = findButton(theirs.body.blocks, 'standup_new');
    await harness.sender.blockAction({
      userId: KENJI,
      actionId: 'standup_new',
      value: create.value,
      channelId: TEAM,
    });
    const view = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no modal');
      return call.args.view as Json;
    });
    await submitSetup(
      harness,
      view,
      setupValues({
        name: 'Kenji’s sync',
        promptMode: 'team_zone',
        teamZone: 'America/Los_Angeles',
      }),
      KENJI,
    );
    expect(harness.mailroom.ctx.standups.inChannel(TEAM).map((s) => s.name)).toEqual([
      'Daily standup',
      'Kenji’s sync',
    ]);

    await harness.sender.blockAction({
      userId: OLIVIA,
      actionId: 'standup_delete',
      value: pause.value,
      channelId: TEAM,
    });
    await eventually(() =>
      expect(harness.mailroom.ctx.standups.get(first.id)?.state).toBe('deleted'),
    );
    expect(harness.mailroom.ctx.standups.inChannel(TEAM).map((s) => s.name)).toEqual([
      'Kenji’s sync',
    ]);
  });

  it('edits a standup: `/standup edit` opens its form with what it has', async () => {
    const harness = await start();
    await setUpStandup(harness, { reportTime: '16:00' });
    const opened = harness.fake.callsTo('views.open').length;
    await harness.sender.slashCommand({
      command: '/standup',
      text: 'edit',
      userId: OLIVIA,
      channelId: TEAM,
    });
    const view = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no modal');
      return call.args.view as Json;
    });
    expect(JSON.stringify(view)).toContain('"initial_time":"16:00"');
    const saved = await submitSetup(harness, view, setupValues({ reportTime: '18:00' }));
    expect(JSON.stringify(saved)).toContain('Saved');
    expect(harness.mailroom.ctx.standups.inChannel(TEAM)[0]?.reportMinute).toBe(18 * 60);
  });
});

describe('a standup day, more ways', () => {
  it('edits an answer in place until the next prompt, and takes an answer for tomorrow tonight', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    await setUpStandup(harness);
    await at(harness, '2026-03-10T09:30:00Z');
    await answer(harness, BEN, lastDm(harness, BEN), ['First try', 'Plans']);
    await eventually(() => expect(channelMessages(harness)).toHaveLength(2));
    // Ben edits it from the rewritten prompt: the same message changes.
    await eventually(() => findButton(lastDm(harness, BEN).blocks, 'standup_answer'));
    await answer(harness, BEN, lastDm(harness, BEN), ['Second try', 'Plans']);
    await eventually(() =>
      expect(textOf(channelMessages(harness)[1]?.blocks)).toContain('Second try'),
    );
    expect(channelMessages(harness)).toHaveLength(2);
    expect(harness.fake.callsTo('chat.update').some((c) => c.args.channel === TEAM)).toBe(true);

    // In the evening he answers Wednesday's ahead: it is posted at his Wednesday 09:30.
    harness.clock.set('2026-03-10T18:00:00Z');
    const ahead = lastDm(harness, BEN);
    const { view } = await answer(
      harness,
      BEN,
      { ...ahead, blocks: [findButtonBlock(ahead.blocks, 'Answer Wed 11 Mar now')] },
      ['Tomorrow: already known', 'More plans'],
      { text: 'Need the Wednesday build', owner: OLIVIA },
    );
    expect(String(view.private_metadata)).toContain('2026-03-11');
    // Its blocker is sent from the day it is for: Olivia's first working hour after Ben's
    // Wednesday prompt (09:00 in New York), not in her Tuesday afternoon.
    const aheadBlocker = harness.mailroom.ctx.queue
      .openForRecipient(OLIVIA)
      .find((i) => i.kind === 'blocker');
    expect(aheadBlocker?.deliverAfter).toBe(Date.parse('2026-03-11T13:00:00Z'));
    await at(harness, '2026-03-10T21:00:00Z'); // Tuesday's report
    const tuesdayText = textOf(channelMessages(harness).flatMap((m) => m.blocks ?? []));
    expect(tuesdayText).not.toContain('Tomorrow: already known');
    // Nor is the blocker listed in Tuesday's report (it would say "since Wed 11 Mar").
    expect(tuesdayText).not.toContain('Need the Wednesday build');
    const tuesday = `${harness.mailroom.ctx.standups.inChannel(TEAM)[0]?.id}:2026-03-10`;
    const pressTuesday = () =>
      harness.sender.blockAction({
        userId: BEN,
        actionId: 'standup_answer',
        value: tuesday,
        channelId: dm(harness, BEN)[0]?.channel ?? '',
      });
    // After the report, Tuesday's answer can still be edited: until his next prompt.
    const opened = harness.fake.callsTo('views.open').length;
    await pressTuesday();
    const form = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no form');
      return call.args.view as Json;
    });
    expect(JSON.parse(String(form.private_metadata)).date).toBe('2026-03-10');
    const before = dm(harness, BEN).length;
    await at(harness, '2026-03-11T09:30:00Z'); // his next prompt: Tuesday closes
    await pressTuesday();
    await eventually(() =>
      expect(
        harness.fake.messagesIn(BEN).some((m) => m.text.includes('That standup day is closed')) ||
          harness.fake.responses.some((r) =>
            String(r.body.text).includes('That standup day is closed'),
          ),
      ).toBe(true),
    );
    expect(dm(harness, BEN)).toHaveLength(before); // not asked: he answered already
    const wednesday = channelMessages(harness)
      .filter((m) => m.thread_ts === undefined)
      .at(-1);
    expect(textOf(wednesday?.blocks)).toContain('Wed 11 Mar');
    const aheadPost = textOf(threadOf(harness, wednesday?.ts ?? '')[0]?.blocks);
    expect(aheadPost).toContain('Tomorrow: already known');
    // Written at 18:00 on Tuesday: it shows the day it is for, not when it was written.
    expect(aheadPost).toContain('*ben* · for Wed 11 Mar, written ahead in London');
    expect(aheadPost).not.toContain('18:00');
  });

  it.each([
    ['Slack took it and its answer was lost', true],
    ['the connection dropped before Slack took it', false],
  ])(
    'the day’s message (%s) and the answer under it are in the channel once each',
    async (_case, afterProcessing) => {
      const harness = await start('2026-03-10T05:00:00Z');
      await setUpStandup(harness, { members: [BEN] });
      await at(harness, '2026-03-10T09:30:00Z');
      harness.fake.hang('chat.postMessage', {
        match: (args) => args.channel === TEAM,
        afterProcessing,
      });
      await answer(harness, BEN, lastDm(harness, BEN), ['Shipped the importer', 'Docs']);
      await eventually(() => expect(harness.fake.hungCalls).toBe(1));
      harness.fake.releaseHung(); // the connection drops
      await at(harness, '2026-03-10T09:32:00Z');
      await at(harness, '2026-03-10T09:34:00Z');
      await eventually(() => expect(channelMessages(harness)).toHaveLength(2));
      await at(harness, '2026-03-10T09:40:00Z');
      const [day, reply] = channelMessages(harness);
      expect(channelMessages(harness)).toHaveLength(2);
      expect(reply?.thread_ts).toBe(day?.ts);
      expect(textOf(reply?.blocks)).toContain('Shipped the importer');
    },
  );

  it('one summary at the report time; a zone asked after the report answers into its thread', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    // The report at 12:00 in New York (16:00 UTC) comes before Kenji's 09:30 in Los Angeles.
    const view = await openSetup(harness);
    const saved = await submitSetup(
      harness,
      view,
      setupValues({ destination: 'summary', reportTime: '12:00', members: [BEN, OLIVIA, KENJI] }),
    );
    expect(JSON.stringify(saved)).toContain(
      'kenji (America/Los_Angeles) is asked after the day’s report',
    );
    await at(harness, '2026-03-10T09:30:00Z');
    await answer(harness, BEN, lastDm(harness, BEN), ['Summary answer', 'Next']);
    expect(channelMessages(harness)).toEqual([]);
    await at(harness, '2026-03-10T13:30:00Z');
    await at(harness, '2026-03-10T16:00:00Z');
    const [summary] = channelMessages(harness);
    const text = textOf(summary?.blocks);
    expect(text).toContain('*Report: Daily standup · Tue 10 Mar*');
    expect(text).toContain('Summary answer');
    expect(text).toContain('*Did not answer (1):* olivia');
    expect(text).toContain('*Not asked yet (1):* kenji');
    await at(harness, '2026-03-10T16:30:00Z');
    await answer(harness, KENJI, lastDm(harness, KENJI), ['Late but here', 'More']);
    const late = await eventually(() => {
      const reply = threadOf(harness, summary?.ts ?? '')[0];
      if (!reply) throw new Error('no late answer yet');
      return reply;
    });
    expect(textOf(late.blocks)).toContain(
      '*kenji* · 09:30 Tue in Los Angeles · _after the report_',
    );
    expect(textOf(late.blocks)).toContain('Late but here');
  });

  it('shows today’s prompt and a waiting blocker on the Home tab, with their own buttons', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    await setUpStandup(harness);
    await at(harness, '2026-03-10T09:30:00Z');
    await answer(harness, BEN, lastDm(harness, BEN), ['x', 'y'], {
      text: 'Need a review',
      owner: OLIVIA,
    });
    await at(harness, '2026-03-10T13:30:00Z');
    await harness.sender.event(appHomeOpenedEvent(OLIVIA));
    const home = await eventually(() => {
      const view = harness.fake.homeViewOf(OLIVIA) as { blocks: unknown[] } | undefined;
      if (!view) throw new Error('no home yet');
      return view;
    });
    const text = textOf(home.blocks);
    expect(text).toContain('*Standup*: *Daily standup* in <#C0TEAM> for Tue 10 Mar');
    expect(text).toContain('*Blocker* from *ben*: Need a review');
    findButton(home.blocks, 'standup_answer');
    findButton(home.blocks, 'standup_skip');
    findButton(home.blocks, 'standup_blocker_resolved');
    findButton(home.blocks, 'standup_blocker_not_me');
    expect(() => findButton(home.blocks, 'home_item_done')).toThrow();
  });

  it('a blocker passed on with Not me goes to the person named', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    await setUpStandup(harness);
    await at(harness, '2026-03-10T09:30:00Z');
    await answer(harness, BEN, lastDm(harness, BEN), ['x', 'y'], {
      text: 'Prod is down',
      owner: null,
    });
    await at(harness, '2026-03-10T13:30:00Z'); // Olivia, the owner, gets it in her hours
    const blockerDm = dm(harness, OLIVIA).find((m) => m.text.includes('Prod is down'));
    if (!blockerDm) throw new Error('the owner got no blocker');
    const button = await press(harness, OLIVIA, blockerDm, 'standup_blocker_not_me');
    await eventually(() =>
      expect(
        harness.fake
          .callsTo('views.open')
          .some((c) => JSON.stringify(c.args.view).includes('standup_blocker_pass')),
      ).toBe(true),
    );
    await harness.sender.viewSubmission({
      userId: OLIVIA,
      callbackId: 'standup_blocker_pass',
      privateMetadata: JSON.stringify({ blockerId: Number(button.value) }),
      values: {
        [PASS_FORM.block]: { [PASS_FORM.action]: { type: 'users_select', selected_user: KENJI } },
      },
    });
    await eventually(() =>
      expect(harness.mailroom.ctx.queue.openForRecipient(KENJI).map((i) => i.kind)).toEqual([
        'blocker',
      ]),
    );
    expect(harness.mailroom.ctx.standups.blocker(Number(button.value))?.ownerId).toBe(KENJI);
    // Ben's answer in the channel names who holds the blocker now.
    await eventually(() => {
      const post = textOf(channelMessages(harness)[1]?.blocks);
      expect(post).toContain('With kenji, in their queue.');
      expect(post).not.toContain('With olivia');
    });
  });
});

describe('a night shift', () => {
  it('the setup names a member whose set time is outside their hours and asks them at the start of their working day instead; a later change of hours tells the owner', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    const { ctx } = harness.mailroom;
    // Kenji works nights in Los Angeles: 22:00–06:00, Sunday to Thursday nights.
    ctx.members.saveSettings(
      KENJI,
      { workingWindows: dailyWindows(22 * 60, 30 * 60, [7, 1, 2, 3, 4]) },
      ctx.clock(),
    );
    const view = await openSetup(harness);
    const saved = await submitSetup(harness, view, setupValues({ members: [BEN, KENJI] }));
    const savedView = saved.view as Json;
    const text = textOf(savedView.blocks as unknown[]);
    expect(text).toContain('kenji works');
    expect(text).toContain('the set time is outside their working hours');
    expect(text).not.toContain('ben works');
    const offer = findButton(savedView.blocks, 'standup_member_work_start');
    const [standup] = ctx.standups.inChannel(TEAM);
    if (!standup) throw new Error('no standup');
    expect(ctx.standups.member(standup.id, KENJI)?.nextPromptAt).toBe(
      Date.parse('2026-03-10T16:30:00Z'), // 09:30 in Los Angeles, hours after his shift
    );
    // Only whoever may edit the standup may choose it: Ben, asked in it, may not.
    await harness.sender.blockAction({
      userId: BEN,
      actionId: 'standup_member_work_start',
      value: offer.value,
      blockId: offer.blockId,
      view: { id: String(view.id), type: 'modal', blocks: savedView.blocks as Json[] },
    });
    await eventually(() =>
      expect(
        harness.fake.messagesIn(BEN).some((m) => m.text.includes('Only the standup’s owner')) ||
          harness.fake
            .callsTo('chat.postEphemeral')
            .some((c) => String(c.args.text).includes('Only the standup’s owner')),
      ).toBe(true),
    );
    expect(ctx.standups.member(standup.id, KENJI)?.promptAtWorkStart).toBe(false);
    const updates = harness.fake.callsTo('views.update').length;
    await harness.sender.blockAction({
      userId: OLIVIA,
      actionId: 'standup_member_work_start',
      value: offer.value,
      blockId: offer.blockId,
      view: { id: String(view.id), type: 'modal', blocks: savedView.blocks as Json[] },
    });
    const update = await eventually(() => {
      const call = harness.fake.callsTo('views.update')[updates];
      if (!call) throw new Error('no update yet');
      return call;
    });
    expect(textOf((update.args.view as Json).blocks as unknown[])).toContain(
      'kenji is asked at the start of their working day',
    );
    // Stored for him in this standup: asked when his shift starts, 22:00 in Los Angeles.
    expect(ctx.standups.member(standup.id, KENJI)).toMatchObject({
      promptAtWorkStart: true,
      nextPromptAt: Date.parse('2026-03-11T05:00:00Z'),
    });
    await at(harness, '2026-03-10T16:30:00Z');
    expect(dm(harness, KENJI)).toEqual([]);
    await at(harness, '2026-03-11T05:00:00Z');
    expect(dm(harness, KENJI)).toHaveLength(1);

    // Ben moves to nights: his 09:30 is now outside his hours, and Olivia, who runs it, is told.
    await harness.sender.slashCommand({
      command: '/mailroom',
      text: 'hours 22-06 sun-thu',
      userId: BEN,
      channelId: TEAM,
    });
    const notice = await eventually(() => {
      const found = ctx.queue
        .openForRecipient(OLIVIA)
        .find((i) => i.kind === 'notice' && JSON.stringify(i.payload).includes('outside'));
      if (!found) throw new Error('no notice yet');
      return found;
    });
    expect(JSON.stringify(notice.payload)).toContain(
      'ben is asked 09:30 in each member’s time zone, and works',
    );
  });
});

describe('days off and every other week', () => {
  it('asks nobody on a day off and posts no report for it; the day before stays open until the next prompt', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    const view = await openSetup(harness);
    const bad = await submitSetup(harness, view, setupValues({ daysOff: 'the 11th' }));
    expect(JSON.stringify(bad.errors)).toContain('I can’t read “the 11th”');
    const saved = await submitSetup(
      harness,
      view,
      setupValues({ members: [BEN, OLIVIA], daysOff: '2026-03-11 Offsite', reminder: 'none' }),
    );
    expect(saved.response_action).toBe('update');
    const [standup] = harness.mailroom.ctx.standups.inChannel(TEAM);
    expect(standup?.daysOff).toEqual([{ date: '2026-03-11', label: 'Offsite' }]);
    await at(harness, '2026-03-10T09:30:00Z');
    expect(textOf(dm(harness, BEN)[0]?.blocks)).toContain(
      'until your next prompt, Thu 12 Mar 09:30 your time',
    );
    await at(harness, '2026-03-10T21:00:00Z'); // Tuesday's report
    const tuesday = channelMessages(harness).length;
    for (const time of ['2026-03-11T09:30:00Z', '2026-03-11T13:30:00Z', '2026-03-11T21:00:00Z'])
      await at(harness, time);
    // Wednesday: nobody asked, no daily message, no report, nobody "did not answer".
    expect(dm(harness, BEN)).toHaveLength(1);
    expect(dm(harness, OLIVIA)).toHaveLength(1);
    expect(channelMessages(harness)).toHaveLength(tuesday);
    await at(harness, '2026-03-12T09:30:00Z');
    expect(dm(harness, BEN)).toHaveLength(2);
    expect(textOf(dm(harness, BEN)[1]?.blocks)).toContain('(for Thu 12 Mar)');
  });

  it('every other week asks on the weeks counted from the one picked', async () => {
    const harness = await start('2026-03-09T05:00:00Z');
    const standup = await setUpStandup(harness, {
      members: [BEN],
      days: ['1'],
      cadence: 'every_other_week',
      cadenceStart: '2026-03-18',
    });
    expect(standup.everyOtherWeekFrom).toBe('2026-03-16');
    // Not Monday 9 March (the week before), but Monday 16 March, then 30 March.
    expect(harness.mailroom.ctx.standups.member(standup.id, BEN)?.nextPromptDate).toBe(
      '2026-03-16',
    );
    await at(harness, '2026-03-16T09:30:00Z');
    expect(dm(harness, BEN)).toHaveLength(1);
    expect(harness.mailroom.ctx.standups.member(standup.id, BEN)?.nextPromptDate).toBe(
      '2026-03-30',
    );
  });
});

describe('late answers', () => {
  it('a member who has not answered by the report answers late into the day’s thread, and the report and tally follow', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    const standup = await setUpStandup(harness, { members: [BEN, OLIVIA] });
    await at(harness, '2026-03-10T09:30:00Z'); // Ben asked; he does not answer today
    // His prompt says how long it stays open: until his next prompt, not the report.
    expect(textOf(dm(harness, BEN)[0]?.blocks)).toContain(
      'until your next prompt, Wed 11 Mar 09:30 your time',
    );
    await at(harness, '2026-03-10T13:30:00Z');
    await answer(harness, OLIVIA, lastDm(harness, OLIVIA), ['On time', 'Plans']);
    await at(harness, '2026-03-10T21:00:00Z');
    const [daily] = channelMessages(harness);
    const reportPost = await eventually(() => {
      const found = threadOf(harness, daily?.ts ?? '').find((m) =>
        textOf(m.blocks).includes('*Report:'),
      );
      if (!found) throw new Error('no report yet');
      return found;
    });
    expect(textOf(reportPost.blocks)).toContain('*Did not answer (1):* ben');

    // In the evening, `/standup answer` and a button for Wednesday both open Tuesday: still open.
    harness.clock.set('2026-03-10T22:00:00Z');
    const opened = harness.fake.callsTo('views.open').length;
    await harness.sender.blockAction({
      userId: BEN,
      actionId: 'standup_answer',
      value: `${standup.id}:2026-03-11`,
      channelId: dm(harness, BEN)[0]?.channel ?? '',
    });
    const form = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no form');
      return call.args.view as Json;
    });
    expect(JSON.parse(String(form.private_metadata)).date).toBe('2026-03-10');
    expect(textOf(form.blocks)).toContain('Your answer for Tue 10 Mar is still open');
    await answer(harness, BEN, lastDm(harness, BEN), ['Late, but here', 'Tomorrow']);

    const late = await eventually(() => {
      const found = threadOf(harness, daily?.ts ?? '').find((m) =>
        textOf(m.blocks).includes('Late, but here'),
      );
      if (!found) throw new Error('no late answer yet');
      return found;
    });
    expect(textOf(late.blocks)).toContain('*ben* · 22:00 Tue in London · _late_');
    // The report and the daily message's tally are rewritten: Ben answered, late.
    await eventually(() => {
      const report = textOf(
        harness.fake.messagesIn(TEAM).find((m) => m.ts === reportPost.ts)?.blocks,
      );
      expect(report).toContain('*Answered late (1):* ben');
      expect(report).not.toContain('Did not answer');
    });
    const tally = textOf(harness.fake.messagesIn(TEAM).find((m) => m.ts === daily?.ts)?.blocks);
    expect(tally).toContain('1 answered · 1 answered late');
    expect(harness.mailroom.ctx.standups.entryFor(standup.id, BEN, '2026-03-10')?.status).toBe(
      'answered',
    );
  });

  it('in summary mode a late answer goes in a thread under the summary, which is rewritten', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    await setUpStandup(harness, { members: [BEN, OLIVIA], destination: 'summary' });
    await at(harness, '2026-03-10T09:30:00Z');
    await at(harness, '2026-03-10T13:30:00Z');
    await answer(harness, OLIVIA, lastDm(harness, OLIVIA), ['On time', 'Plans']);
    await at(harness, '2026-03-10T21:00:00Z');
    const [summary] = channelMessages(harness);
    expect(textOf(summary?.blocks)).toContain('*Did not answer (1):* ben');
    harness.clock.set('2026-03-11T08:00:00Z');
    await answer(harness, BEN, dm(harness, BEN)[0] as StoredMessage, ['Late, but here', 'x']);
    const late = await eventually(() => {
      const reply = threadOf(harness, summary?.ts ?? '')[0];
      if (!reply) throw new Error('no late answer yet');
      return reply;
    });
    expect(textOf(late.blocks)).toContain('_late_');
    await eventually(() => {
      const rewritten = textOf(
        harness.fake.messagesIn(TEAM).find((m) => m.ts === summary?.ts)?.blocks,
      );
      expect(rewritten).toContain('*Answered late (1):* ben');
      expect(rewritten).toContain('On time');
      expect(rewritten).not.toContain('Late, but here');
    });
  });
});

describe('a prompt’s other ways out', () => {
  it('“I’m away until…” makes the member away from that day on, and `/standup answer` answers the next', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    const standup = await setUpStandup(harness);
    await at(harness, '2026-03-10T09:30:00Z');
    const prompt = lastDm(harness, BEN);
    await harness.sender.blockAction({
      userId: BEN,
      actionId: 'standup_away',
      blockId: `standup_prompt:${standup.id}:2026-03-10`,
      action: { type: 'datepicker', selected_date: '2026-03-12' },
      channelId: prompt.channel,
      message: { ts: prompt.ts, blocks: prompt.blocks },
    });
    await eventually(() =>
      expect(textOf(lastDm(harness, BEN).blocks)).toContain('You are away until Thu 12 Mar'),
    );
    const { ctx } = harness.mailroom;
    expect(ctx.standups.entryFor(standup.id, BEN, '2026-03-10')?.status).toBe('away');
    expect(ctx.members.get(BEN)?.awayUntil).toBe(Date.parse('2026-03-12T00:00:00Z'));
    await at(harness, '2026-03-11T09:30:00Z');
    expect(ctx.standups.entryFor(standup.id, BEN, '2026-03-11')?.status).toBe('away');
    expect(dm(harness, BEN)).toHaveLength(1);

    // Back on Thursday: `/standup answer`, typed anywhere, answers Thursday's ahead.
    harness.clock.set('2026-03-12T07:00:00Z');
    const opened = harness.fake.callsTo('views.open').length;
    await harness.sender.slashCommand({
      command: '/standup',
      text: 'answer',
      userId: BEN,
      channelId: harness.fake.dmChannelIdFor(BEN),
    });
    const view = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no form');
      return call.args.view as Json;
    });
    expect(JSON.parse(String(view.private_metadata))).toEqual({
      standupId: standup.id,
      date: '2026-03-12',
    });
    expect(textOf(view.blocks)).toContain('Answered ahead');
  });
});

describe('a standup when things change', () => {
  it('a new time zone (user_change) moves the member’s prompt to their new 09:30', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    const standup = await setUpStandup(harness);
    harness.fake.updateUser(BEN, { tz: 'America/Chicago' });
    await harness.sender.event(userChangeEvent(harness.fake.slackUser(BEN) as Json));
    await eventually(() =>
      expect(harness.mailroom.ctx.standups.member(standup.id, BEN)?.nextPromptAt).toBe(
        Date.parse('2026-03-10T14:30:00Z'),
      ),
    );
    await at(harness, '2026-03-10T09:30:00Z');
    expect(dm(harness, BEN)).toEqual([]);
    await at(harness, '2026-03-10T14:30:00Z');
    expect(dm(harness, BEN)).toHaveLength(1);
  });

  it('pauses a standup whose channel was archived, and tells its owner; a member who left is not asked', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    const standup = await setUpStandup(harness);
    await harness.sender.event(memberLeftChannelEvent(BEN, TEAM));
    await at(harness, '2026-03-10T09:30:00Z');
    expect(dm(harness, BEN)).toEqual([]);

    harness.fake.updateChannel(TEAM, { archived: true });
    await harness.sender.event({
      type: 'channel_archive',
      channel: TEAM,
      user: OLIVIA,
      event_ts: '1773133800.000100',
    });
    await eventually(() =>
      expect(harness.mailroom.ctx.standups.get(standup.id)?.state).toBe('paused'),
    );
    await at(harness, '2026-03-10T13:30:00Z');
    const note = dm(harness, OLIVIA)
      .map((m) => textOf(m.blocks))
      .join('\n');
    expect(note).toContain('I paused your standup in <#C0TEAM> because its channel was archived');
    expect(note).not.toContain('Time for');
  });

  it('pauses when Slack refuses a post in the channel (Mailroom was removed), and does not retry forever', async () => {
    const harness = await start('2026-03-10T05:00:00Z');
    const standup = await setUpStandup(harness, { members: [BEN] });
    await at(harness, '2026-03-10T09:30:00Z');
    harness.fake.updateChannel(TEAM, { members: [OLIVIA, AIKO, BEN, DANA, KENJI] });
    harness.fake.failNext('chat.postMessage', 'not_in_channel');
    await answer(harness, BEN, lastDm(harness, BEN), ['x', 'y']);
    await eventually(() =>
      expect(harness.mailroom.ctx.standups.get(standup.id)?.state).toBe('paused'),
    );
    expect(harness.mailroom.ctx.standups.get(standup.id)?.pausedReason).toBe(
      'Mailroom was removed from its channel',
    );
    const posts = harness.fake.callsTo('chat.postMessage').length;
    await at(harness, '2026-03-10T13:30:00Z');
    await at(harness, '2026-03-10T21:00:00Z');
    await at(harness, '2026-03-11T09:30:00Z');
    const after = harness.fake.callsTo('chat.postMessage').slice(posts);
    expect(after.filter((c) => c.args.channel === TEAM)).toEqual([]);
    expect(after.some((c) => String(c.args.text).includes('I paused your standup'))).toBe(true);
  });
});

function memberLeftChannelEvent(userId: string, channelId: string): Json {
  return {
    type: 'member_left_channel',
    user: userId,
    channel: channelId,
    channel_type: 'C',
    team: 'T0MAILROOM',
    event_ts: '1773133800.000200',
  };
}

/** The actions block holding the button with this text, for pressing a second button of one kind. */
function findButtonBlock(blocks: unknown, text: string): Json {
  for (const block of (blocks ?? []) as Json[]) {
    const elements = (block.elements as Json[] | undefined) ?? [];
    const match = elements.find((e) => (e.text as Json | undefined)?.text === text);
    if (match) return { ...block, elements: [match] };
  }
  throw new Error(`no button “${text}”`);
}
