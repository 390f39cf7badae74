import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importMarkdownFolder } from '../../../../src/core/services/knowledge.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { userChangeEvent } from '../../../support/slack-requests.js';

// Monday 2026-03-09 14:00Z: 14:00 in London, 10:00 in New York, 19:30 in Kolkata.
const NOW = '2026-03-09T14:00:00Z';

const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
  { id: 'U0PRIYA', name: 'priya', realName: 'Priya Raman', tz: 'Asia/Kolkata' },
  { id: 'U0SAM', name: 'sam', realName: 'Sam Ortiz', tz: 'America/New_York' },
  { id: 'U0FOLLOW', name: 'fola', realName: 'Fola Follower', tz: 'Europe/London' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ana Admin', tz: 'Europe/London', isAdmin: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: users.map((u) => u.id) },
  { id: 'C0SECRET', name: 'secret-project', isPrivate: true, members: ['U0PRIYA', 'U0SAM'] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(now = NOW): Promise<Harness> {
  h = await startMailroom({ now, slack: { users, channels } });
  return h;
}

async function slash(
  harness: Harness,
  userId: string,
  command: string,
  text: string,
  channelId = 'C0GENERAL',
) {
  harness.fake.responses.length = 0;
  const response = await harness.sender.slashCommand({ command, text, userId, channelId });
  expect(response.status).toBe(200);
  const reply = await harness.fake.waitForResponse();
  return {
    text: String(reply.body.text),
    blocks: reply.body.blocks,
    all: `${reply.body.text}\n${textOf(reply.body.blocks)}`,
  };
}

async function click(
  harness: Harness,
  userId: string,
  blocks: unknown,
  actionId: string,
  channelId = 'C0GENERAL',
) {
  const button = findButton(blocks, actionId);
  harness.fake.responses.length = 0;
  const response = await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId,
  });
  expect(response.status).toBe(200);
  const reply = await harness.fake.waitForResponse();
  return {
    text: String(reply.body.text),
    blocks: reply.body.blocks,
    all: `${reply.body.text}\n${textOf(reply.body.blocks)}`,
  };
}

async function clickInDm(harness: Harness, userId: string, actionId: string, dmIndex = -1) {
  const message = harness.fake.messagesIn(userId).at(dmIndex);
  const button = findButton(message?.blocks, actionId);
  harness.fake.calls.length = 0;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: harness.fake.dmChannelIdFor(userId),
    messageTs: message?.ts,
    message: message as unknown as Record<string, unknown>,
  });
}

async function setExperts(harness: Harness, text: string) {
  const reply = await slash(harness, 'U0ADMIN', '/mailroom', `experts add ${text}`);
  expect(reply.all).toContain('Added');
}

async function answerAs(harness: Harness, userId: string, answer: string, dmIndex = -1) {
  await clickInDm(harness, userId, 'question_answer', dmIndex);
  const opened = await harness.fake.waitForCall('views.open');
  const view = opened.args.view as { callback_id: string; private_metadata: string };
  const submit = (value: string) =>
    harness.sender.viewSubmission({
      userId,
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { answer: { answer_text: { type: 'plain_text_input', value } } },
    });
  return { view, submit, result: answer === '' ? undefined : await submit(answer) };
}

async function reassignAs(harness: Harness, userId: string, selectedUser: string | null) {
  await clickInDm(harness, userId, 'question_reassign');
  const opened = await harness.fake.waitForCall('views.open');
  const view = opened.args.view as { callback_id: string; private_metadata: string };
  return (user: string | null = selectedUser) =>
    harness.sender.viewSubmission({
      userId,
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reassign_to: { reassign_user: { type: 'users_select', selected_user: user } } },
    });
}

describe('/ask', () => {
  it('answers from the docs, and "This answers it" teaches it the asker’s wording', async () => {
    const harness = await start();
    const folder = mkdtempSync(join(tmpdir(), 'mailroom-docs-'));
    writeFileSync(
      join(folder, 'vpn.md'),
      '# Getting VPN access\n\nRequest VPN access in the IT portal under Network, then install the client.',
    );
    writeFileSync(join(folder, 'lunch.md'), '# Lunch options\n\nThe canteen opens at noon.');
    await importMarkdownFolder(
      { knowledge: harness.mailroom.ctx.knowledge, clock: harness.clock },
      folder,
    );

    const reply = await slash(harness, 'U0ASKER', '/ask', 'How do I get VPN access?');
    expect(reply.all).toContain('Getting VPN access');
    expect(reply.all).toContain('*VPN access*');
    expect(reply.all).toContain('imported doc');
    findButton(reply.blocks, 'ask_a_person');

    const thanks = await click(harness, 'U0ASKER', reply.blocks, 'ask_this_answers');
    expect(thanks.all).toContain('I noted your wording');
    const doc = harness.mailroom.ctx.knowledge.search(
      'How do I get VPN access?',
      { isGuest: false, visibleChannelIds: [] },
      1,
    )[0];
    expect(doc?.matchedAlias).toBe(true);
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('routes an unanswered question to the expert, delivers it when their day starts, and writes the answer back', async () => {
    const harness = await start();
    await setExperts(harness, 'billing <@U0PRIYA|priya>');

    const asked = await slash(
      harness,
      'U0ASKER',
      '/ask',
      'How do refunds work for annual billing?',
    );
    expect(asked.all).toContain('I asked <@U0PRIYA> (owns the topic “billing”)');
    expect(asked.all).toContain(
      '<@U0PRIYA> is offline until Tue 09:00 their time (in 13 h 30 min); your question is first in their queue.',
    );

    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0PRIYA')).toHaveLength(0);
    harness.clock.set('2026-03-10T03:29:00Z');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0PRIYA')).toHaveLength(0);
    harness.clock.set('2026-03-10T03:30:00Z'); // 09:00 in Kolkata
    await harness.mailroom.tick();
    const dm = harness.fake.messagesIn('U0PRIYA');
    expect(dm).toHaveLength(1);
    expect(textOf(dm[0]?.blocks)).toContain('How do refunds work for annual billing?');
    expect(textOf(dm[0]?.blocks)).toContain('owns the topic “billing”');

    const { submit } = await answerAs(harness, 'U0PRIYA', '');
    const empty = await submit('   ');
    expect(empty.json()).toEqual({
      response_action: 'errors',
      errors: { answer: 'Write an answer before sending.' },
    });
    const sent = await submit(
      'Refunds for annual plans are prorated; finance pays them within 5 days.',
    );
    expect(sent.json()).toMatchObject({ response_action: 'update' });

    await eventually(() => expect(harness.fake.callsTo('chat.update')).toHaveLength(1));
    expect(textOf(harness.fake.callsTo('chat.update')[0]?.args.blocks)).toContain(
      'Answered by <@U0PRIYA>',
    );

    // The asker works in London: the answer waits for 09:00 there.
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0ASKER')).toHaveLength(0);
    harness.clock.set('2026-03-10T09:00:00Z');
    await harness.mailroom.tick();
    const answer = harness.fake.messagesIn('U0ASKER');
    expect(answer).toHaveLength(1);
    expect(textOf(answer[0]?.blocks)).toContain('Refunds for annual plans are prorated');

    // The next person who asks gets it from the docs, with no one interrupted.
    const again = await slash(harness, 'U0SAM', '/ask', 'How do refunds work for annual billing?');
    expect(again.all).toContain('The team already wrote about this');
    expect(again.all).toContain('earlier answer');
    expect(again.all).toContain('answered by <@U0PRIYA>');
  });

  it('offers to follow an open duplicate, and tells every follower the answer', async () => {
    const harness = await start();
    await setExperts(harness, 'deploys <@U0SAM|sam>');
    await slash(harness, 'U0ASKER', '/ask', 'How do I roll back a broken deploys to production?');
    const again = await slash(harness, 'U0ASKER', '/ask', 'How do I roll back broken deploys?');
    expect(again.all).toContain('You already asked this and it is still waiting');

    const dup = await slash(
      harness,
      'U0FOLLOW',
      '/ask',
      'How can I roll back deploys on production?',
    );
    expect(dup.all).toContain('Someone already asked something very like this');
    const followed = await click(harness, 'U0FOLLOW', dup.blocks, 'ask_follow');
    expect(followed.all).toContain('You are following this question');

    await harness.mailroom.tick(); // 10:00 in New York: Sam gets it now
    await answerAs(harness, 'U0SAM', 'Run the rollback job in CI and pick the last green build.');
    harness.clock.set('2026-03-10T09:00:00Z');
    await harness.mailroom.tick();
    for (const userId of ['U0ASKER', 'U0FOLLOW']) {
      expect(textOf(harness.fake.messagesIn(userId).at(-1)?.blocks)).toContain(
        'Run the rollback job in CI',
      );
    }
    expect(harness.mailroom.ctx.questions.open()).toHaveLength(0);
  });

  it('lets the expert pass a question on to someone who knows', async () => {
    const harness = await start();
    await setExperts(harness, 'payroll <@U0SAM|sam>');
    await slash(harness, 'U0ASKER', '/ask', 'When does payroll run this month?');
    await harness.mailroom.tick();
    const submit = await reassignAs(harness, 'U0SAM', null);
    const toAsker = await submit('U0ASKER');
    expect(toAsker.json()).toMatchObject({ response_action: 'errors' });
    expect((await submit('U0FOLLOW')).status).toBe(200);

    await eventually(() => expect(harness.fake.callsTo('chat.update')).toHaveLength(1));
    expect(textOf(harness.fake.callsTo('chat.update')[0]?.args.blocks)).toContain(
      'You passed this on to <@U0FOLLOW>',
    );
    await harness.mailroom.tick();
    const dm = harness.fake.messagesIn('U0FOLLOW');
    expect(textOf(dm.at(-1)?.blocks)).toContain('suggested by sam');
  });

  it('reminds an expert once, then escalates to the next person when the question stays unanswered', async () => {
    const harness = await start();
    await setExperts(harness, 'invoices <@U0SAM|sam>');
    await setExperts(harness, 'invoices <@U0PRIYA|priya>');
    await slash(harness, 'U0ASKER', '/ask', 'Who signs off invoices above 10k?');
    await harness.mailroom.tick(); // Sam works now (10:00 in New York); due 4 working hours later, at 14:00 there
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);

    harness.clock.set('2026-03-09T18:00:00Z');
    expect((await harness.mailroom.tick()).questions).toEqual({ reminded: 1, escalated: 0 });
    const reminder = harness.fake.callsTo('chat.postMessage').at(-1);
    expect(reminder?.args).toMatchObject({
      channel: 'D0SAM',
      thread_ts: harness.fake.messagesIn('U0SAM')[0]?.ts,
    });
    expect(String(reminder?.args.text)).toContain('gentle reminder');

    // 1 h left that day (till 17:00 New York = 21:00Z), 3 h the next morning: due Tuesday 12:00 New York.
    harness.clock.set('2026-03-10T16:00:00Z');
    expect((await harness.mailroom.tick()).questions).toEqual({ reminded: 0, escalated: 1 });
    const question = harness.mailroom.ctx.questions.open()[0];
    expect(question?.routeIndex).toBe(1);
    expect(question?.route[1]?.reason).toContain('sam had no time to answer');
  });

  it('routes to a person when the asker says the docs do not answer it', async () => {
    const harness = await start();
    await setExperts(harness, 'vpn <@U0SAM|sam>');
    harness.mailroom.ctx.knowledge.upsert(
      { title: 'VPN setup', body: 'Install the VPN client from the IT portal.', source: 'written' },
      harness.clock(),
    );
    const found = await slash(harness, 'U0ASKER', '/ask', 'VPN setup');
    expect(found.all).toContain('The team already wrote about this');
    const routed = await click(harness, 'U0ASKER', found.blocks, 'ask_a_person');
    expect(routed.all).toContain('I asked <@U0SAM> (owns the topic “vpn”)');
    expect(routed.all).toContain('<@U0SAM> is working now');
    const again = await click(harness, 'U0ASKER', found.blocks, 'ask_a_person');
    expect(again.all).toContain('already with a person');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);
  });

  it('asks anyway when the asker wants their own question, not the similar one', async () => {
    const harness = await start();
    await setExperts(harness, 'laptop <@U0SAM|sam>');
    await slash(harness, 'U0ASKER', '/ask', 'How do I order a new laptop?');
    const dup = await slash(harness, 'U0FOLLOW', '/ask', 'How do I order a laptop?');
    const own = await click(harness, 'U0FOLLOW', dup.blocks, 'ask_anyway');
    expect(own.all).toContain('I asked <@U0SAM>');
    expect(own.all).toContain('your question is number 2 in their queue');
    expect(harness.mailroom.ctx.questions.open()).toHaveLength(2);
  });

  it('snoozes a question for two working hours and brings it back', async () => {
    const harness = await start(); // 10:00 in New York
    await setExperts(harness, 'expenses <@U0SAM|sam>');
    await slash(harness, 'U0ASKER', '/ask', 'Can I expense a standing desk?');
    await harness.mailroom.tick();
    harness.fake.responses.length = 0;
    await clickInDm(harness, 'U0SAM', 'question_snooze');
    const updated = await harness.fake.waitForResponse();
    expect(updated.body).toMatchObject({ replace_original: true });
    expect(textOf(updated.body.blocks)).toContain(
      'Snoozed: I will bring it back at Mon 12:00 your time.',
    );
    const item = harness.mailroom.ctx.queue.openForRecipient('U0SAM')[0];
    expect(item).toMatchObject({
      state: 'snoozed',
      deliverAfter: Date.parse('2026-03-09T16:00:00Z'),
    });

    harness.clock.set('2026-03-09T15:59:00Z');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);
    harness.clock.set('2026-03-09T16:00:00Z');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(2);
  });

  it('lets admins list and remove experts, and tells others they cannot', async () => {
    const harness = await start();
    await setExperts(harness, 'billing, refunds <@U0PRIYA|priya> <@U0SAM|sam>');
    await setExperts(harness, '<#C0GENERAL|general> <@U0SAM|sam>');
    const listed = await slash(harness, 'U0ASKER', '/mailroom', 'experts');
    expect(listed.all).toContain('“billing”: priya, sam');
    expect(listed.all).toContain('<#C0GENERAL>: sam');

    const refused = await slash(
      harness,
      'U0ASKER',
      '/mailroom',
      'experts add billing <@U0ASKER|asker>',
    );
    expect(refused.all).toContain('Only workspace admins');
    expect(refused.all).toContain('/mailroom experts add billing');

    const removed = await slash(
      harness,
      'U0ADMIN',
      '/mailroom',
      'experts remove billing <@U0SAM|sam>',
    );
    expect(removed.all).toContain('Removed 1 expert assignment');
    expect(removed.all).toContain('“billing”: priya');

    const bot = await slash(
      harness,
      'U0ADMIN',
      '/mailroom',
      'experts add billing <@U0MAILBOT|mailroom>',
    );
    expect(bot.all).toContain('only route to current, human members');
  });

  it('keeps an answer to a question from a private channel inside that channel', async () => {
    const harness = await start();
    await setExperts(harness, 'falcon <@U0SAM|sam>');
    const asked = await slash(
      harness,
      'U0PRIYA',
      '/ask',
      'Who approves the Falcon budget?',
      'C0SECRET',
    );
    expect(asked.all).toContain('I asked <@U0SAM>');
    // Someone outside the private channel asking the same is not shown that channel's question.
    const elsewhere = await slash(harness, 'U0FOLLOW', '/ask', 'Who approves the Falcon budget?');
    expect(elsewhere.all).not.toContain('Someone already asked');
    expect(elsewhere.all).toContain('I asked <@U0SAM>');
    await harness.mailroom.tick();
    await answerAs(harness, 'U0SAM', 'The Falcon budget is approved by the CFO.', 0);
    const doc = harness.mailroom.ctx.knowledge.get(
      harness.mailroom.ctx.questions.get(1)?.documentId ?? 0,
    );
    expect(doc).toMatchObject({ visibility: 'channel', channelId: 'C0SECRET', source: 'answer' });

    const outsider = await slash(harness, 'U0ASKER', '/ask', 'Who approves the Falcon budget?');
    expect(outsider.all).not.toContain('approved by the CFO');
    const insider = await slash(
      harness,
      'U0SAM',
      '/ask',
      'Who approves the Falcon budget?',
      'C0SECRET',
    );
    expect(insider.all).toContain('The team already wrote about this');
  });

  it('asks the channel when every expert has passed, and tells the asker', async () => {
    const harness = await start();
    await setExperts(harness, 'parking <@U0SAM|sam>');
    await slash(harness, 'U0ASKER', '/ask', 'Where is visitor parking?');
    await harness.mailroom.tick();
    await (await reassignAs(harness, 'U0SAM', null))();
    const posted = await harness.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'C0GENERAL',
    );
    expect(textOf(posted.args.blocks)).toContain('Can anyone help?');

    // Anyone in the channel can answer from there.
    const button = findButton(posted.args.blocks, 'question_answer_channel');
    harness.fake.calls.length = 0;
    await harness.sender.blockAction({
      userId: 'U0FOLLOW',
      actionId: 'question_answer_channel',
      value: button.value,
      channelId: 'C0GENERAL',
    });
    const modal = await harness.fake.waitForCall('views.open');
    const answerView = modal.args.view as { callback_id: string; private_metadata: string };
    const sent = await harness.sender.viewSubmission({
      userId: 'U0FOLLOW',
      callbackId: answerView.callback_id,
      privateMetadata: answerView.private_metadata,
      values: {
        answer: { answer_text: { type: 'plain_text_input', value: 'Level -1, bays 20 to 30.' } },
      },
    });
    expect(sent.json()).toMatchObject({ response_action: 'update' });
    await harness.mailroom.tick(); // 14:00 in London: the asker is working
    const dms = harness.fake
      .messagesIn('U0ASKER')
      .map((m) => textOf(m.blocks))
      .join('\n');
    expect(dms).toContain('so I asked in <#C0GENERAL>');
    expect(dms).toContain('Level -1, bays 20 to 30.');
  });

  it('moves a question on when its expert leaves before it reaches them', async () => {
    const harness = await start();
    await setExperts(harness, 'security <@U0PRIYA|priya> <@U0SAM|sam>');
    const asked = await slash(harness, 'U0ASKER', '/ask', 'Who reviews security exceptions?');
    expect(asked.all).toContain('I asked <@U0PRIYA>');
    const gone = { ...users[1], deleted: true } as FakeUser;
    await harness.sender.event(userChangeEvent(gone), { eventId: 'Ev0PRIYAGONE' });
    await eventually(() => expect(harness.mailroom.ctx.members.get('U0PRIYA')?.deleted).toBe(true));

    harness.clock.set('2026-03-10T03:30:00Z'); // Priya's morning: her item is due, but she is gone
    const report = await harness.mailroom.tick();
    expect(report.delivery.undeliverable).toBe(1);
    const question = harness.mailroom.ctx.questions.open()[0];
    expect(question?.routeIndex).toBe(1);
    expect(question?.route[1]?.reason).toContain('priya can’t be reached');
    harness.clock.set('2026-03-10T13:00:00Z'); // 09:00 in New York
    await harness.mailroom.tick();
    expect(textOf(harness.fake.messagesIn('U0SAM').at(-1)?.blocks)).toContain(
      'Who reviews security exceptions?',
    );
    expect(harness.fake.messagesIn('U0PRIYA')).toHaveLength(0);
  });

  it('does not show a private channel’s document to someone outside it', async () => {
    const harness = await start();
    const { knowledge, channels: known } = harness.mailroom.ctx;
    knowledge.upsert(
      {
        title: 'Project Falcon launch date',
        body: 'Falcon launches on 1 April; keep it quiet.',
        source: 'message',
        channelId: 'C0SECRET',
        visibility: 'channel',
      },
      harness.clock(),
    );
    known.setMembers('C0SECRET', ['U0PRIYA', 'U0SAM'], harness.clock());

    const outsider = await slash(harness, 'U0ASKER', '/ask', 'When does Project Falcon launch?');
    expect(outsider.all).not.toContain('Falcon launches');
    expect(outsider.all).not.toContain('Project Falcon launch date');

    const insider = await slash(
      harness,
      'U0SAM',
      '/ask',
      'When does Project Falcon launch?',
      'C0SECRET',
    );
    expect(insider.all).toContain('Project Falcon launch date');
  });

  it('keeps hostile search input safe and still finds what it should', async () => {
    const harness = await start();
    harness.mailroom.ctx.knowledge.upsert(
      {
        title: 'C++ build flags',
        body: 'Use -O2 and -Wall for C++ release builds.',
        source: 'written',
      },
      harness.clock(),
    );
    const hostile = [
      '"what\'s C++ build?" -rm * NEAR(a b) title: OR AND NOT (',
      '🚀🚀 ^build* "" flags',
      'Как собрать C++ build flags? 日本語',
    ];
    for (const text of hostile) {
      const reply = await slash(harness, 'U0ASKER', '/ask', text);
      expect(reply.all).not.toContain('Something went wrong');
      expect(reply.all).toContain('C++ build flags');
    }
    expect(harness.logs.errors()).toEqual([]);
  });

  it('explains bad input and loses nothing that was typed', async () => {
    const harness = await start();
    expect((await slash(harness, 'U0ASKER', '/ask', '   ')).all).toContain(
      '/ask How do I get access',
    );
    const stranger = await slash(harness, 'U0NOBODY', '/ask', 'Where is the wiki?');
    expect(stranger.all).toContain("Mailroom hasn't met you yet");
    expect(stranger.all).toContain('Where is the wiki?');
    const long = 'Why? '.repeat(2500);
    await slash(harness, 'U0ASKER', '/ask', long);
    expect(harness.mailroom.ctx.questions.get(1)?.text).toBe(long.trim());

    const nobody = await slash(
      harness,
      'U0ASKER',
      '/ask',
      'What is the wifi password in the Lisbon office?',
    );
    expect(nobody.all).toContain('I don’t know who could');
    expect(nobody.all).toContain('What is the wifi password in the Lisbon office?');
    const saved = harness.mailroom.ctx.questions.get(2);
    expect(saved?.text).toBe('What is the wifi password in the Lisbon office?');
  });
});
