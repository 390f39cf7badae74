import { afterEach, describe, expect, it } from 'vitest';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appHomeOpenedEvent } from '../../../support/slack-requests.js';

// Monday 2026-03-09 14:00Z: 10:00 in New York, where Sam works 9-17.
const NOW = '2026-03-09T14:00:00Z';
const MINUTE = 60_000;
const minutesLater = (minutes: number) =>
  new Date(Date.parse(NOW) + minutes * MINUTE).toISOString();

const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
  { id: 'U0SAM', name: 'sam', realName: 'Sam Ortiz', tz: 'America/New_York' },
  { id: 'U0FOLLOW', name: 'fola', realName: 'Fola Follower', tz: 'Europe/London' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ana Admin', tz: 'Europe/London', isAdmin: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: users.map((u) => u.id) },
];

/** Matches the expense policy, but not clearly enough to answer from it. */
const QUESTION = 'Can I expense a taxi home after the late client dinner in Lisbon?';
const SIMILAR = 'Can I expense a taxi home after a late client dinner in Lisbon?';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

interface Reply {
  blocks: unknown;
  all: string;
  body: Record<string, unknown>;
}

async function start(env: Record<string, string> = {}): Promise<Harness> {
  h = await startMailroom({ now: NOW, slack: { users, channels }, env });
  const { ctx } = h.mailroom;
  ctx.knowledge.upsert(
    {
      title: 'Expense policy',
      body: 'Meals with a client are expensed up to 60 EUR a person. Keep every receipt.',
      source: 'written',
    },
    h.clock(),
  );
  ctx.knowledge.upsert(
    {
      title: 'Travel in Lisbon',
      body: 'The Lisbon office is near the river; the metro stops at Cais do Sodré.',
      source: 'written',
    },
    h.clock(),
  );
  const added = await slash(h, 'U0ADMIN', '/mailroom', 'experts add expenses <@U0SAM|sam>');
  expect(added.all).toContain('Added');
  return h;
}

async function slash(harness: Harness, userId: string, command: string, text: string) {
  harness.fake.responses.length = 0;
  const response = await harness.sender.slashCommand({
    command,
    text,
    userId,
    channelId: 'C0GENERAL',
  });
  expect(response.status).toBe(200);
  return asReply(await harness.fake.waitForResponse());
}

async function click(harness: Harness, userId: string, blocks: unknown, actionId: string) {
  const button = findButton(blocks, actionId);
  return clickWith(harness, userId, actionId, button.value, button.blockId);
}

async function clickWith(
  harness: Harness,
  userId: string,
  actionId: string,
  value: string,
  blockId = 'ask',
) {
  harness.fake.responses.length = 0;
  const response = await harness.sender.blockAction({
    userId,
    actionId,
    value,
    blockId,
    channelId: 'C0GENERAL',
  });
  expect(response.status).toBe(200);
  return asReply(await harness.fake.waitForResponse());
}

function asReply(reply: { body: Record<string, unknown> }): Reply {
  return {
    blocks: reply.body.blocks,
    all: `${reply.body.text}\n${textOf(reply.body.blocks)}`,
    body: reply.body,
  };
}

async function askHeld(harness: Harness, userId = 'U0ASKER', text = QUESTION): Promise<Reply> {
  const reply = await slash(harness, userId, '/ask', text);
  expect(reply.all).toContain('The docs may answer this');
  expect(reply.all).toContain('Expense policy');
  expect(reply.all).toContain(
    'If none of these answers it, I will ask <@U0SAM> (owns the topic “expenses”) in 10 min; they are working then (America/New_York).',
  );
  return reply;
}

async function homeTextOf(harness: Harness, userId: string): Promise<string> {
  const before = harness.fake.callsTo('views.publish').length;
  await harness.sender.event(appHomeOpenedEvent(userId));
  await eventually(() =>
    expect(harness.fake.callsTo('views.publish').length).toBeGreaterThan(before),
  );
  return textOf((harness.fake.homeViewOf(userId) as { blocks: unknown[] }).blocks);
}

function questionItems(harness: Harness) {
  return harness.mailroom.ctx.queue.openWithKeyPrefix('question:1:');
}

describe('/ask: show, then ask', () => {
  it('withdraws a held question when a shown document answers it: the expert is never asked', async () => {
    const harness = await start();
    const held = await askHeld(harness);
    expect(questionItems(harness)[0]).toMatchObject({
      state: 'queued',
      notBefore: Date.parse(NOW) + 10 * MINUTE,
    });

    expect(await homeTextOf(harness, 'U0SAM')).not.toContain('taxi home');

    const thanks = await click(harness, 'U0ASKER', held.blocks, 'ask_this_answers');
    expect(thanks.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(thanks.all).toContain('I took your question back before anyone was asked.');
    expect(thanks.all).toContain('finds *Expense policy* first');

    harness.clock.set(minutesLater(30));
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(0);
    const { ctx } = harness.mailroom;
    expect(ctx.questions.get(1)).toMatchObject({ state: 'answered', documentId: 1 });
    expect(ctx.queue.get(1)?.state).toBe('skipped');
    expect(ctx.questions.open()).toHaveLength(0);
    const found = ctx.knowledge.search(QUESTION, { isGuest: false, visibleChannelIds: [] }, 1)[0];
    expect(found).toMatchObject({ matchedAlias: true, document: { title: 'Expense policy' } });
  });

  it('sends a held question when the hold has passed, and "This answers it" still settles it for the expert', async () => {
    const harness = await start();
    const held = await askHeld(harness);
    harness.clock.set(minutesLater(9));
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(0);
    harness.clock.set(minutesLater(10));
    await harness.mailroom.tick();
    const dm = harness.fake.messagesIn('U0SAM');
    expect(dm).toHaveLength(1);
    expect(textOf(dm[0]?.blocks)).toContain('taxi home after the late client dinner');
    expect(await homeTextOf(harness, 'U0SAM')).toContain('taxi home after the late client dinner');

    const settled = await click(harness, 'U0ASKER', held.blocks, 'ask_this_answers');
    expect(settled.all).toContain('<@U0SAM> already had your question; I told them it is settled.');
    const update = await harness.fake.waitForCall('chat.update');
    expect(update.args).toMatchObject({ channel: 'D0SAM', ts: dm[0]?.ts });
    expect(textOf(update.args.blocks)).toContain('Settled: <@U0ASKER> found the answer');
    expect(harness.mailroom.ctx.queue.get(1)?.state).toBe('done');
    expect(harness.mailroom.ctx.questions.get(1)?.state).toBe('answered');
  });

  it('sends a held question at once on "Ask now"', async () => {
    const harness = await start();
    const held = await askHeld(harness);
    const sent = await click(harness, 'U0ASKER', held.blocks, 'ask_now');
    expect(sent.body).toMatchObject({ replace_original: true });
    expect(sent.all).toContain('Sent now, so I asked <@U0SAM> (owns the topic “expenses”).');
    expect(sent.all).toContain('<@U0SAM> is working now');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);

    const again = await click(harness, 'U0ASKER', held.blocks, 'ask_now');
    expect(again.all).toContain('already gone to a person');
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);
  });

  it('routes at once, without a hold, when nothing matched at all', async () => {
    const harness = await start();
    await slash(harness, 'U0ADMIN', '/mailroom', 'experts add <#C0GENERAL|general> <@U0SAM|sam>');
    const reply = await slash(harness, 'U0ASKER', '/ask', 'Who approves overtime on weekends?');
    expect(reply.all).not.toContain('The docs may answer this');
    expect(reply.all).toContain('I asked <@U0SAM>');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);
  });

  it('offers a held question to follow, and tells its follower when the asker finds the answer', async () => {
    const harness = await start();
    const held = await askHeld(harness);
    const dup = await slash(harness, 'U0FOLLOW', '/ask', SIMILAR);
    expect(dup.all).toContain('Someone already asked something very like this');
    const followed = await click(harness, 'U0FOLLOW', dup.blocks, 'ask_follow');
    expect(followed.all).toContain('You are following this question');

    await click(harness, 'U0ASKER', held.blocks, 'ask_this_answers');
    harness.clock.set(minutesLater(30));
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(0);
    const told = harness.fake.messagesIn('U0FOLLOW').at(-1);
    expect(textOf(told?.blocks)).toContain('answered from the team’s docs');
    // The follower's own wording finds the document too.
    expect(harness.mailroom.ctx.knowledge.aliasesOf(1).join('\n')).toMatch(
      /after a late client dinner in lisbon/i,
    );
  });

  it('refuses another person’s buttons on a held question, and keeps it held', async () => {
    const harness = await start();
    await askHeld(harness);
    const forgedAnswer = await clickWith(harness, 'U0FOLLOW', 'ask_this_answers', '1:1');
    expect(forgedAnswer.all).toContain('I can’t find that question');
    const forgedNow = await clickWith(harness, 'U0FOLLOW', 'ask_now', '1');
    expect(forgedNow.all).toContain('I can’t find that question');
    const missing = await clickWith(harness, 'U0ASKER', 'ask_now', '999');
    expect(missing.all).toContain('I can’t find that question');
    expect(questionItems(harness)[0]).toMatchObject({
      state: 'queued',
      notBefore: Date.parse(NOW) + 10 * MINUTE,
    });
    expect(harness.mailroom.ctx.questions.get(1)?.state).toBe('open');
  });

  it('holds for ASK_HOLD_MINUTES', async () => {
    const harness = await start({ ASK_HOLD_MINUTES: '3' });
    const reply = await slash(harness, 'U0ASKER', '/ask', QUESTION);
    expect(reply.all).toContain('I will ask <@U0SAM> (owns the topic “expenses”) in 3 min');
    harness.clock.set(minutesLater(3));
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);
  });
});

describe('the answer keeps every wording', () => {
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
    const result = await harness.sender.viewSubmission({
      userId,
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { answer: { answer_text: { type: 'plain_text_input', value: answer } } },
    });
    expect(result.status).toBe(200);
  }

  it('keeps the asker’s and each follower’s wording as aliases of the answer, but not wording from a private conversation', async () => {
    h = await startMailroom({
      now: NOW,
      slack: {
        users,
        channels: [
          ...channels,
          { id: 'C0PRIVATE', name: 'private', isPrivate: true, members: ['U0ADMIN', 'U0SAM'] },
        ],
      },
    });
    const harness = h;
    await slash(harness, 'U0ADMIN', '/mailroom', 'experts add parking <@U0SAM|sam>');
    const asked = await slash(harness, 'U0ASKER', '/ask', 'Where is visitor parking for cars?');
    expect(asked.all).toContain('I asked <@U0SAM>');
    const dup = await slash(harness, 'U0FOLLOW', '/ask', 'Where is the parking for visitor cars?');
    await click(harness, 'U0FOLLOW', dup.blocks, 'ask_follow');
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/ask',
      text: 'Where is visitor parking for Falcon guest cars?',
      userId: 'U0ADMIN',
      channelId: 'C0PRIVATE',
    });
    const secret = asReply(await harness.fake.waitForResponse());
    expect(secret.all).toContain('Someone already asked something very like this');
    await click(harness, 'U0ADMIN', secret.blocks, 'ask_follow');

    await harness.mailroom.tick();
    await answerAs(harness, 'U0SAM', 'Visitor parking is on level -1.');
    const { ctx } = harness.mailroom;
    expect(
      ctx.questions
        .followers(1)
        .map((f) => f.userId)
        .sort(),
    ).toEqual(['U0ADMIN', 'U0ASKER', 'U0FOLLOW']);
    const documentId = ctx.questions.get(1)?.documentId ?? 0;
    expect(ctx.knowledge.get(documentId)?.title).toBe('Where is visitor parking for cars?');
    const aliases = ctx.knowledge.aliasesOf(documentId).join('\n');
    expect(aliases).toMatch(/where is visitor parking for cars/i);
    expect(aliases).toMatch(/where is the parking for visitor cars/i);
    expect(aliases).not.toMatch(/falcon/i);
  });
});
