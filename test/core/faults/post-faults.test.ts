/**
 * Posts into conversations (thread replies to mentions, reminders in a DM's thread) against the
 * real process: each goes out exactly once whatever Slack loses, and a Slack outage stalls
 * neither the tick nor, once Slack is back, delivery.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/core/store/db.js';
import { MemberRepository } from '../../../src/core/store/member-repository.js';
import { QueueRepository } from '../../../src/core/store/queue-repository.js';
import { QuestionRepository } from '../../../src/features/ask/store/question-repository.js';
import { FakeSlack, type FakeUser, type StoredMessage } from '../../support/fake-slack.js';
import {
  type MailroomProcess,
  settles,
  spawnMailroom,
  tickUntil as tickUntilPasses,
} from '../../support/process-harness.js';
import { appMentionEvent, SlackSender } from '../../support/slack-requests.js';
import { profile, tempDatabasePath, testClock } from '../../support/store.js';

const T0 = '2026-03-09T10:00:00Z'; // a Monday, in everyone's working hours (UTC)
const MINUTE = 60_000;
const CHANNEL = 'C0TEAM';
const ASKER = 'U0ASKER';
const EXPERT = 'U0EXPERT';

interface World {
  fake: FakeSlack;
  clock: ReturnType<typeof testClock>;
  databasePath: string;
  db: Db;
  queue: QueueRepository;
}

let world: World | undefined;
const processes: MailroomProcess[] = [];

afterEach(async () => {
  for (const child of processes.splice(0)) {
    if (child.child.exitCode === null && child.child.signalCode === null)
      await child.kill('SIGKILL');
  }
  world?.db.$client.close();
  await world?.fake.stop();
  world = undefined;
});

async function setUp(): Promise<World> {
  const clock = testClock(T0);
  const users: FakeUser[] = [
    { id: ASKER, name: 'asker', tz: 'UTC' },
    { id: EXPERT, name: 'expert', tz: 'UTC' },
  ];
  const fake = await FakeSlack.start({
    users,
    now: clock,
    channels: [
      {
        id: CHANNEL,
        name: 'team',
        members: [ASKER, EXPERT, 'U0MAILBOT'],
      },
    ],
  });
  const databasePath = tempDatabasePath();
  const db = openDatabase(databasePath);
  new MemberRepository(db).upsertProfiles(
    users.map((u) => profile(u.id, { name: u.name })),
    clock(),
  );
  world = { fake, clock, databasePath, db, queue: new QueueRepository(db) };
  return world;
}

async function start(w: World) {
  const child = await spawnMailroom({
    fake: w.fake,
    databasePath: w.databasePath,
    now: w.clock(),
    delivery: {
      rates: {
        perConversation: { perMinute: 600, burst: 20 },
        perWorkspace: { perMinute: 60_000, burst: 1000 },
        lookups: { perMinute: 600, burst: 50 },
      },
    },
  });
  processes.push(child);
  return child;
}

/** Moves the shared clock on and runs one tick; returns how long the tick took (real ms). */
async function tick(w: World, child: MailroomProcess, advanceMs = MINUTE): Promise<number> {
  w.clock.advance(advanceMs);
  await child.setClock(w.clock());
  const began = performance.now();
  await child.tick();
  return performance.now() - began;
}

/** Ticks a minute at a time until `check` passes (each tick given a moment to send). */
const tickUntil = (w: World, child: MailroomProcess, check: () => void) =>
  tickUntilPasses(() => tick(w, child), check, { maxTicks: 10, settleMs: 1500 });

function botId(fake: FakeSlack): string {
  return fake.identity.botUserId;
}

function mentionOf(fake: FakeSlack, text: string): StoredMessage {
  return fake.seedMessage(CHANNEL, { user: ASKER, text: `<@${botId(fake)}> ${text}` });
}

function sendMention(
  child: MailroomProcess,
  asked: StoredMessage,
  eventId: string,
  retryNum?: number,
) {
  const sender = new SlackSender({
    url: `http://127.0.0.1:${child.port}/slack/events`,
    signingSecret: 'process-secret',
  });
  const event = appMentionEvent({
    userId: ASKER,
    channelId: CHANNEL,
    text: asked.text,
    ts: asked.ts,
  });
  return sender.event(event, { eventId, ...(retryNum === undefined ? {} : { retryNum }) });
}

/** Mailroom's replies in the thread of `parent`. */
function repliesTo(fake: FakeSlack, parent: StoredMessage): StoredMessage[] {
  return fake
    .messagesIn(parent.channel)
    .filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts);
}

describe('a mention’s reply in its thread, in the real process', () => {
  it.each([
    ['Slack stores it and the answer is lost', true],
    ['the connection drops before Slack stores it', false],
  ])(
    '%s: exactly one reply',
    async (_case, afterProcessing) => {
      const w = await setUp();
      w.fake.hang('chat.postMessage', {
        match: (args) => args.channel === CHANNEL,
        afterProcessing,
      });
      const child = await start(w);
      const asked = mentionOf(w.fake, 'How do refunds work for annual billing?');
      expect((await sendMention(child, asked, 'Ev0MENTION1')).status).toBe(200);
      await settles(() => expect(w.fake.hungCalls).toBe(1), 20_000);
      expect(w.fake.hungCalls).toBe(1);
      w.fake.releaseHung(); // the connection drops

      await tickUntil(w, child, () => expect(repliesTo(w.fake, asked)).toHaveLength(1));
      for (let i = 0; i < 3; i++) await tick(w, child);
      expect(repliesTo(w.fake, asked)).toHaveLength(1);
      expect(w.fake.callsTo('conversations.replies').length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('SIGKILL with the reply in flight, restart, Slack’s retry of the event: answered once', async () => {
    const w = await setUp();
    w.fake.hang('chat.postMessage', {
      match: (args) => args.channel === CHANNEL,
      afterProcessing: true,
    });
    const first = await start(w);
    const asked = mentionOf(w.fake, 'Who owns the billing service?');
    await sendMention(first, asked, 'Ev0MENTION2');
    await settles(() => expect(w.fake.hungCalls).toBe(1), 20_000);
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    w.fake.releaseHung();

    const second = await start(w);
    // Slack never got an answer to its event either: it sends it again.
    expect((await sendMention(second, asked, 'Ev0MENTION2', 1)).status).toBe(200);
    await tickUntil(w, second, () => expect(repliesTo(w.fake, asked)).toHaveLength(1));
    for (let i = 0; i < 3; i++) await tick(w, second);
    expect(repliesTo(w.fake, asked)).toHaveLength(1);
  }, 60_000);
});

/**
 * Questions delivered to the expert, each past its due time: each gets one reminder, or with
 * `reminded` (asked in `channelId`, the expert its only one) is put to its channel.
 */
function overdueQuestions(
  w: World,
  count: number,
  options: { reminded?: boolean; channelId?: string } = {},
): { itemId: number; parent: StoredMessage }[] {
  const questions = new QuestionRepository(w.db);
  const now = w.clock();
  return Array.from({ length: count }, (_, i) => {
    const draft = questions.create(
      {
        askerId: ASKER,
        text: `Question ${i} about billing?`,
        channelId: options.channelId ?? null,
      },
      now,
    );
    const question = questions.update(draft.id, ['draft'], {
      state: 'open',
      route: [{ memberId: EXPERT, reason: 'billing' }],
      routeIndex: 0,
      updatedAt: now,
    });
    if (!question) throw new Error('the question did not open');
    const parent = w.fake.seedMessage(EXPERT, {
      user: botId(w.fake),
      bot_id: w.fake.identity.botId,
      text: `Question ${i}`,
    });
    const { item } = w.queue.enqueue(
      {
        kind: 'question',
        recipientId: EXPERT,
        requesterId: ASKER,
        payload: { questionId: question.id, text: question.text, reason: 'billing' },
        deliverAfter: now - 5 * MINUTE,
        dueBy: now - MINUTE,
        idempotencyKey: `question:${question.id}:0`,
      },
      now - 5 * MINUTE,
    );
    const claimed = w.queue.claimNext(now, 'setup');
    expect(claimed?.id).toBe(item.id);
    w.queue.markDelivered(item.id, 'setup', { channel: parent.channel, ts: parent.ts, at: now });
    const delivered = w.queue.get(item.id);
    if (options.reminded && delivered) {
      w.queue.transition(delivered, 'delivered', now, { escalationLevel: 1 });
    }
    return { itemId: item.id, parent };
  });
}

function expectOneReminderEach(w: World, asked: { parent: StoredMessage }[]) {
  const counts = asked.map(({ parent }) => repliesTo(w.fake, parent).length);
  expect(counts).toEqual(asked.map(() => 1));
}

describe('reminders, in the real process', () => {
  it.each([
    ['Slack stores it and the answer is lost', true],
    ['the connection drops before Slack stores it', false],
  ])(
    '%s: exactly one reminder',
    async (_case, afterProcessing) => {
      const w = await setUp();
      const asked = overdueQuestions(w, 1);
      w.fake.hang('chat.postMessage', { afterProcessing });
      const child = await start(w);
      await tick(w, child, 0);
      await settles(() => expect(w.fake.hungCalls).toBe(1), 20_000);
      expect(w.fake.hungCalls).toBe(1);
      w.fake.releaseHung();
      await tickUntil(w, child, () => expectOneReminderEach(w, asked));
      for (let i = 0; i < 3; i++) await tick(w, child);
      expectOneReminderEach(w, asked);
    },
    60_000,
  );

  it.each([
    ['Slack stores it and the answer is lost', true],
    ['the connection drops before Slack stores it', false],
  ])(
    '%s: a question put to its channel once',
    async (_case, afterProcessing) => {
      const w = await setUp();
      overdueQuestions(w, 1, { reminded: true, channelId: CHANNEL });
      w.fake.hang('chat.postMessage', {
        match: (args) => args.channel === CHANNEL,
        afterProcessing,
      });
      const child = await start(w);
      await tick(w, child, 0);
      await settles(() => expect(w.fake.hungCalls).toBe(1), 20_000);
      expect(w.fake.hungCalls).toBe(1);
      w.fake.releaseHung();
      const askedInChannel = () =>
        w.fake.messagesIn(CHANNEL).filter((m) => m.text.startsWith('Can anyone help?'));
      await tickUntil(w, child, () => expect(askedInChannel()).toHaveLength(1));
      for (let i = 0; i < 3; i++) await tick(w, child);
      expect(askedInChannel()).toHaveLength(1);
    },
    60_000,
  );

  it.each(['refused', 'hanging'] as const)(
    'Slack down (%s) for 2 minutes with 20 overdue: no tick over 5 s, /healthz says so, then each reminder once within a minute',
    async (how) => {
      const w = await setUp();
      const asked = overdueQuestions(w, 20);
      const child = await start(w);
      await w.fake.goDown(how);
      const durations: number[] = [];
      durations.push(await tick(w, child, 0));
      // Long enough for the calls in flight to run into their 10 s timeout.
      await new Promise((resolve) => setTimeout(resolve, how === 'hanging' ? 11_000 : 500));
      durations.push(await tick(w, child));
      await new Promise((resolve) => setTimeout(resolve, how === 'hanging' ? 11_000 : 500));
      durations.push(await tick(w, child));
      const down = await child.health();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ok: false, slack: { reachable: false } });
      expect(String(down.body.problems)).toContain('Slack has not answered since');
      expect((down.body.tick as { lastCompletedAt: string }).lastCompletedAt).toBe(
        new Date(w.clock()).toISOString(),
      );
      expect(Math.max(...durations)).toBeLessThan(5000);
      expect(asked.every(({ parent }) => repliesTo(w.fake, parent).length === 0)).toBe(true);

      await w.fake.comeBack();
      durations.push(await tick(w, child));
      expect(await settles(() => expectOneReminderEach(w, asked), 15_000)).toBe(true);
      expect(Math.max(...durations)).toBeLessThan(5000);
      for (let i = 0; i < 2; i++) await tick(w, child);
      expectOneReminderEach(w, asked);
      const up = await child.health();
      expect(up.body).toMatchObject({ ok: true, slack: { token: 'accepted', reachable: true } });
    },
    90_000,
  );
});
