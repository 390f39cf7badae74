/**
 * Each kind of post Mailroom makes into a conversation, through the one delivery worker: when
 * Slack takes it and its answer is lost, and when the connection drops before Slack stores it,
 * it is in Slack exactly once after recovery, and its feature records where it is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_FORM } from '../../../src/features/standups/slack/views/messages.js';
import { SETUP } from '../../../src/features/standups/slack/views/setup-modal.js';
import { findButton, textOf } from '../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../support/harness.js';

const BOT = 'U0MAILBOT';
const ADA = 'U0ADA'; // London
const BEN = 'U0BEN'; // London
const LENA = 'U0LENA'; // Berlin
const SAM = 'U0SAM'; // New York
const TEAM = 'C0TEAM';
const QUIET = 'C0QUIET'; // Mailroom is not in it

const people: FakeUser[] = [
  { id: ADA, name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London' },
  { id: BEN, name: 'ben', realName: 'Ben Brown', tz: 'Europe/London' },
  { id: LENA, name: 'lena', realName: 'Lena Lang', tz: 'Europe/Berlin' },
  { id: SAM, name: 'sam', realName: 'Sam Ortiz', tz: 'America/New_York' },
];
const channels: FakeChannel[] = [
  { id: TEAM, name: 'team', members: [ADA, BEN, LENA, SAM, BOT] },
  { id: QUIET, name: 'quiet', members: [ADA, BEN] },
];

const CASES = [
  ['Slack took it and its answer was lost', true],
  ['the connection dropped before Slack took it', false],
] as const;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(now: string): Promise<Harness> {
  h = await startMailroom({ now, slack: { users: people, channels, requireMembership: true } });
  return h;
}

/**
 * Holds the posts `match` picks while `trigger` runs and a tick follows it (the tick alone, when
 * the post is the tick's own work), drops the connection of the one caught, then lets two retry
 * periods pass.
 */
async function dropOnePost(
  harness: Harness,
  match: (args: Record<string, unknown>) => boolean,
  afterProcessing: boolean,
  trigger: () => Promise<unknown> = async () => undefined,
): Promise<void> {
  harness.fake.hang('chat.postMessage', { match, afterProcessing });
  const triggered = trigger();
  const ticking = triggered.then(() => harness.mailroom.tick());
  await eventually(() => expect(harness.fake.hungCalls).toBe(1));
  harness.fake.releaseHung(); // the connection drops
  await ticking;
  for (const minutes of [2, 4]) {
    harness.clock.advance(minutes * 60_000);
    await harness.mailroom.tick();
  }
}

/** One more tick, a minute on: nothing more is posted. */
async function oneMoreTick(harness: Harness, where: string, count: number) {
  harness.clock.advance(60_000);
  await harness.mailroom.tick();
  expect(harness.fake.messagesIn(where)).toHaveLength(count);
}

/** Where the delivery worker recorded each post it made into the conversation, oldest first. */
const postedTsIn = (harness: Harness, channelId: string) =>
  (
    harness.mailroom.ctx.db.$client
      .prepare(
        "select delivered_ts as ts from queue_items where kind = 'post' and recipient_id = ? order by id",
      )
      .all(channelId) as { ts: string | null }[]
  ).map((row) => row.ts);

/** Exactly one message in the conversation, the one its post item records. */
async function theOnePostIn(harness: Harness, channelId: string): Promise<StoredMessage> {
  const [message] = await eventually(() => {
    const messages = harness.fake.messagesIn(channelId);
    expect(messages).toHaveLength(1);
    return messages;
  });
  expect(postedTsIn(harness, channelId)).toEqual([message?.ts]);
  return message as StoredMessage;
}

const topLevel = (harness: Harness, channelId: string) =>
  harness.fake.messagesIn(channelId).filter((m) => m.thread_ts === undefined);
const threadOf = (harness: Harness, channelId: string, rootTs: string | undefined) =>
  harness.fake.messagesIn(channelId).filter((m) => m.thread_ts === rootTs && m.ts !== rootTs);

describe('a standup’s report and late answer', () => {
  const selected = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  const field = (value: Json) => ({ value });

  /** `/standup` in the team channel, its form sent: Ben and Lena asked at 09:30, a report at 17:00 London. */
  async function setUpStandup(harness: Harness, destination: 'thread' | 'summary') {
    const opened = harness.fake.callsTo('views.open').length;
    await harness.sender.slashCommand({
      command: '/standup',
      text: '',
      userId: ADA,
      channelId: TEAM,
    });
    const view = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no setup form yet');
      return call.args.view as Json;
    });
    await eventually(() => expect(harness.mailroom.ctx.channels.isMember(TEAM, BOT)).toBe(true));
    const values: Json = {
      [SETUP.name.block]: field({ type: 'plain_text_input', value: 'Daily standup' }),
      [SETUP.questions.block]: field({ type: 'plain_text_input', value: 'Done?\nNext?' }),
      [SETUP.blockers.block]: field({ type: 'checkboxes', selected_options: [] }),
      [SETUP.days.block]: field({
        type: 'checkboxes',
        selected_options: ['1', '2', '3', '4', '5'].map(selected),
      }),
      [SETUP.promptMode.block]: field({
        type: 'radio_buttons',
        selected_option: selected('member_zone'),
      }),
      [SETUP.promptTime.block]: field({ type: 'timepicker', selected_time: '09:30' }),
      [SETUP.teamZone.block]: field({ type: 'plain_text_input', value: 'Europe/London' }),
      [SETUP.memberMode.block]: field({
        type: 'radio_buttons',
        selected_option: selected('chosen'),
      }),
      [SETUP.members.block]: field({ type: 'multi_users_select', selected_users: [BEN, LENA] }),
      [SETUP.destination.block]: field({
        type: 'radio_buttons',
        selected_option: selected(destination),
      }),
      [SETUP.reportTime.block]: field({ type: 'timepicker', selected_time: '17:00' }),
      [SETUP.reminder.block]: field({ type: 'static_select', selected_option: selected('120') }),
      [SETUP.daysOff.block]: field({ type: 'plain_text_input', value: null }),
      [SETUP.cadence.block]: field({ type: 'static_select', selected_option: selected('weekly') }),
      [SETUP.cadenceStart.block]: field({ type: 'datepicker', selected_date: null }),
    };
    const saved = await harness.sender.viewSubmission({
      userId: ADA,
      callbackId: SETUP.callbackId,
      privateMetadata: String(view.private_metadata),
      values,
    });
    expect((saved.json() as Json).response_action).toBe('update');
    const [standup] = harness.mailroom.ctx.standups.inChannel(TEAM);
    if (!standup) throw new Error('no standup was created');
    return standup;
  }

  /** Presses Answer on the member's prompt and sends the form. */
  async function answer(harness: Harness, userId: string, texts: string[]) {
    const prompt = harness.fake.messagesIn(userId).at(-1) as StoredMessage;
    const button = findButton(prompt.blocks, 'standup_answer');
    const opened = harness.fake.callsTo('views.open').length;
    await harness.sender.blockAction({
      userId,
      actionId: 'standup_answer',
      value: button.value,
      blockId: button.blockId,
      channelId: prompt.channel,
      message: { ts: prompt.ts, blocks: prompt.blocks },
    });
    const view = await eventually(() => {
      const call = harness.fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no answer form yet');
      return call.args.view as Json;
    });
    const values: Json = Object.fromEntries(
      texts.map((text, i) => [
        ANSWER_FORM.question(i),
        field({ type: 'plain_text_input', value: text }),
      ]),
    );
    await harness.sender.viewSubmission({
      userId,
      callbackId: String(view.callback_id),
      privateMetadata: String(view.private_metadata),
      values,
    });
  }

  async function at(harness: Harness, iso: string) {
    harness.clock.set(iso);
    await harness.mailroom.tick();
  }

  it.each(CASES)(
    'the report in the day’s thread (%s) is there once, and its ts is recorded',
    async (_case, afterProcessing) => {
      const harness = await start('2026-03-10T05:00:00Z');
      const standup = await setUpStandup(harness, 'thread');
      await at(harness, '2026-03-10T08:30:00Z'); // 09:30 in Berlin
      await at(harness, '2026-03-10T09:30:00Z'); // 09:30 in London
      await answer(harness, BEN, ['Shipped the importer', 'Docs']);
      await eventually(() => expect(harness.fake.messagesIn(TEAM)).toHaveLength(2));
      const [day] = topLevel(harness, TEAM);

      harness.clock.set('2026-03-10T17:00:00Z');
      await dropOnePost(harness, (args) => args.channel === TEAM, afterProcessing);
      const reports = await eventually(() => {
        const found = threadOf(harness, TEAM, day?.ts).filter((m) =>
          textOf(m.blocks).includes('*Report:'),
        );
        expect(found).toHaveLength(1);
        return found;
      });
      expect(textOf(reports[0]?.blocks)).toContain('*Did not answer (1):* lena');
      expect(harness.mailroom.ctx.standups.day(standup.id, '2026-03-10')?.reportTs).toBe(
        reports[0]?.ts,
      );
      await oneMoreTick(harness, TEAM, 3);
    },
  );

  it.each(CASES)(
    'the summary (%s) is there once, and it is the report and the thread late answers join',
    async (_case, afterProcessing) => {
      const harness = await start('2026-03-10T05:00:00Z');
      const standup = await setUpStandup(harness, 'summary');
      await at(harness, '2026-03-10T08:30:00Z');
      await at(harness, '2026-03-10T09:30:00Z');
      await answer(harness, BEN, ['Shipped the importer', 'Docs']);
      await harness.mailroom.tick();
      expect(harness.fake.messagesIn(TEAM)).toEqual([]);

      harness.clock.set('2026-03-10T17:00:00Z');
      await dropOnePost(harness, (args) => args.channel === TEAM, afterProcessing);
      const summary = await theOnePostIn(harness, TEAM);
      expect(textOf(summary.blocks)).toContain('Shipped the importer');
      const day = harness.mailroom.ctx.standups.day(standup.id, '2026-03-10');
      expect(day?.reportTs).toBe(summary.ts);
      expect(day?.threadTs).toBe(summary.ts);
      await oneMoreTick(harness, TEAM, 1);
    },
  );

  it.each(CASES)(
    'a late answer under the summary (%s) is there once, and its ts is recorded',
    async (_case, afterProcessing) => {
      const harness = await start('2026-03-10T05:00:00Z');
      const standup = await setUpStandup(harness, 'summary');
      await at(harness, '2026-03-10T08:30:00Z');
      await at(harness, '2026-03-10T09:30:00Z');
      await answer(harness, BEN, ['Shipped the importer', 'Docs']);
      await at(harness, '2026-03-10T17:00:00Z');
      const [summary] = await eventually(() => {
        const posted = harness.fake.messagesIn(TEAM);
        expect(posted).toHaveLength(1);
        return posted;
      });

      harness.clock.set('2026-03-10T19:00:00Z');
      await dropOnePost(
        harness,
        (args) => args.channel === TEAM && args.thread_ts === summary?.ts,
        afterProcessing,
        () => answer(harness, LENA, ['Late, but here', 'More']),
      );
      const late = await eventually(() => {
        const replies = threadOf(harness, TEAM, summary?.ts);
        expect(replies).toHaveLength(1);
        return replies[0];
      });
      expect(textOf(late?.blocks)).toContain('Late, but here');
      const entry = harness.mailroom.ctx.standups.entryFor(standup.id, LENA, '2026-03-10');
      expect(entry?.postedTs).toBe(late?.ts);
      await oneMoreTick(harness, TEAM, 2);
    },
  );
});

describe('a meeting’s posts', () => {
  const NOW = '2026-03-09T12:00:00Z'; // Monday

  async function meetCard(harness: Harness, text: string) {
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({ command: '/meet', text, userId: ADA, channelId: TEAM });
    return (await harness.fake.waitForResponse()).body.blocks;
  }

  async function click(harness: Harness, actionId: string, value: string) {
    harness.fake.responses.length = 0;
    await harness.sender.blockAction({ userId: ADA, actionId, value, channelId: TEAM });
    return harness.fake.waitForResponse();
  }

  const meetings = (harness: Harness) =>
    harness.mailroom.ctx.db.$client
      .prepare('select id, state, confirmed_slot as confirmedSlot from meetings')
      .all() as { id: number; state: string; confirmedSlot: number | null }[];

  it.each(CASES)(
    'the confirmation in its channel (%s) is there once',
    async (_case, afterProcessing) => {
      const harness = await start(NOW);
      const card = await meetCard(harness, `team lunch with <#${TEAM}|team> next week`);
      await click(harness, 'meet_send', findButton(card, 'meet_send').value);
      const [meeting] = meetings(harness);
      expect(meeting?.state).toBe('voting');
      await harness.mailroom.tick();
      expect(harness.fake.messagesIn(TEAM)).toEqual([]);

      await dropOnePost(
        harness,
        (args) => args.channel === TEAM,
        afterProcessing,
        () => click(harness, 'meet_confirm_0', `${meeting?.id}:0`),
      );
      expect(textOf((await theOnePostIn(harness, TEAM)).blocks)).toContain('team lunch');
      expect(meetings(harness)).toEqual([
        { id: meeting?.id, state: 'confirmed', confirmedSlot: 0 },
      ]);
      await oneMoreTick(harness, TEAM, 1);
    },
  );

  it.each(CASES)(
    '“write it in a thread instead” posts the agenda once (%s)',
    async (_case, afterProcessing) => {
      const harness = await start(NOW);
      const card = await meetCard(
        harness,
        `Falcon pricing decision with <@${SAM}|sam> <@${LENA}|lena> for 30m next week`,
      );
      await dropOnePost(
        harness,
        (args) => args.channel === TEAM,
        afterProcessing,
        () => click(harness, 'meet_write_instead', findButton(card, 'meet_write_instead').value),
      );
      expect(textOf((await theOnePostIn(harness, TEAM)).blocks)).toContain(
        'would rather settle this in writing than in a meeting: *Falcon pricing decision*',
      );
      expect(meetings(harness).map((m) => m.state)).toEqual(['cancelled']);
      expect(harness.fake.messagesIn(ADA)).toEqual([]);
      await oneMoreTick(harness, TEAM, 1);
    },
  );

  it.each(CASES)(
    'the agenda its channel refuses goes to its requester’s DM once (%s)',
    async (_case, afterProcessing) => {
      const harness = await start(NOW);
      harness.fake.responses.length = 0;
      await harness.sender.slashCommand({
        command: '/meet',
        text: `Falcon pricing decision with <@${BEN}|ben> for 30m next week`,
        userId: ADA,
        channelId: QUIET,
      });
      const card = (await harness.fake.waitForResponse()).body.blocks;
      harness.fake.responses.length = 0;
      await dropOnePost(
        harness,
        (args) => args.channel === ADA,
        afterProcessing,
        async () => {
          await harness.sender.blockAction({
            userId: ADA,
            actionId: 'meet_write_instead',
            value: findButton(card, 'meet_write_instead').value,
            channelId: QUIET,
          });
          await harness.fake.waitForResponse();
        },
      );
      expect(textOf((await theOnePostIn(harness, ADA)).blocks)).toContain(
        '*Falcon pricing decision*',
      );
      expect(harness.fake.messagesIn(QUIET)).toEqual([]);
      await oneMoreTick(harness, ADA, 1);
    },
  );
});

describe('a decision its channel refuses', () => {
  const plain = (value: string) => ({ value: { type: 'plain_text_input', value } });

  it.each(CASES)(
    'its owner is told once, in a DM (%s), and the problem is recorded',
    async (_case, afterProcessing) => {
      const harness = await start('2026-03-09T14:00:00Z');
      const opened = harness.fake.callsTo('views.open').length;
      await harness.sender.slashCommand({
        command: '/decision',
        text: 'Use Postgres',
        userId: ADA,
        channelId: QUIET,
      });
      const view = await eventually(() => {
        const call = harness.fake.callsTo('views.open')[opened];
        if (!call) throw new Error('no form yet');
        return call.response.view as Json;
      });
      await dropOnePost(
        harness,
        (args) => args.channel === ADA,
        afterProcessing,
        async () => {
          const r = await harness.sender.viewSubmission({
            userId: ADA,
            callbackId: 'decision_modal',
            viewId: String(view.id),
            privateMetadata: String(view.private_metadata),
            values: {
              title: plain('Use Postgres'),
              why: plain('Invoices must add up.'),
              option_name_0: plain('Postgres'),
              chosen: plain('Postgres'),
              owners: { value: { type: 'multi_users_select', selected_users: [ADA] } },
              status: { value: { type: 'radio_buttons', selected_option: { value: 'proposed' } } },
            },
          });
          expect(r.json()).toMatchObject({ response_action: 'update' });
        },
      );
      expect(textOf((await theOnePostIn(harness, ADA)).blocks)).toContain(
        `Mailroom is not a member of <#${QUIET}>`,
      );
      const [decision] = harness.mailroom.ctx.decisions.all();
      expect(decision).toMatchObject({ postProblem: 'not_in_channel', messageTs: null });
      await oneMoreTick(harness, ADA, 1);
    },
  );
});

describe('replies by DM', () => {
  it.each(CASES)(
    'Ask Mailroom where Mailroom is not: the answer goes to the user’s DM once (%s)',
    async (_case, afterProcessing) => {
      const harness = await start('2026-03-09T12:00:00Z');
      const message = harness.fake.seedMessage(QUIET, {
        user: BEN,
        text: 'How do refunds work for annual billing?',
      });
      await dropOnePost(
        harness,
        (args) => args.channel === ADA,
        afterProcessing,
        async () => {
          harness.fake.responses.length = 0;
          await harness.sender.messageShortcut({
            userId: ADA,
            callbackId: 'ask_mailroom',
            channelId: QUIET,
            message: { ts: message.ts, text: message.text, user: BEN },
          });
          await harness.fake.waitForResponse();
        },
      );
      expect((await theOnePostIn(harness, ADA)).text).toContain(`I’m not in <#${QUIET}>`);
      expect(harness.mailroom.ctx.questions.get(1)).toMatchObject({ askerId: ADA });
      expect(
        harness.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === QUIET),
      ).toEqual([]);
      await oneMoreTick(harness, ADA, 1);
    },
  );

  it.each(CASES)(
    'a click in the Home tab is answered once, in the DM (%s)',
    async (_case, afterProcessing) => {
      const harness = await start('2026-03-09T12:00:00Z');
      await dropOnePost(
        harness,
        (args) => args.channel === ADA,
        afterProcessing,
        () =>
          harness.sender.blockAction({
            userId: ADA,
            actionId: 'meet_vote_0_works',
            value: '999:0:works',
            view: { type: 'home', id: 'VHOME', callback_id: '' },
          }),
      );
      expect((await theOnePostIn(harness, ADA)).text).toBe('I can’t find that meeting.');
      await oneMoreTick(harness, ADA, 1);
    },
  );
});
