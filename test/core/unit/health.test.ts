import { describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '../../../src/core/services/delivery.js';
import { assessHealth, assessReadiness, publicHealth } from '../../../src/core/services/health.js';

const T0 = Date.parse('2026-03-09T10:00:00Z');
const MINUTE = 60_000;
const working: DeliveryStatus = {
  paused: undefined,
  sending: [],
  lastProgressAt: T0,
  lastIdleAt: T0,
  slack: { token: 'accepted', unreachableSince: undefined },
};

function health(patch: Partial<Parameters<typeof assessHealth>[0]> = {}) {
  return assessHealth({
    version: '1.2.3',
    now: T0 + MINUTE,
    startedAt: T0 - 60 * MINUTE,
    databaseReachable: true,
    lastTickCompletedAt: T0 + 30_000,
    delivery: working,
    due: 0,
    ...patch,
  });
}

describe('assessHealth', () => {
  it('names the running build', () => {
    expect(health().version).toBe('1.2.3');
  });

  it('is ok while ticks complete and sends finish', () => {
    expect(health()).toMatchObject({ ok: true, delivery: { state: 'idle' }, problems: [] });
  });

  it('reports a tick that stopped completing', () => {
    const result = health({ now: T0 + 5 * MINUTE });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(['no tick has completed for 270 s']);
  });

  it('reports a send that has waited on Slack for over a minute', () => {
    const sending = [{ itemId: 7, recipientId: 'U1', since: T0 - MINUTE }];
    const result = health({ delivery: { ...working, sending } });
    expect(result).toMatchObject({
      ok: false,
      delivery: { state: 'stalled', sending: 1, slowestSend: { itemId: 7, recipientId: 'U1' } },
    });
    expect(result.problems).toEqual(['a send has waited on Slack for 120 s']);
  });

  it('names no queue item or user where anyone who reaches the port may read it', () => {
    const sending = [{ itemId: 7, recipientId: 'U1', since: T0 - MINUTE }];
    const shown = JSON.stringify(publicHealth(health({ delivery: { ...working, sending } })));
    expect(shown).toContain('a send has waited on Slack for 120 s');
    expect(shown).not.toMatch(/slowestSend|U1|"itemId"/);
  });

  it('reports due items the worker has not touched for minutes, but not a wave that just came', () => {
    const stuck = { ...working, lastProgressAt: T0 - 10 * MINUTE, lastIdleAt: T0 - 10 * MINUTE };
    expect(health({ due: 5, delivery: stuck }).delivery.state).toBe('stalled');
    const quiet = { ...working, lastProgressAt: T0 - 600 * MINUTE };
    expect(health({ due: 5, delivery: quiet }).ok).toBe(true);
  });

  it('reports a refused token as a pause, with what to do', () => {
    const paused = { code: 'token_revoked', message: 'token_revoked', since: T0 };
    const result = health({ delivery: { ...working, paused }, due: 3 });
    expect(result).toMatchObject({
      ok: false,
      delivery: { state: 'paused' },
      slack: { token: 'refused', error: 'token_revoked', since: '2026-03-09T10:00:00.000Z' },
    });
    expect(result.problems[0]).toContain('SLACK_BOT_TOKEN');
  });

  it('reports Slack unreachable, with since when, and the token unknown until Slack has answered', () => {
    const slack = { token: 'unknown' as const, unreachableSince: T0 - MINUTE };
    const result = health({ delivery: { ...working, slack } });
    expect(result).toMatchObject({
      ok: false,
      slack: { token: 'unknown', reachable: false, since: '2026-03-09T09:59:00.000Z' },
    });
    expect(result.problems).toEqual([
      'Slack has not answered since 2026-03-09T09:59:00.000Z (120 s): nothing is sent until it does, and nothing is lost',
    ]);
    expect(health().slack).toEqual({ token: 'accepted', reachable: true });
  });
});

describe('assessReadiness', () => {
  const ready = {
    now: T0,
    databaseReachable: true,
    migrationsApplied: true,
    directorySyncedAt: T0 - 23 * 60 * MINUTE,
    delivery: 'idle' as const,
  };

  it('is ready when migrated, the directory is a day old at most, and delivery is not stalled', () => {
    expect(assessReadiness(ready)).toEqual({
      ready: true,
      database: 'reachable',
      migrations: 'applied',
      directory: { syncedAt: '2026-03-08T11:00:00.000Z', hoursAgo: 23 },
      delivery: { state: 'idle' },
      problems: [],
    });
    expect(assessReadiness({ ...ready, delivery: 'sending' }).ready).toBe(true);
  });

  it.each([
    [{ migrationsApplied: false }, 'the database migrations have not all run'],
    [{ databaseReachable: false, migrationsApplied: false }, 'the database is unreachable'],
    [{ directorySyncedAt: undefined }, 'the member directory has not been synced yet'],
    [{ directorySyncedAt: T0 - 25 * 60 * MINUTE }, 'the member directory was last synced 25 h ago'],
    [{ delivery: 'stalled' as const }, 'the delivery worker is stalled'],
  ])('is not ready when %o', (patch, problem) => {
    const readiness = assessReadiness({ ...ready, ...patch });
    expect(readiness.ready).toBe(false);
    expect(readiness.problems).toEqual([problem]);
  });
});
