/**
 * Faults, against the real process: Mailroom runs as a child (test/support/mailroom-process.ts)
 * on the fake Slack, with its clock and its ticks driven from here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIRECTORY_SYNCED_AT } from '../../../src/core/services/directory.js';
import { AppStateRepository } from '../../../src/core/store/app-state-repository.js';
import { type Db, openDatabase } from '../../../src/core/store/db.js';
import { MemberRepository } from '../../../src/core/store/member-repository.js';
import { QueueRepository } from '../../../src/core/store/queue-repository.js';
import { FakeSlack, type FakeUser } from '../../support/fake-slack.js';
import {
  type MailroomProcess,
  settles,
  spawnMailroom,
  tickUntil as tickUntilPasses,
} from '../../support/process-harness.js';
import { profile, tempDatabasePath, testClock } from '../../support/store.js';

const T0 = '2026-03-09T10:00:00Z'; // a Monday, in everyone's working hours (UTC)
const MINUTE = 60_000;

interface World {
  fake: FakeSlack;
  clock: ReturnType<typeof testClock>;
  databasePath: string;
  db: Db;
  queue: QueueRepository;
  keys: string[];
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

const userId = (n: number) => `U${String(n).padStart(2, '0')}PERSON`;

/**
 * A workspace Mailroom already knows (its directory is in the database) with `perPerson` due
 * notices for each of `people` people.
 */
async function setUp(people: number, perPerson: number): Promise<World> {
  const clock = testClock(T0);
  const users: FakeUser[] = Array.from({ length: people }, (_, i) => ({
    id: userId(i),
    name: `person${i}`,
    tz: 'UTC',
  }));
  const fake = await FakeSlack.start({ users, now: clock });
  const databasePath = tempDatabasePath();
  const db = openDatabase(databasePath);
  new MemberRepository(db).upsertProfiles(
    users.map((u) => profile(u.id, { name: u.name })),
    clock(),
  );
  const queue = new QueueRepository(db);
  const keys: string[] = [];
  for (let n = 0; n < perPerson; n++) {
    for (const user of users) {
      const key = `wave:${user.id}:${n}`;
      queue.enqueue(
        {
          kind: 'notice',
          recipientId: user.id,
          payload: { text: `Notice ${n} for ${user.name}` },
          deliverAfter: clock(),
          idempotencyKey: key,
        },
        clock(),
      );
      keys.push(key);
    }
  }
  world = { fake, clock, databasePath, db, queue, keys };
  return world;
}

async function start(w: World, options: { slackTimeoutMs?: number } = {}) {
  const child = await spawnMailroom({
    fake: w.fake,
    databasePath: w.databasePath,
    now: w.clock(),
    slackTimeoutMs: options.slackTimeoutMs,
    // A fake workspace: as fast as Slack lets one conversation go, no workspace-wide cap.
    delivery: {
      rates: {
        perConversation: { perMinute: 60, burst: 3 },
        perWorkspace: { perMinute: 60_000, burst: 1000 },
        lookups: { perMinute: 600, burst: 50 },
      },
    },
  });
  processes.push(child);
  return child;
}

/** Moves the shared clock on (the fake's and the child's) and runs one tick. */
async function tick(w: World, child: MailroomProcess, advanceMs = MINUTE) {
  w.clock.advance(advanceMs);
  await child.setClock(w.clock());
  await child.tick();
}

/** Successful chat.postMessage calls per idempotency key, from the fake's call log. */
function postsByKey(fake: FakeSlack): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.callsTo('chat.postMessage')) {
    if (call.response.ok !== true) continue;
    const metadata = call.args.metadata as { event_payload?: { idempotency_key?: string } };
    const key = String(metadata?.event_payload?.idempotency_key);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function sentTo(fake: FakeSlack, user: string): number {
  return fake
    .callsTo('chat.postMessage')
    .filter((call) => call.args.channel === user && call.response.ok === true).length;
}

/** Ticks a minute at a time until `check` passes (each tick given a moment to send). */
const tickUntil = (w: World, child: MailroomProcess, check: () => void) =>
  tickUntilPasses(() => tick(w, child), check, { maxTicks: 40, settleMs: 1000 });

/** Slack got each item exactly once, and Mailroom recorded each as delivered. */
function expectEachDeliveredOnce(w: World) {
  const posts = postsByKey(w.fake);
  const wrong = w.keys.filter((key) => posts.get(key) !== 1);
  expect(wrong, `not delivered exactly once: ${wrong.slice(0, 5).join(', ')}`).toEqual([]);
  expect(posts.size).toBe(w.keys.length);
  expect(w.queue.countByState()).toEqual({ delivered: w.keys.length });
}

describe('delivery faults, in the real process', () => {
  it('(1) a hung chat.postMessage holds up no one else, /healthz reports it, and it is sent once', async () => {
    const w = await setUp(10, 2);
    const hung = userId(3);
    w.fake.hang('chat.postMessage', { match: (args) => args.channel === hung });
    const child = await start(w, { slackTimeoutMs: 20_000 });

    await tick(w, child, 0);
    await tick(w, child); // the second tick
    const others = w.keys.filter((key) => !key.includes(hung));
    await settles(() => expect(postsByKey(w.fake).size).toBe(others.length), 10_000);
    expect([...postsByKey(w.fake).keys()].sort()).toEqual(others.sort());
    expect(w.fake.hungCalls).toBe(1);

    w.clock.advance(MINUTE);
    await child.setClock(w.clock());
    const stalled = await child.health();
    expect(stalled.status).toBe(503);
    expect(stalled.body).toMatchObject({ ok: false, delivery: { state: 'stalled', sending: 1 } });
    expect(String(stalled.body.problems)).toContain('a send has waited on Slack for 120 s');
    // The port Slack reaches names no one (the admin port's /healthz says which item waits).
    expect(JSON.stringify(stalled.body)).not.toContain(hung);

    // The call's timeout ends the hang; the item is looked up before it goes out again.
    await settles(() => expect(w.fake.hungCalls).toBe(0), 30_000);
    w.fake.releaseHung();
    await tickUntil(w, child, () => expectEachDeliveredOnce(w));
    expect(w.fake.callsTo('conversations.history').length).toBeGreaterThan(0);
    await tick(w, child);
    const healthy = await child.health();
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ ok: true, delivery: { state: 'idle', sending: 0 } });
  }, 60_000);

  it.each(['unavailable', 'refused'] as const)(
    '(2) Slack down (%s) for a few minutes, then back: everything delivered once',
    async (how) => {
      const w = await setUp(10, 3);
      // Down before Mailroom starts (it would otherwise deliver all at start), with a directory
      // it knows already (a first install would wait for Slack to learn it).
      new AppStateRepository(w.db).set(DIRECTORY_SYNCED_AT, String(w.clock()), w.clock());
      await w.fake.goDown(how);
      const child = await start(w);
      for (let i = 0; i < 4; i++) await tick(w, child);
      expect(postsByKey(w.fake).size).toBe(0);
      await w.fake.comeBack();
      await tickUntil(w, child, () => expectEachDeliveredOnce(w));
    },
    60_000,
  );

  it.each(['token_revoked', 'account_inactive', 'invalid_auth'])(
    '(3) a refused token (%s) pauses delivery, shows in /healthz, skips and reroutes nothing, and resumes',
    async (error) => {
      const w = await setUp(10, 2);
      w.fake.revokeToken(error); // uninstalled or rotated while it was stopped
      const child = await start(w);
      await tick(w, child, 0);
      await tick(w, child);
      const paused = await child.health();
      expect(paused.status).toBe(503);
      expect(paused.body).toMatchObject({
        ok: false,
        delivery: { state: 'paused' },
        slack: { token: 'refused', error },
      });
      expect(String(paused.body.problems)).toContain('SLACK_BOT_TOKEN');
      const triedWhilePaused = w.fake.callsTo('chat.postMessage').length;
      await tick(w, child);
      await tick(w, child);
      expect(w.fake.callsTo('chat.postMessage')).toHaveLength(triedWhilePaused);
      expect(w.fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(2);
      const items = w.keys.map((key) => w.queue.findByKey(key));
      expect(items.every((item) => item?.state === 'queued' && item.attempts === 0)).toBe(true);

      w.fake.restoreToken();
      await tickUntil(w, child, () => expectEachDeliveredOnce(w));
      expect((await child.health()).body).toMatchObject({ ok: true, slack: { token: 'accepted' } });
    },
    60_000,
  );

  it.each([1, 15])(
    '(4) SIGKILL in the middle of a wave of 200, restarted %i minutes later: each item delivered exactly once',
    async (minutes) => {
      const w = await setUp(20, 10);
      // One message is posted but its answer never comes back: posted, not recorded.
      const lost = userId(5);
      w.fake.hang('chat.postMessage', {
        match: (args) => args.channel === lost,
        afterProcessing: true,
      });
      const first = await start(w);
      await tick(w, first, 0);
      await settles(() => expect(postsByKey(w.fake).size).toBeGreaterThanOrEqual(60), 20_000);
      const killed = await first.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      const sentBeforeKill = postsByKey(w.fake).size;
      expect(sentBeforeKill).toBeLessThan(200);
      expect(w.queue.countByState().sending).toBeGreaterThan(0);
      w.fake.releaseHung();

      w.clock.advance(minutes * MINUTE);
      const second = await start(w);
      await tickUntil(w, second, () => expectEachDeliveredOnce(w));
      expect(sentTo(w.fake, lost)).toBe(10);
    },
    60_000,
  );

  it('(6) a restart delivers what is due at once, before any tick', async () => {
    const w = await setUp(5, 2);
    await start(w);
    expect(await settles(() => expectEachDeliveredOnce(w), 10_000)).toBe(true);
  }, 60_000);

  it('(5) SIGTERM in the middle of a wave exits 0 and loses nothing', async () => {
    const w = await setUp(20, 10);
    const first = await start(w);
    await tick(w, first, 0);
    await settles(() => expect(postsByKey(w.fake).size).toBeGreaterThanOrEqual(60), 20_000);
    const stopped = await first.kill('SIGTERM');
    expect(stopped, stopped.stderr).toMatchObject({ code: 0 });
    const states = w.queue.countByState();
    expect(states.sending ?? 0).toBe(0);
    expect(states.delivered).toBe(postsByKey(w.fake).size);
    expect(states.delivered).toBeLessThan(200);

    const second = await start(w);
    await tickUntil(w, second, () => expectEachDeliveredOnce(w));
  }, 60_000);
});
