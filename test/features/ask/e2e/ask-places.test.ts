import { afterEach, describe, expect, it } from 'vitest';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appMentionEvent } from '../../../support/slack-requests.js';

// Monday 2026-03-09 12:00Z: 12:00 in London, 08:00 in New York (before Sam's day).
const NOW = '2026-03-09T12:00:00Z';
const BOT = 'U0MAILBOT';

const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
  { id: 'U0PRIYA', name: 'priya', realName: 'Priya Raman', tz: 'Asia/Kolkata' },
  { id: 'U0SAM', name: 'sam', realName: 'Sam Ortiz', tz: 'America/New_York' },
  { id: 'U0FOLA', name: 'fola', realName: 'Fola Follower', tz: 'Europe/London' },
  { id: 'U0GUEST', name: 'gus', realName: 'Gus Guest', tz: 'Europe/London', isRestricted: true },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ana Admin', tz: 'Europe/London', isAdmin: true },
  { id: 'U0OTHERBOT', name: 'deploybot', realName: 'Deploy Bot', tz: null, isBot: true },
];
const staff = ['U0ASKER', 'U0PRIYA', 'U0SAM', 'U0FOLA', 'U0ADMIN'];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [...staff, BOT] },
  { id: 'C0SECRET', name: 'secret-project', isPrivate: true, members: ['U0ASKER', 'U0PRIYA'] },
  { id: 'C0PARTNERS', name: 'partners', members: ['U0ASKER', 'U0GUEST', BOT] },
  { id: 'C0OUTSIDE', name: 'outside', members: [...staff] },
  { id: 'C0HIDDEN', name: 'hidden', isPrivate: true, members: ['U0ASKER', 'U0FOLA'] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(): Promise<Harness> {
  h = await startMailroom({
    now: NOW,
    slack: { users, channels, requireMembership: true, hidePrivateChannelsFromBot: true },
  });
  return h;
}

function addDoc(
  harness: Harness,
  title: string,
  body: string,
  where: { visibility: 'public' | 'channel'; channelId?: string } = { visibility: 'public' },
) {
  return harness.mailroom.ctx.knowledge.upsert(
    { title, body, source: 'written', ...where },
    harness.clock(),
  ).document;
}

async function setExperts(harness: Harness, text: string) {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({
    command: '/mailroom',
    text: `experts add ${text}`,
    userId: 'U0ADMIN',
    channelId: 'C0GENERAL',
  });
  expect(String((await harness.fake.waitForResponse()).body.text)).toContain('Added');
}

/** Someone writes in a channel; Mailroom sees it only if it is mentioned. */
function say(harness: Harness, channelId: string, userId: string, text: string, threadTs?: string) {
  return harness.fake.seedMessage(channelId, {
    user: userId,
    text,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
}

async function mention(
  harness: Harness,
  message: StoredMessage,
  options: { eventId?: string; retryNum?: number; extra?: Record<string, unknown> } = {},
) {
  const event = appMentionEvent(
    {
      userId: String(message.user),
      channelId: message.channel,
      text: message.text,
      ts: message.ts,
      ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
    },
    options.extra ? { extra: options.extra } : {},
  );
  const response = await harness.sender.event(event, {
    ...(options.eventId ? { eventId: options.eventId } : {}),
    ...(options.retryNum === undefined ? {} : { retryNum: options.retryNum }),
  });
  expect(response.status).toBe(200);
}

/** Mailroom's replies in the thread rooted at `threadTs`. */
function repliesIn(harness: Harness, channelId: string, threadTs: string): StoredMessage[] {
  return harness.fake.messagesIn(channelId).filter((m) => m.thread_ts === threadTs);
}

async function threadReply(harness: Harness, channelId: string, threadTs: string, index = 0) {
  const reply = await eventually(() => {
    const found = repliesIn(harness, channelId, threadTs)[index];
    expect(found).toBeDefined();
    return found as StoredMessage;
  });
  return `${reply.text}\n${textOf(reply.blocks)}`;
}

async function shortcut(harness: Harness, userId: string, message: StoredMessage) {
  harness.fake.responses.length = 0;
  const response = await harness.sender.messageShortcut({
    userId,
    callbackId: 'ask_mailroom',
    channelId: message.channel,
    message: {
      ts: message.ts,
      text: message.text,
      ...(message.user ? { user: message.user } : {}),
      ...(message.bot_id ? { bot_id: message.bot_id } : {}),
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
  });
  expect(response.status).toBe(200);
  const reply = await harness.fake.waitForResponse();
  return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
}

async function answerAs(harness: Harness, userId: string, answer: string) {
  const message = harness.fake.messagesIn(userId).at(-1);
  const button = findButton(message?.blocks, 'question_answer');
  harness.fake.calls.length = 0;
  await harness.sender.blockAction({
    userId,
    actionId: 'question_answer',
    value: button.value,
    blockId: button.blockId,
    channelId: harness.fake.dmChannelIdFor(userId),
    messageTs: message?.ts,
    message: message as unknown as Record<string, unknown>,
  });
  const opened = await harness.fake.waitForCall('views.open');
  const view = opened.args.view as { callback_id: string; private_metadata: string };
  const sent = await harness.sender.viewSubmission({
    userId,
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    values: { answer: { answer_text: { type: 'plain_text_input', value: answer } } },
  });
  expect(sent.json()).toMatchObject({ response_action: 'update' });
}

describe('@Mailroom in a channel or a thread', () => {
  it('answers a mention whose asking a stopped process left half done, when Slack sends it again', async () => {
    const harness = await start();
    const asked = say(harness, 'C0GENERAL', 'U0ASKER', `<@${BOT}> Who approves travel costs?`);
    // Stored, but the process stopped during its search: nothing was routed or replied.
    harness.mailroom.ctx.questions.create(
      {
        askerId: 'U0ASKER',
        text: 'Who approves travel costs?',
        channelId: 'C0GENERAL',
        threadTs: asked.ts,
        askedVia: 'mention',
        messageTs: asked.ts,
      },
      harness.clock(),
    );
    await mention(harness, asked, { eventId: 'Ev0HALFDONE', retryNum: 1 });
    expect(await threadReply(harness, 'C0GENERAL', asked.ts)).toContain(
      'Nothing in the docs answers this',
    );
    // Slack's next retry is a repeat: still one reply.
    await mention(harness, asked, { eventId: 'Ev0HALFDONE', retryNum: 2 });
    await mention(harness, asked, { eventId: 'Ev0OTHERCOPY' });
    await harness.mailroom.tick();
    expect(repliesIn(harness, 'C0GENERAL', asked.ts)).toHaveLength(1);
  });

  it('answers a mention in a thread in that thread, and gives the asker the buttons privately', async () => {
    const harness = await start();
    addDoc(
      harness,
      'Getting VPN access',
      'Request VPN access in the IT portal under Network, then install the client.',
    );
    const root = say(harness, 'C0GENERAL', 'U0SAM', 'Anyone know about the VPN?');
    const asked = say(
      harness,
      'C0GENERAL',
      'U0ASKER',
      `<@${BOT}> How do I get VPN access?`,
      root.ts,
    );
    await mention(harness, asked);

    const reply = await threadReply(harness, 'C0GENERAL', root.ts);
    expect(reply).toContain('The team already wrote about this');
    expect(reply).toContain('Getting VPN access');
    expect(repliesIn(harness, 'C0GENERAL', root.ts)).toHaveLength(1);
    // Nothing at the channel's top level.
    expect(harness.fake.messagesIn('C0GENERAL').filter((m) => !m.thread_ts)).toEqual([]);

    const question = harness.mailroom.ctx.questions.findByMessage('C0GENERAL', asked.ts);
    expect(question).toMatchObject({
      askerId: 'U0ASKER',
      text: 'How do I get VPN access?',
      threadTs: root.ts,
      askedVia: 'mention',
    });
    const mine = await eventually(() => {
      const found = harness.fake.ephemeralsFor('U0ASKER')[0];
      expect(found).toBeDefined();
      return found;
    });
    expect(mine?.thread_ts).toBe(root.ts);
    findButton(mine?.blocks, 'ask_this_answers');
    findButton(mine?.blocks, 'ask_a_person');
  });

  it('answers a top-level mention in a new thread under it', async () => {
    const harness = await start();
    addDoc(harness, 'Lunch options', 'The canteen opens at noon; the salad bar closes at two.');
    const asked = say(harness, 'C0GENERAL', 'U0ASKER', `<@${BOT}> when does the canteen open?`);
    await mention(harness, asked);
    expect(await threadReply(harness, 'C0GENERAL', asked.ts)).toContain('Lunch options');
  });

  it('never shows in a channel a private channel’s document the asker may see', async () => {
    const harness = await start();
    harness.mailroom.ctx.channels.setMembers('C0SECRET', ['U0ASKER', 'U0PRIYA'], harness.clock());
    addDoc(
      harness,
      'Falcon launch budget',
      'The Falcon launch budget is 40k and is approved by the CFO.',
      { visibility: 'channel', channelId: 'C0SECRET' },
    );
    // The asker herself finds it with /ask…
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/ask',
      text: 'What is the Falcon launch budget?',
      userId: 'U0ASKER',
      channelId: 'C0GENERAL',
    });
    const own = await harness.fake.waitForResponse();
    expect(textOf(own.body.blocks)).toContain('Falcon launch budget');

    // …but asked in #general, where people outside that channel read the reply, it is not shown.
    const asked = say(
      harness,
      'C0GENERAL',
      'U0ASKER',
      `<@${BOT}> What is the Falcon launch budget?`,
    );
    await mention(harness, asked);
    const reply = await threadReply(harness, 'C0GENERAL', asked.ts);
    expect(reply).toContain('Nothing in the docs answers this');
    const everything = JSON.stringify([
      harness.fake.messagesIn('C0GENERAL'),
      harness.fake.ephemerals,
      harness.fake.messagesIn('U0ASKER'),
    ]);
    expect(everything).not.toContain('40k');
    expect(everything).not.toContain('Falcon launch budget\\n');
    expect(everything).not.toMatch(/\*Falcon launch budget\*/);
  });

  it('shows in a channel with a guest only that channel’s own documents', async () => {
    const harness = await start();
    addDoc(harness, 'Expense policy', 'Expenses are approved by your manager within a week.');
    addDoc(
      harness,
      'Partner expense rules',
      'Partner expenses are approved by the partner manager.',
      { visibility: 'channel', channelId: 'C0PARTNERS' },
    );
    const asked = say(harness, 'C0PARTNERS', 'U0ASKER', `<@${BOT}> who approves expenses?`);
    await mention(harness, asked);
    const reply = await threadReply(harness, 'C0PARTNERS', asked.ts);
    expect(reply).toContain('Partner expense rules');
    expect(reply).not.toContain('Expense policy');
    expect(JSON.stringify(harness.fake.ephemerals)).not.toContain('Expense policy');
  });

  it('shows the usage, in the thread, for a mention with no question', async () => {
    const harness = await start();
    const root = say(harness, 'C0GENERAL', 'U0SAM', 'Deploy at 3?');
    const asked = say(harness, 'C0GENERAL', 'U0ASKER', `<@${BOT}>  `, root.ts);
    await mention(harness, asked);
    const usage = await eventually(() => {
      const found = harness.fake.ephemeralsFor('U0ASKER')[0];
      expect(found).toBeDefined();
      return found;
    });
    expect(usage?.text).toContain('Mention me with a question');
    expect(usage?.thread_ts).toBe(root.ts);
    expect(harness.mailroom.ctx.questions.findByMessage('C0GENERAL', asked.ts)).toBeUndefined();
    expect(harness.fake.messagesIn('C0GENERAL')).toEqual([]);
  });

  it('answers once: retries, a second delivery, an edit and bots are not answered again', async () => {
    const harness = await start();
    addDoc(harness, 'Parking', 'Visitor parking is behind building B; register at reception.');
    const asked = say(harness, 'C0GENERAL', 'U0ASKER', `<@${BOT}> where is visitor parking?`);
    await mention(harness, asked, { eventId: 'Ev0PARK' });
    await mention(harness, asked, { eventId: 'Ev0PARK', retryNum: 1 });
    await mention(harness, asked, { eventId: 'Ev0PARK', retryNum: 2 });
    // Slack sometimes sends one event twice under two ids.
    await mention(harness, asked, { eventId: 'Ev0PARK2' });
    const edited = { ...asked, text: `<@${BOT}> where is visitor parking now?` };
    await mention(harness, edited, {
      eventId: 'Ev0EDIT',
      extra: { edited: { user: 'U0ASKER', ts: '1773057700.000100' } },
    });
    const fromBot = say(harness, 'C0GENERAL', 'U0OTHERBOT', `<@${BOT}> where is visitor parking?`);
    await mention(harness, fromBot, { extra: { bot_id: 'B0OTHER' } });
    const fromItself = say(harness, 'C0GENERAL', BOT, `<@${BOT}> where is visitor parking?`);
    await mention(harness, fromItself);

    // A later mention is answered: everything before it has been handled by then.
    const later = say(harness, 'C0GENERAL', 'U0FOLA', `<@${BOT}> where is visitor parking?`);
    await mention(harness, later);
    await threadReply(harness, 'C0GENERAL', later.ts);
    await harness.stop();
    h = undefined;
    expect(repliesIn(harness, 'C0GENERAL', asked.ts)).toHaveLength(1);
    expect(repliesIn(harness, 'C0GENERAL', fromBot.ts)).toHaveLength(0);
    expect(repliesIn(harness, 'C0GENERAL', fromItself.ts)).toHaveLength(0);
    expect(harness.fake.ephemeralsFor('U0ASKER')).toHaveLength(1);
  });

  it('posts the expert’s answer back into the thread, and DMs it to the asker', async () => {
    const harness = await start();
    await setExperts(harness, 'refunds <@U0ADMIN|admin>');
    const root = say(harness, 'C0GENERAL', 'U0SAM', 'Customer wants money back');
    const asked = say(
      harness,
      'C0GENERAL',
      'U0ASKER',
      `<@${BOT}> How do refunds work for annual plans?`,
      root.ts,
    );
    await mention(harness, asked);
    const routed = await threadReply(harness, 'C0GENERAL', root.ts);
    expect(routed).toContain('so I asked admin');
    expect(routed).toContain('I will post the answer here');
    // Named, not mentioned: a mention would interrupt her outside her hours.
    expect(routed).not.toContain('<@U0ADMIN>');

    await harness.mailroom.tick(); // 12:00 in London: the expert is working
    await answerAs(harness, 'U0ADMIN', 'Annual plans are refunded pro rata within 5 days.');
    const answer = await threadReply(harness, 'C0GENERAL', root.ts, 1);
    expect(answer).toContain('<@U0ADMIN> answered');
    expect(answer).toContain('Annual plans are refunded pro rata');

    await harness.mailroom.tick(); // 12:00 in London: the asker is working
    expect(textOf(harness.fake.messagesIn('U0ASKER').at(-1)?.blocks)).toContain(
      'Annual plans are refunded pro rata',
    );
  });

  it.each([
    ['Slack took it and its answer was lost', true],
    ['the connection dropped before Slack took it', false],
  ])('posts the expert’s answer in the thread once (%s)', async (_case, afterProcessing) => {
    const harness = await start();
    await setExperts(harness, 'refunds <@U0ADMIN|admin>');
    const asked = say(harness, 'C0GENERAL', 'U0ASKER', `<@${BOT}> How do refunds work?`);
    await mention(harness, asked);
    await threadReply(harness, 'C0GENERAL', asked.ts);
    await harness.mailroom.tick();
    harness.fake.hang('chat.postMessage', {
      match: (args) => args.channel === 'C0GENERAL',
      afterProcessing,
    });
    await answerAs(harness, 'U0ADMIN', 'Refunds are pro rata within 5 days.');
    await eventually(() => expect(harness.fake.hungCalls).toBe(1));
    harness.fake.releaseHung(); // the connection drops
    for (const minutes of [2, 4]) {
      harness.clock.advance(minutes * 60_000);
      await harness.mailroom.tick();
    }
    const answers = () =>
      repliesIn(harness, 'C0GENERAL', asked.ts).filter((m) => m.text.includes('answered'));
    await eventually(() => expect(answers()).toHaveLength(1));
    await harness.mailroom.tick();
    expect(answers()).toHaveLength(1);
  });

  it('still DMs the answer when the thread can no longer take it', async () => {
    const harness = await start();
    await setExperts(harness, 'refunds <@U0ADMIN|admin>');
    const asked = say(harness, 'C0GENERAL', 'U0ASKER', `<@${BOT}> How do refunds work?`);
    await mention(harness, asked);
    await threadReply(harness, 'C0GENERAL', asked.ts);
    await harness.mailroom.tick();
    harness.fake.updateChannel('C0GENERAL', { archived: true });

    await answerAs(harness, 'U0ADMIN', 'Refunds are pro rata.');
    await harness.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === asked.ts);
    expect(repliesIn(harness, 'C0GENERAL', asked.ts)).toHaveLength(1);
    await harness.mailroom.tick();
    expect(textOf(harness.fake.messagesIn('U0ASKER').at(-1)?.blocks)).toContain(
      'Refunds are pro rata',
    );
    expect(harness.logs.errors()).toEqual([]);
  });

  it('tells the asker how to invite it when it is not in the channel, and answers by DM', async () => {
    const harness = await start();
    addDoc(harness, 'Getting VPN access', 'Request VPN access in the IT portal under Network.');
    const asked = say(harness, 'C0OUTSIDE', 'U0ASKER', `<@${BOT}> How do I get VPN access?`);
    await mention(harness, asked);
    const dm = await eventually(() => {
      const found = harness.fake.messagesIn('U0ASKER')[0];
      expect(found).toBeDefined();
      return `${found?.text}\n${textOf(found?.blocks)}`;
    });
    expect(dm).toContain('I’m not in <#C0OUTSIDE>');
    expect(dm).toContain('/invite @Mailroom');
    expect(dm).toContain('Getting VPN access');
    expect(harness.fake.callsTo('chat.postMessage')[0]?.response).toMatchObject({
      ok: false,
      error: 'not_in_channel',
    });
  });
});

describe('the “Ask Mailroom” message shortcut', () => {
  it.each([
    ['Slack took it and its answer was lost', true],
    ['the connection dropped before Slack took it', false],
  ])('replies in the thread once (%s)', async (_case, afterProcessing) => {
    const harness = await start();
    await setExperts(harness, 'billing <@U0ADMIN|admin>');
    const question = say(harness, 'C0GENERAL', 'U0SAM', 'How do refunds work for annual billing?');
    harness.fake.hang('chat.postMessage', {
      match: (args) => args.channel === 'C0GENERAL',
      afterProcessing,
    });
    await shortcut(harness, 'U0FOLA', question);
    await eventually(() => expect(harness.fake.hungCalls).toBe(1));
    harness.fake.releaseHung(); // the connection drops
    for (const minutes of [2, 4]) {
      harness.clock.advance(minutes * 60_000);
      await harness.mailroom.tick();
    }
    await eventually(() => expect(repliesIn(harness, 'C0GENERAL', question.ts)).toHaveLength(1));
    await harness.mailroom.tick();
    expect(repliesIn(harness, 'C0GENERAL', question.ts)).toHaveLength(1);
  });

  it('asks the author’s question for them: answered in the thread, author told in their hours, user told what happened', async () => {
    const harness = await start();
    await setExperts(harness, 'billing <@U0ADMIN|admin>');
    const question = say(harness, 'C0GENERAL', 'U0SAM', 'How do refunds work for annual billing?');
    const told = await shortcut(harness, 'U0FOLA', question);
    expect(told).toContain('I asked sam’s question in the thread');
    expect(told).toContain('I sent it to <@U0ADMIN>');

    const reply = await threadReply(harness, 'C0GENERAL', question.ts);
    expect(reply).toContain('so I asked admin');
    expect(reply).toContain('sam gets it in a DM');
    expect(reply).not.toContain('<@U0SAM>');
    expect(harness.mailroom.ctx.questions.findByMessage('C0GENERAL', question.ts)).toMatchObject({
      askerId: 'U0SAM',
      requestedBy: 'U0FOLA',
      askedVia: 'shortcut',
      threadTs: question.ts,
      state: 'open',
    });

    // 08:00 in New York: Sam hears of it when his day starts, not before.
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(0);
    harness.clock.set('2026-03-09T13:00:00Z');
    await harness.mailroom.tick();
    const notice = harness.fake.messagesIn('U0SAM')[0];
    expect(textOf(notice?.blocks)).toContain('<@U0FOLA> asked me your question in <#C0GENERAL>');
    expect(textOf(notice?.blocks)).toContain('How do refunds work for annual billing?');

    const again = await shortcut(harness, 'U0ASKER', question);
    expect(again).toContain('already open');
    expect(harness.mailroom.ctx.questions.open()).toHaveLength(1);

    await answerAs(harness, 'U0ADMIN', 'Refunds for annual plans are prorated.');
    expect(await threadReply(harness, 'C0GENERAL', question.ts, 1)).toContain(
      'Refunds for annual plans are prorated',
    );
  });

  it('answers from the docs in the thread and says so', async () => {
    const harness = await start();
    addDoc(harness, 'Getting VPN access', 'Request VPN access in the IT portal under Network.');
    const question = say(harness, 'C0GENERAL', 'U0SAM', 'how do i get vpn access?');
    const told = await shortcut(harness, 'U0FOLA', question);
    expect(told).toContain('answered it there from the team’s docs');
    expect(await threadReply(harness, 'C0GENERAL', question.ts)).toContain('Getting VPN access');
  });

  it('refuses kindly on an app’s message, and for someone not in the conversation', async () => {
    const harness = await start();
    const fromBot = say(harness, 'C0GENERAL', 'U0OTHERBOT', 'Deploy failed: what now?');
    fromBot.bot_id = 'B0OTHER';
    expect(await shortcut(harness, 'U0FOLA', fromBot)).toContain('from an app, not a person');

    // The payload's word that Fola is in the private channel proves nothing.
    harness.fake.updateChannel('C0SECRET', { members: ['U0ASKER', 'U0PRIYA', BOT] });
    const secret = say(harness, 'C0SECRET', 'U0PRIYA', 'What is the Falcon budget?');
    expect(await shortcut(harness, 'U0FOLA', secret)).toContain('I can’t see you in this one');
    expect(harness.mailroom.ctx.questions.findByMessage('C0SECRET', secret.ts)).toBeUndefined();
    expect(repliesIn(harness, 'C0SECRET', secret.ts)).toHaveLength(0);
  });

  it('where it is not in the channel, says how to invite it and answers the user by DM', async () => {
    const harness = await start();
    addDoc(harness, 'Getting VPN access', 'Request VPN access in the IT portal under Network.');
    for (const channelId of ['C0OUTSIDE', 'C0HIDDEN']) {
      harness.fake.calls.length = 0;
      const question = say(harness, channelId, 'U0ASKER', 'How do I get VPN access?');
      const told = await shortcut(harness, 'U0FOLA', question);
      expect(told).toContain(`I’m not in <#${channelId}>`);
      expect(told).toContain('/invite @Mailroom');
      const dm = await eventually(() => {
        const found = harness.fake.messagesIn('U0FOLA').at(-1);
        expect(`${found?.text}\n${textOf(found?.blocks)}`).toContain('Getting VPN access');
        return found;
      });
      expect(dm).toBeDefined();
      expect(repliesIn(harness, channelId, question.ts)).toHaveLength(0);
    }
    // Asked for the user alone: nobody else's name is on it.
    expect(harness.mailroom.ctx.questions.open()).toHaveLength(0);
    expect(harness.fake.messagesIn('U0ASKER')).toHaveLength(0);
  });
});
