import { afterEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../support/harness.js';
import {
  appHomeOpenedEvent,
  teamJoinEvent,
  userChangeEvent,
} from '../../support/slack-requests.js';

const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'America/New_York' },
  { id: 'U0BIKRAM', name: 'bikram', realName: 'Bikram Thapa', tz: 'Asia/Kathmandu' },
  { id: 'U0CARA', name: 'cara', realName: 'Cara Lee', tz: 'Europe/London' },
  { id: 'U0GUEST', name: 'guest', realName: 'Gus Guest', tz: null },
  { id: 'U0GONE', name: 'gone', realName: 'Former Person', tz: 'UTC', deleted: true },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function enqueueNotice(harness: Harness, recipientId: string, key: string) {
  const { ctx } = harness.mailroom;
  return ctx.queue.enqueue(
    {
      kind: 'notice',
      recipientId,
      payload: { text: `Item ${key} for you` },
      deliverAfter: ctx.clock(),
      idempotencyKey: key,
    },
    ctx.clock(),
  ).item;
}

/** Sends `/mailroom <text>` as `userId` and returns the ephemeral reply. */
async function mailroom(harness: Harness, userId: string, text: string) {
  harness.fake.reset();
  const { status } = await harness.sender.slashCommand({
    command: '/mailroom',
    text,
    userId,
    channelId: 'C0GENERAL',
  });
  const reply = await harness.fake.waitForResponse();
  return { status, body: reply.body, text: String(reply.body.text) };
}

describe('the HTTP receiver', () => {
  it('rejects a bad signature and a stale timestamp, and answers /healthz', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    const body = new URLSearchParams({
      command: '/mailroom',
      text: 'help',
      user_id: 'U0ALICE',
    }).toString();
    const forged = await h.sender.raw(body, {
      contentType: 'application/x-www-form-urlencoded',
      secret: 'not-the-secret',
    });
    expect(forged.status).toBe(401);
    const stale = await h.sender.raw(body, {
      contentType: 'application/x-www-form-urlencoded',
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    expect(h.fake.responses).toHaveLength(0);

    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      database: 'reachable',
      delivery: { state: 'idle', sending: 0 },
      slack: { token: 'accepted' },
      problems: [],
    });
  });
});

describe('the directory', () => {
  it('is read at start with paginated users.list, never users.info per person', async () => {
    h = await startMailroom({
      now: '2026-03-09T14:00:00Z',
      slack: { users: people, usersPageSize: 2 },
    });
    const { members } = h.mailroom.ctx;
    expect(h.fake.callsTo('users.list').length).toBeGreaterThanOrEqual(3);
    expect(h.fake.callsTo('users.info')).toHaveLength(0);
    expect(members.get('U0BIKRAM')).toMatchObject({
      realName: 'Bikram Thapa',
      timeZone: 'Asia/Kathmandu',
    });
    expect(members.get('U0GUEST')?.timeZone).toBeNull();
    expect(members.get('U0GONE')?.deleted).toBe(true);
    expect(members.get('USLACKBOT')?.isBot).toBe(true);
  });

  it('follows user_change and team_join, and a retried event has no second effect', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    const moved = { ...people[2], tz: 'Asia/Tokyo' } as FakeUser;
    const change = await h.sender.event(userChangeEvent(moved), { eventId: 'Ev0CHANGE' });
    expect(change.status).toBe(200);
    await eventually(() =>
      expect(h?.mailroom.ctx.members.get('U0CARA')?.timeZone).toBe('Asia/Tokyo'),
    );

    const newcomer: FakeUser = {
      id: 'U0NEW',
      name: 'newbie',
      realName: 'New Person',
      tz: 'Europe/Berlin',
    };
    h.fake.addUser(newcomer);
    await h.sender.event(teamJoinEvent(newcomer), { eventId: 'Ev0JOIN' });
    await h.sender.event(teamJoinEvent(newcomer), {
      eventId: 'Ev0JOIN',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    await h.sender.event(teamJoinEvent(newcomer), {
      eventId: 'Ev0JOIN',
      retryNum: 2,
      retryReason: 'http_error',
    });
    await eventually(() =>
      expect(h?.mailroom.ctx.members.get('U0NEW')?.timeZone).toBe('Europe/Berlin'),
    );
    expect(h.mailroom.ctx.queue.openForRecipient('U0NEW')).toHaveLength(1);
  });
});

describe('delivery', () => {
  it('DMs a queued item only inside the recipient’s working hours, across a DST change', async () => {
    // Sunday 2026-03-08 is spring-forward day in New York; Alice starts Monday 09:00 EDT = 13:00Z.
    h = await startMailroom({ now: '2026-03-08T15:00:00Z', slack: { users: people } });
    const item = enqueueNotice(h, 'U0ALICE', 'dst-1');
    expect(item.deliverAfter).toBe(Date.parse('2026-03-08T15:00:00Z'));

    await h.mailroom.tick();
    h.clock.set('2026-03-09T12:59:00Z');
    await h.mailroom.tick();
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.mailroom.ctx.queue.get(item.id)?.deliverAfter).toBe(
      Date.parse('2026-03-09T13:00:00Z'),
    );

    h.clock.set('2026-03-09T13:00:00Z');
    const report = await h.mailroom.tick();
    expect(report.delivery.delivered).toBe(1);
    const [post] = h.fake.callsTo('chat.postMessage');
    expect(post?.args).toMatchObject({
      channel: 'U0ALICE',
      text: 'Item dst-1 for you',
      metadata: { event_type: 'mailroom_queue_item', event_payload: { idempotency_key: 'dst-1' } },
    });
    expect(h.fake.messagesIn('U0ALICE')).toHaveLength(1);
    expect(h.mailroom.ctx.queue.get(item.id)).toMatchObject({
      state: 'delivered',
      deliveredChannel: 'D0ALICE',
    });

    await h.mailroom.tick();
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('tells someone without a Slack time zone that the team default is used', async () => {
    h = await startMailroom({ now: '2026-03-09T10:00:00Z', slack: { users: people } });
    enqueueNotice(h, 'U0GUEST', 'tz-null');
    await h.mailroom.tick();
    const post = await h.fake.waitForCall('chat.postMessage');
    expect(JSON.stringify(post.args.blocks)).toContain(
      "Slack profile has no time zone, so Mailroom uses the team's (UTC)",
    );
  });

  it('waits out a 429 with Retry-After and still delivers exactly once', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    const item = enqueueNotice(h, 'U0ALICE', 'rate-limited');
    h.fake.rateLimitNext('chat.postMessage', { retryAfterSeconds: 1 });
    const report = await h.mailroom.tick();
    expect(report.delivery.delivered).toBe(1);
    const attempts = h.fake.callsTo('chat.postMessage');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(h.fake.messagesIn('U0ALICE')).toHaveLength(1);
    expect(h.mailroom.ctx.queue.get(item.id)?.state).toBe('delivered');
  });

  it('after a crash between posting and recording, recovers from Slack instead of posting twice', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    const item = enqueueNotice(h, 'U0CARA', 'crash-1');
    const { queue } = h.mailroom.ctx;
    const record = queue.markDelivered.bind(queue);
    queue.markDelivered = () => {
      throw new Error('process killed');
    };
    await h.mailroom.tick();
    queue.markDelivered = record;
    expect(h.fake.messagesIn('U0CARA')).toHaveLength(1);
    expect(queue.get(item.id)?.state).toBe('sending');

    h.clock.advance(11 * 60_000);
    const report = await h.mailroom.tick();
    expect(report.delivery.recovered).toBe(1);
    expect(h.fake.messagesIn('U0CARA')).toHaveLength(1);
    expect(h.fake.callsTo('conversations.history')[0]?.args).toMatchObject({
      include_all_metadata: 'true',
    });
    expect(queue.get(item.id)?.state).toBe('delivered');
  });

  it('skips a deactivated recipient instead of retrying forever', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    const item = enqueueNotice(h, 'U0GONE', 'gone-1');
    const report = await h.mailroom.tick();
    expect(report.delivery.undeliverable).toBe(1);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.mailroom.ctx.queue.get(item.id)).toMatchObject({
      state: 'skipped',
      lastError: 'the recipient is deactivated or a bot',
    });
  });
});

describe('App Home and /mailroom', () => {
  it('publishes the Home tab once per event, even when Slack retries it', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    await h.sender.event(appHomeOpenedEvent('U0ALICE'), { eventId: 'Ev0HOME' });
    await h.fake.waitForCall('views.publish');
    await h.sender.event(appHomeOpenedEvent('U0ALICE'), {
      eventId: 'Ev0HOME',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    await h.sender.event(appHomeOpenedEvent('U0ALICE'), { eventId: 'Ev0HOME2' });
    await eventually(() => expect(h?.fake.callsTo('views.publish')).toHaveLength(2));
    const home = h.fake.homeViewOf('U0ALICE');
    expect(JSON.stringify(home)).toContain('09:00–17:00 Mon–Fri, America/New_York');
  });

  it('sets working hours, refreshes the Home tab, and explains bad input without losing it', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    const saved = await mailroom(h, 'U0ALICE', 'hours 10:00-18:30 mon-thu');
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ response_type: 'ephemeral' });
    expect(saved.text).toContain('10:00–18:30 Mon–Thu');
    expect(h.mailroom.ctx.members.get('U0ALICE')?.workingWindows).toEqual(
      [1, 2, 3, 4].map((day) => ({ day, startMinute: 600, endMinute: 1110 })),
    );
    await h.fake.waitForCall('views.publish');

    const refused = await mailroom(h, 'U0ALICE', 'hours 9-17 monkey');
    expect(refused.text).toContain('I didn’t understand “monkey”');
    expect(refused.text).toContain('/mailroom hours 9-17 monkey');
    expect(h.mailroom.ctx.members.get('U0ALICE')?.workingWindows[0]?.startMinute).toBe(600);
  });

  it('answers someone the directory does not know yet, kindly', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    expect((await mailroom(h, 'U0STRANGER', 'me')).text).toContain("Mailroom hasn't met you yet");
  });

  it('shows help for an empty or unknown subcommand', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    expect((await mailroom(h, 'U0ALICE', '')).text).toContain('/mailroom hours');
    expect((await mailroom(h, 'U0ALICE', '<script>')).text).toContain(
      "I don't know `&lt;script&gt;`",
    );
  });
});
