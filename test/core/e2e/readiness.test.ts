import { afterEach, describe, expect, it, vi } from 'vitest';
import { areMigrationsApplied, openDatabase } from '../../../src/core/store/db.js';
import type { FakeUser } from '../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../support/harness.js';
import { tempDatabasePath } from '../../support/store.js';

const HOUR = 60 * 60 * 1000;
let h: Harness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'Europe/London' },
];

describe('/livez and /readyz', () => {
  it('say the process answers, and whether it is ready to serve the team', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });

    const live = await fetch(`${h.baseUrl}/livez`);
    expect(live.status).toBe(200);
    // Idle connections outlive a load balancer's usual 60 s, so it never reuses a closed one.
    expect(live.headers.get('keep-alive')).toBe('timeout=65');
    expect(await live.json()).toEqual({ live: true });

    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      database: 'reachable',
      migrations: 'applied',
      directory: { syncedAt: '2026-03-09T14:00:00.000Z', hoursAgo: 0 },
      delivery: { state: 'idle' },
      problems: [],
    });

    // A day later without a directory sync: alive, healthy, but not ready.
    h.clock.advance(25 * HOUR);
    const stale = await fetch(`${h.baseUrl}/readyz`);
    expect(stale.status).toBe(503);
    expect(await stale.json()).toMatchObject({
      ready: false,
      problems: ['the member directory was last synced 25 h ago'],
    });
    expect((await fetch(`${h.baseUrl}/livez`)).status).toBe(200);

    await h.mailroom.syncDirectory();
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });
});

describe('stopping', () => {
  it('turns /readyz to 503 before the port closes, while what runs finishes', async () => {
    const started = await startMailroom({
      now: '2026-03-09T14:00:00Z',
      slack: { users: people },
    });
    // A day later the tick starts a directory sync, which Slack leaves hanging: stopping waits.
    started.clock.advance(25 * HOUR);
    started.fake.hang('users.list');
    const ticked = started.mailroom.tick();
    await vi.waitFor(() => expect(started.fake.hungCalls).toBe(1));
    const stopped = started.mailroom.stop({ graceMs: 10_000 });

    const ready = await fetch(`${started.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { problems: string[] }).problems).toContain(
      'Mailroom is stopping',
    );
    expect((await fetch(`${started.baseUrl}/livez`)).status).toBe(200);

    started.fake.releaseHung();
    await Promise.allSettled([ticked, stopped]);
    await expect(fetch(`${started.baseUrl}/livez`)).rejects.toThrow();
    await started.fake.stop();
  });
});

describe('areMigrationsApplied', () => {
  it('is true once openDatabase migrated, false when the newest migration is missing', () => {
    const db = openDatabase(tempDatabasePath());
    expect(areMigrationsApplied(db)).toBe(true);
    db.$client
      .prepare(
        'delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)',
      )
      .run();
    expect(areMigrationsApplied(db)).toBe(false);
    db.$client.close();
  });
});
