import { afterEach, describe, expect, it } from 'vitest';
import { meetingResultKey } from '../../../../src/features/meetings/services/vote.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appHomeOpenedEvent } from '../../../support/slack-requests.js';

// Monday 9 March 2026, 12:00 UTC.
const NOW = '2026-03-09T12:00:00Z';
const BOT = 'U0MAILBOT';

const people: FakeUser[] = [
  { id: 'U0ADA', name: 'Ada', realName: 'Ada', tz: 'Europe/London' },
  { id: 'U0PRIYA', name: 'Priya', realName: 'Priya', tz: 'Asia/Kolkata' },
  { id: 'U0LENA', name: 'Lena', realName: 'Lena', tz: 'Europe/Berlin' },
  { id: 'U0KENJI', name: 'Kenji', realName: 'Kenji', tz: 'Asia/Tokyo' },
  { id: 'U0SAM', name: 'Sam', realName: 'Sam', tz: 'America/New_York' },
  { id: 'U0RAM', name: 'Ram', realName: 'Ram', tz: 'Asia/Kathmandu' },
  { id: 'U0JO', name: 'Jo', realName: 'Jo', tz: 'America/St_Johns' },
  { id: 'U0GONE', name: 'Gone', realName: 'Gone', tz: 'UTC', deleted: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [...people.map((p) => p.id), BOT] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(extra: { users?: FakeUser[]; channels?: FakeChannel[] } = {}) {
  h = await startMailroom({
    now: NOW,
    slack: {
      users: [...people, ...(extra.users ?? [])],
      channels: [...channels, ...(extra.channels ?? [])],
    },
  });
  return h;
}

/** Ada and 27 more in #all: too many to vote by DM, so the poll goes to the channel. */
async function startWithCrowd() {
  const crowd: FakeUser[] = Array.from({ length: 27 }, (_, i) => ({
    id: `U0CROWD${String(i).padStart(2, '0')}`,
    name: `crowd${i}`,
    tz: 'Europe/London',
  }));
  const harness = await start({
    users: crowd,
    channels: [{ id: 'C0ALL', name: 'all', members: ['U0ADA', ...crowd.map((c) => c.id), BOT] }],
  });
  return harness;
}

const mention = (id: string) => `<@${id}|${id.slice(2).toLowerCase()}>`;

/** `/meet …` as Slack sends it (escaped), and the ephemeral reply. */
async function meet(harness: Harness, userId: string, text: string, channelId = 'C0GENERAL') {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({ command: '/meet', text, userId, channelId });
  const reply = await harness.fake.waitForResponse();
  return { text: `${reply.body.text}\n${textOf(reply.body.blocks)}`, blocks: reply.body.blocks };
}

/** Presses a button on the ephemeral card, and returns what replaced it. */
async function clickCard(harness: Harness, userId: string, blocks: unknown, actionId: string) {
  const button = findButton(blocks, actionId);
  harness.fake.responses.length = 0;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: 'C0GENERAL',
  });
  const reply = await harness.fake.waitForResponse();
  return { text: `${reply.body.text}\n${textOf(reply.body.blocks)}`, blocks: reply.body.blocks };
}

/** Presses a button in a DM Mailroom sent, and returns what the DM became. */
async function clickDm(harness: Harness, userId: string, dm: StoredMessage, actionId: string) {
  const button = findButton(dm.blocks, actionId);
  harness.fake.responses.length = 0;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: dm.channel,
    message: dm as unknown as Json,
  });
  const reply = await harness.fake.waitForResponse();
  return { text: textOf(reply.body.blocks) || String(reply.body.text), blocks: reply.body.blocks };
}

const lastDm = (harness: Harness, userId: string) => {
  const dm = harness.fake.messagesIn(userId).at(-1);
  if (!dm) throw new Error(`no DM for ${userId}`);
  return dm;
};

async function openHome(harness: Harness, userId: string) {
  const before = harness.fake.callsTo('views.publish').length;
  await harness.sender.event(appHomeOpenedEvent(userId));
  await eventually(() =>
    expect(harness.fake.callsTo('views.publish').length).toBeGreaterThan(before),
  );
  return harness.fake.homeViewOf(userId) as { blocks: unknown[]; private_metadata?: string };
}

const meetingCount = (harness: Harness) =>
  (
    harness.mailroom.ctx.db.$client.prepare('select count(*) as n from meetings').get() as {
      n: number;
    }
  ).n;

describe('/meet: a transactional request', () => {
  it('is asked for its agenda and offered the async route, and can become a thread', async () => {
    const harness = await start();
    const card = await meet(
      harness,
      'U0ADA',
      `Falcon pricing decision with ${mention('U0KENJI')} ${mention('U0SAM')} for 30m next week`,
    );
    expect(card.text).toContain('Mailroom reads this as *transactional*');
    expect(card.text).toContain('it names an outcome: “decision”');
    expect(card.text).toContain('*Before I propose times:* what is the agenda');
    expect(card.text).toContain('*Maybe it need not be a meeting.*');
    // London, Tokyo and New York, 9 to 5: no hour when all three work.
    expect(card.text).toContain('the three of you never work at the same time');
    expect(card.text).toContain('`/decision`');
    expect(() => findButton(card.blocks, 'meet_send')).toThrow();
    findButton(card.blocks, 'meet_add_agenda');
    expect(harness.fake.callsTo('chat.postMessage')).toEqual([]);

    const written = await clickCard(harness, 'U0ADA', card.blocks, 'meet_write_instead');
    expect(written.text).toContain('Written up instead: the agenda is in <#C0GENERAL>');
    const thread = await eventually(() => {
      const [posted] = harness.fake.messagesIn('C0GENERAL');
      if (!posted) throw new Error('no thread yet');
      return posted;
    });
    expect(textOf(thread?.blocks)).toContain(
      '<@U0ADA> would rather settle this in writing than in a meeting: *Falcon pricing decision*',
    );
    expect(textOf(thread?.blocks)).toContain('<@U0KENJI> <@U0SAM>, please answer in this thread');
    const [meeting] = harness.mailroom.ctx.db.$client
      .prepare('select state from meetings')
      .all() as { state: string }[];
    expect(meeting?.state).toBe('cancelled');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0KENJI')).toEqual([]);
  });
});

describe('/meet: slots in everyone’s time, votes and confirmation', () => {
  it('proposes times inside everyone’s hours, collects votes in working hours, and confirms one', async () => {
    const harness = await start();
    const { ctx } = harness.mailroom;
    const card = await meet(
      harness,
      'U0ADA',
      `Q2 budget review with ${mention('U0PRIYA')} ${mention('U0LENA')} for 30m next week`,
    );
    expect(card.text).toContain('Mailroom reads this as *transactional*');

    // The agenda first, in a modal; submitting it shows the times.
    const button = findButton(card.blocks, 'meet_add_agenda');
    await harness.sender.blockAction({
      userId: 'U0ADA',
      actionId: 'meet_add_agenda',
      value: button.value,
      channelId: 'C0GENERAL',
    });
    const opened = await harness.fake.waitForCall('views.open');
    const agendaModal = opened.args.view as Json;
    expect(agendaModal.callback_id).toBe('meet_agenda');
    const preview = await harness.sender.viewSubmission({
      userId: 'U0ADA',
      callbackId: 'meet_agenda',
      privateMetadata: String(agendaModal.private_metadata),
      values: {
        meet_agenda: {
          meet_agenda: { type: 'plain_text_input', value: 'Go through the Q2 lines' },
        },
        meet_outcome: { meet_outcome: { type: 'plain_text_input', value: 'An approved budget' } },
      },
    });
    const previewView = (preview.json() as { view: Json }).view;
    const shown = textOf(previewView.blocks);
    expect(shown).toContain('*Times inside everyone’s working hours*:');
    // Next Monday 09:00 UTC: 09:00 in London, 14:30 in Kolkata, 10:00 in Berlin.
    expect(shown).toContain(
      '1. *Mon 16 Mar 09:00–09:30* for you · Mon 14:30 for Priya · Mon 10:00 for Lena',
    );
    // Another time of day on the next day, then the first time again on the day after.
    expect(shown).toContain('2. *Tue 17 Mar 11:00–11:30* for you · Tue 16:30 for Priya');

    const sent = await harness.sender.viewSubmission({
      userId: 'U0ADA',
      callbackId: 'meet_preview',
      privateMetadata: String(previewView.private_metadata),
      values: {},
    });
    expect(textOf((sent.json() as { view: Json }).view.blocks)).toContain(
      'Sent to 2 people: each gets the vote in their own working hours.',
    );

    // 12:00 UTC: Lena (13:00 in Berlin) works, Priya (17:30 in Kolkata) does not.
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0PRIYA')).toEqual([]);
    const lenaVote = structuredClone(lastDm(harness, 'U0LENA'));
    expect(textOf(lenaVote.blocks)).toContain(
      '*Mon 16 Mar 10:00–10:30* for you · Mon 09:00 for Ada · Mon 14:30 for Priya',
    );
    expect(textOf(lenaVote.blocks)).toContain('*Agenda*\n>Go through the Q2 lines');

    // Someone not invited cannot vote with Lena's button.
    harness.fake.responses.length = 0;
    await harness.sender.blockAction({
      userId: 'U0KENJI',
      actionId: 'meet_vote_0_works',
      value: findButton(lenaVote.blocks, 'meet_vote_0_works').value,
      channelId: 'C0GENERAL',
    });
    expect(String((await harness.fake.waitForResponse()).body.text)).toBe(
      'I can’t find that meeting.',
    );

    let dm = lenaVote;
    for (const slot of [0, 1, 2]) {
      const after = await clickDm(harness, 'U0LENA', dm, `meet_vote_${slot}_works`);
      dm = { ...dm, blocks: after.blocks as unknown[] };
    }
    expect(textOf(dm.blocks)).toContain('✓ Works');

    // Tuesday 04:00 UTC, 09:30 in Kolkata: Priya's vote arrives; she votes from her Home tab.
    harness.clock.set('2026-03-10T04:00:00Z');
    await harness.mailroom.tick();
    expect(textOf(lastDm(harness, 'U0PRIYA').blocks)).toContain('*Mon 16 Mar 14:30–15:00* for you');
    const votes: [number, string][] = [
      [0, 'could'],
      [1, 'works'],
      [2, 'cannot'],
    ];
    for (const [slot, choice] of votes) {
      const home = await openHome(harness, 'U0PRIYA');
      expect(textOf(home.blocks)).toContain('*Meeting vote* from *Ada*: Q2 budget review');
      const vote = findButton(home.blocks, `meet_vote_${slot}_${choice}`);
      const published = harness.fake.callsTo('views.publish').length;
      await harness.sender.blockAction({
        userId: 'U0PRIYA',
        actionId: `meet_vote_${slot}_${choice}`,
        value: vote.value,
        blockId: vote.blockId,
        view: { type: 'home', id: 'VHOME', callback_id: '' },
      });
      await eventually(() =>
        expect(harness.fake.callsTo('views.publish').length).toBeGreaterThan(published),
      );
    }
    const meetingId = Number(findButton(lenaVote.blocks, 'meet_vote_0_works').value.split(':')[0]);
    expect(ctx.meetings.get(meetingId)?.state).toBe('closed');
    // Lena's DM no longer invites a vote (updated after the last vote is answered).
    await eventually(() =>
      expect(textOf(harness.fake.messagesIn('U0LENA')[0]?.blocks)).toContain(
        'The vote has closed.',
      ),
    );
    const closedDm = harness.fake.messagesIn('U0LENA')[0];
    expect(() => findButton(closedDm?.blocks, 'meet_vote_0_works')).toThrow();
    // The result is queued once those DMs are updated: Slack's answer to the last update can
    // come after the update itself is visible.
    await eventually(() =>
      expect(ctx.queue.findByKey(meetingResultKey(meetingId))?.recipientId).toBe('U0ADA'),
    );

    // Ada gets the result at the start of her day, best first, and confirms.
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0ADA')).toEqual([]);
    harness.clock.set('2026-03-10T09:00:00Z');
    await harness.mailroom.tick();
    const result = lastDm(harness, 'U0ADA');
    const resultText = textOf(result.blocks);
    expect(resultText).toContain(
      '*The votes are in* for *Q2 budget review*: 2 of 2 voted. Best first:',
    );
    expect(resultText.indexOf('Tue 17 Mar 11:00')).toBeLessThan(resultText.indexOf('Mon 16 Mar'));
    expect(resultText).toContain('*can’t: Priya*');
    const confirmed = await clickDm(harness, 'U0ADA', result, 'meet_confirm_1');
    expect(confirmed.text).toContain('Confirmed: Tue 17 Mar 11:00–11:30 your time.');

    await harness.mailroom.tick();
    const priyaConfirmed = textOf(lastDm(harness, 'U0PRIYA').blocks);
    expect(priyaConfirmed).toContain('*Q2 budget review* is confirmed by <@U0ADA>');
    expect(priyaConfirmed).toContain(
      '*Tue 17 Mar 16:30–17:00* for you · Tue 11:00 for Ada · Tue 12:00 for Lena',
    );
    expect(priyaConfirmed).toContain('dates=20260317T110000Z%2F20260317T113000Z');
    expect(priyaConfirmed).toContain('https://outlook.office.com/calendar/0/deeplink/compose?');
    expect(textOf(lastDm(harness, 'U0LENA').blocks)).toContain('*Tue 17 Mar 12:00–12:30* for you');
    expect(harness.logs.errors()).toEqual([]);
  });

  it('closes the vote when time is up, and refuses a late vote', async () => {
    const harness = await start();
    const card = await meet(
      harness,
      'U0ADA',
      `team lunch with ${mention('U0LENA')} ${mention('U0PRIYA')} next week`,
    );
    expect(card.text).toContain('Mailroom reads this as *social*');
    const sent = await clickCard(harness, 'U0ADA', card.blocks, 'meet_send');
    expect(sent.text).toContain('Sent to 2 people');
    await harness.mailroom.tick();
    const vote = structuredClone(lastDm(harness, 'U0LENA'));
    const meeting = harness.mailroom.ctx.meetings.get(
      Number(findButton(vote.blocks, 'meet_vote_0_works').value.split(':')[0]),
    );
    harness.clock.set(new Date((meeting?.closesAt ?? 0) + 60_000).toISOString());
    await harness.mailroom.tick();
    expect(harness.mailroom.ctx.meetings.get(meeting?.id ?? 0)?.state).toBe('closed');
    const late = await clickDm(harness, 'U0LENA', vote, 'meet_vote_0_works');
    expect(late.text).toBe('The vote on this meeting has closed.');
  });
});

describe('/meet: a social meeting, fair over time', () => {
  it('moves the next proposal after an earlier one stretched someone’s day', async () => {
    const harness = await start();
    // Ada works 09-17 in London, Kenji 09-17 in Tokyo: one hour between their days.
    const first = await meet(
      harness,
      'U0ADA',
      `virtual coffee with ${mention('U0KENJI')} next week`,
    );
    expect(first.text).toContain('Mailroom reads this as *social*');
    expect(first.text).toContain(
      '1. *Mon 16 Mar 08:00–08:45* for you (outside your hours by 1 h) · Mon 17:00 for Kenji (outside their hours by 45 min)',
    );
    await clickCard(harness, 'U0ADA', first.blocks, 'meet_send');
    harness.clock.set('2026-03-10T00:30:00Z'); // 09:30 in Tokyo
    await harness.mailroom.tick();
    let dm = lastDm(harness, 'U0KENJI');
    for (const slot of [0, 1, 2]) {
      const after = await clickDm(harness, 'U0KENJI', dm, `meet_vote_${slot}_works`);
      dm = { ...dm, blocks: after.blocks as unknown[] };
    }
    harness.clock.set('2026-03-10T09:00:00Z');
    await harness.mailroom.tick();
    await clickDm(harness, 'U0ADA', lastDm(harness, 'U0ADA'), 'meet_confirm_0');

    const ledger = await meet(harness, 'U0KENJI', `ledger ${mention('U0ADA')}`);
    expect(ledger.text).toContain('• Ada: outside their hours by 1 h in all, in 1 of 1 meeting');
    expect(ledger.text).toContain('• Kenji: outside their hours by 45 min in all');

    const second = await meet(
      harness,
      'U0ADA',
      `virtual coffee with ${mention('U0KENJI')} next week`,
    );
    // Now Ada's day is spared: the meeting starts a quarter later, at Kenji's expense.
    expect(second.text).toContain(
      '1. *Mon 16 Mar 08:15–09:00* for you (outside your hours by 45 min) · Mon 17:15 for Kenji (outside their hours by 1 h)',
    );
    expect(second.text).toContain(
      'Fairness: Ada outside their hours by 1 h in 1 past social meeting',
    );
  });
});

describe('/meet: a team with no overlap', () => {
  it('says so, and offers the least-bad slot naming who is outside their hours and by how much', async () => {
    const harness = await start();
    await harness.sender.slashCommand({
      command: '/meet',
      text: '',
      userId: 'U0RAM',
      channelId: 'C0GENERAL',
    });
    const opened = await harness.fake.waitForCall('views.open');
    expect((opened.args.view as Json).callback_id).toBe('meet_form');
    const response = await harness.sender.viewSubmission({
      userId: 'U0RAM',
      callbackId: 'meet_form',
      privateMetadata: String((opened.args.view as Json).private_metadata),
      values: {
        meet_topic: { meet_topic: { type: 'plain_text_input', value: 'Release checklist' } },
        meet_people: { meet_people: { type: 'multi_users_select', selected_users: ['U0JO'] } },
        meet_channel: {
          meet_channel: { type: 'conversations_select', selected_conversation: null },
        },
        meet_duration: {
          meet_duration: { type: 'static_select', selected_option: { value: '30' } },
        },
        meet_window: {
          meet_window: { type: 'static_select', selected_option: { value: 'next_week' } },
        },
        meet_kind: {
          meet_kind: { type: 'radio_buttons', selected_option: { value: 'transactional' } },
        },
        meet_agenda: { meet_agenda: { type: 'plain_text_input', value: 'Walk the checklist' } },
        meet_outcome: { meet_outcome: { type: 'plain_text_input', value: 'A go/no-go' } },
      },
    });
    const view = (response.json() as { response_action: string; view: Json }).view;
    expect(view.callback_id).toBe('meet_preview');
    const text = textOf(view.blocks);
    expect(text).toContain('the two of you never work at the same time');
    expect(text).toContain(':warning: *You never all work at the same time* in this window.');
    // Kathmandu 09-17 is 03:15-11:15 UTC; St John's (daylight time) 09-17 is 11:30-19:30 UTC.
    expect(text).toContain(
      '1. *Mon 16 Mar 16:45–17:15* for you (outside your hours by 15 min) · Mon 08:30 for Jo (outside their hours by 30 min)',
    );
  });
});

describe('/meet: bad input', () => {
  it.each([
    ['no participants', 'Falcon sync', 'Name at least one other person'],
    ['an unknown user', `Falcon sync with ${mention('U0NOBODY')}`, 'I don’t know <@U0NOBODY>'],
    ['a name Slack did not resolve', 'Falcon sync with @kenjii', 'I couldn’t find “@kenjii”'],
    [
      'a duration of zero',
      `Falcon sync with ${mention('U0LENA')} for 0m`,
      'A meeting needs a length',
    ],
    ['over 8 hours', `Falcon sync with ${mention('U0LENA')} for 9h`, 'at most 8 hours'],
    [
      'a window in the past',
      `Falcon sync with ${mention('U0LENA')} from 2026-03-01 to 2026-03-05`,
      'is in the past',
    ],
    [
      'a deactivated participant',
      `Falcon sync with ${mention('U0GONE')}`,
      '<@U0GONE> is deactivated.',
    ],
  ])('%s: a clear message, nothing created', async (_case, text, says) => {
    h ??= await start();
    const reply = await meet(h, 'U0ADA', text);
    expect(reply.text).toContain(says);
    expect(reply.text).toContain(`Here is what you wrote`);
    expect(meetingCount(h)).toBe(0);
  });
});

describe('/meet: a big group', () => {
  it.each([
    ['Slack took it and its answer was lost', true],
    ['the connection dropped before Slack took it', false],
  ])('posts the poll once (%s), and records where it is', async (_case, afterProcessing) => {
    const harness = await startWithCrowd();
    const card = await meet(harness, 'U0ADA', 'quarter party with <#C0ALL|all> next week', 'C0ALL');
    harness.fake.hang('chat.postMessage', {
      match: (args) => args.channel === 'C0ALL',
      afterProcessing,
    });
    await clickCard(harness, 'U0ADA', card.blocks, 'meet_send');
    await eventually(() => expect(harness.fake.hungCalls).toBe(1));
    harness.fake.releaseHung(); // the connection drops
    for (const minutes of [2, 4]) {
      harness.clock.advance(minutes * 60_000);
      await harness.mailroom.tick();
    }
    await eventually(() => expect(harness.fake.messagesIn('C0ALL')).toHaveLength(1));
    const [poll] = harness.fake.messagesIn('C0ALL');
    const [meeting] = harness.mailroom.ctx.db.$client
      .prepare('select poll_ts as pollTs from meetings')
      .all() as { pollTs: string | null }[];
    expect(meeting?.pollTs).toBe(poll?.ts);
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('C0ALL')).toHaveLength(1);
  });

  it('a poll its channel refuses: the meeting is a draft again, and its requester hears why', async () => {
    const harness = await startWithCrowd();
    const card = await meet(harness, 'U0ADA', 'quarter party with <#C0ALL|all> next week', 'C0ALL');
    harness.fake.failNext('chat.postMessage', 'not_in_channel');
    await clickCard(harness, 'U0ADA', card.blocks, 'meet_send');
    const states = () =>
      harness.mailroom.ctx.db.$client.prepare('select state from meetings').all() as {
        state: string;
      }[];
    await eventually(() => expect(states()).toEqual([{ state: 'draft' }]));
    await harness.mailroom.tick();
    await eventually(() =>
      expect(textOf(harness.fake.messagesIn('U0ADA').at(-1)?.blocks)).toContain(
        'I couldn’t post the poll in <#C0ALL>',
      ),
    );
    expect(harness.fake.messagesIn('C0ALL')).toHaveLength(0);
  });

  it('votes in one poll in the channel, where only its members may vote', async () => {
    const harness = await startWithCrowd();
    const card = await meet(
      harness,
      'U0ADA',
      'end of quarter party with <#C0ALL|all> next week',
      'C0ALL',
    );
    expect(card.text).toContain('(27 people: they vote in one poll in <#C0ALL>)');
    const sent = await clickCard(harness, 'U0ADA', card.blocks, 'meet_send');
    expect(sent.text).toContain('Posted the poll in <#C0ALL>');
    const poll = await eventually(() => {
      const [posted] = harness.fake.messagesIn('C0ALL');
      if (!posted) throw new Error('no poll yet');
      return posted;
    });
    expect(textOf(poll?.blocks)).toContain('<!date^');
    const vote = findButton(poll?.blocks, 'meet_vote_0_works');

    harness.fake.responses.length = 0;
    await harness.sender.blockAction({
      userId: 'U0CROWD03',
      actionId: 'meet_vote_0_works',
      value: vote.value,
      channelId: 'C0ALL',
      message: poll as unknown as Json,
    });
    expect(String((await harness.fake.waitForResponse()).body.text)).toContain('Noted: works for');
    await eventually(() =>
      expect(textOf(harness.fake.messagesIn('C0ALL')[0]?.blocks)).toContain('1 of 27 voted'),
    );

    harness.fake.responses.length = 0;
    await harness.sender.blockAction({
      userId: 'U0KENJI',
      actionId: 'meet_vote_0_works',
      value: vote.value,
      channelId: 'C0ALL',
      message: poll as unknown as Json,
    });
    expect(String((await harness.fake.waitForResponse()).body.text)).toBe(
      'I can’t find that meeting.',
    );
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0CROWD03')).toEqual([]);
  });
});
