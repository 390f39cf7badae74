import { afterEach, describe, expect, it } from 'vitest';
import { logDecision } from '../../../src/features/decisions/services/log.js';
import { type Harness, startMailroom } from '../../support/harness.js';
import { profile } from '../../support/store.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = '2026-06-01T12:00:00Z';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Queues an item for U1 and ends it (or leaves it open) `daysAgo` days before NOW. */
function itemEnded(h: Harness, key: string, state: string, daysAgo: number): number {
  const { ctx } = h.mailroom;
  const at = Date.parse(NOW) - daysAgo * DAY;
  const { item } = ctx.queue.enqueue(
    {
      kind: 'notice',
      recipientId: 'U1',
      payload: { text: `item ${key}` },
      deliverAfter: at,
      idempotencyKey: key,
    },
    at,
  );
  ctx.db.$client
    .prepare('update queue_items set state = ?, updated_at = ? where id = ?')
    .run(state, at, item.id);
  return item.id;
}

function keys(h: Harness): string[] {
  return (
    h.mailroom.ctx.db.$client
      .prepare('select idempotency_key as key from queue_items order by key')
      .all() as { key: string }[]
  ).map((row) => row.key);
}

function infoLines(h: Harness): string[] {
  return h.logs.entries.filter((e) => e.level === 'info').map((e) => String(e.args[0]));
}

/** Old data of every kind: queue items, event ids, a document and a decision a year old. */
function seed(h: Harness) {
  const { ctx } = h.mailroom;
  ctx.members.upsertProfiles([profile('U1'), profile('U2')], ctx.clock());
  ctx.channels.upsert(
    { id: 'CGEN', name: 'general', isPrivate: false, isIm: false, archived: false },
    ctx.clock(),
  );
  ctx.channels.setMembers('CGEN', ['U1', 'U2'], ctx.clock());
  itemEnded(h, 'done-40-days-ago', 'done', 40);
  itemEnded(h, 'skipped-45-days-ago', 'skipped', 45);
  itemEnded(h, 'expired-31-days-ago', 'expired', 31);
  itemEnded(h, 'done-29-days-ago', 'done', 29);
  itemEnded(h, 'snoozed-90-days-ago', 'snoozed', 90);
  itemEnded(h, 'delivered-60-days-ago', 'delivered', 60);
  ctx.eventLog.begin('Ev-old', 'app_home_opened', Date.parse(NOW) - 3 * DAY);
  ctx.eventLog.begin('Ev-new', 'app_home_opened', Date.parse(NOW) - DAY / 2);
  const yearAgo = Date.parse(NOW) - 365 * DAY;
  ctx.knowledge.upsert(
    { title: 'Staging access', body: 'Ask for the readers group.', source: 'written' },
    yearAgo,
  );
  const clock = h.clock;
  clock.set(new Date(yearAgo).toISOString());
  const { decision } = logDecision(ctx, {
    userId: 'U1',
    channelId: 'CGEN',
    draft: {
      title: 'Use Postgres for billing',
      why: 'Transactions across invoices and payments.',
      options: [{ name: 'Postgres', pros: 'Transactions', cons: 'One more server' }],
      chosen: 'Postgres',
      tradeOff: 'Slower to set up',
      ownerIds: ['U1'],
      consultedIds: [],
      followUps: [],
      status: 'accepted',
      revisitOn: null,
    },
  });
  clock.set(NOW);
  return { decisionId: decision.id };
}

describe('retention, from the tick', () => {
  it('keeps everything by default', async () => {
    harness = await startMailroom({ now: NOW, env: { LOG_LEVEL: 'info' } });
    seed(harness);
    const before = keys(harness);
    await harness.mailroom.tick();
    expect(keys(harness)).toEqual(before);
    // Event ids are kept a week unless set: three days old, it stays.
    expect(infoLines(harness).filter((line) => line.startsWith('Retention:'))).toEqual([]);
  });

  it('deletes queue items that ended before QUEUE_RETENTION_DAYS, never open ones, documents or decisions, and logs it', async () => {
    harness = await startMailroom({
      now: NOW,
      env: { LOG_LEVEL: 'info', QUEUE_RETENTION_DAYS: '30', EVENT_LOG_RETENTION_DAYS: '2' },
    });
    const { decisionId } = seed(harness);
    const { ctx } = harness.mailroom;
    const documents = ctx.knowledge.count();

    await harness.mailroom.tick();

    expect(keys(harness)).toEqual([
      'delivered-60-days-ago',
      'done-29-days-ago',
      'snoozed-90-days-ago',
    ]);
    expect(ctx.eventLog.begin('Ev-old', 'app_home_opened', ctx.clock())).toBe(true);
    expect(ctx.eventLog.begin('Ev-new', 'app_home_opened', ctx.clock())).toBe(false);
    expect(ctx.knowledge.count()).toBe(documents);
    expect(ctx.decisions.get(decisionId)?.title).toBe('Use Postgres for billing');
    expect(infoLines(harness).filter((line) => line.startsWith('Retention:'))).toEqual([
      'Retention: deleted 3 queue items that ended before 2026-05-02T12:00:00.000Z (QUEUE_RETENTION_DAYS).',
      'Retention: forgot 1 Slack event ids received before 2026-05-30T12:00:00.000Z (EVENT_LOG_RETENTION_DAYS).',
    ]);
    // A key still kept still makes a repeat a no-op.
    const again = ctx.queue.enqueue(
      {
        kind: 'notice',
        recipientId: 'U1',
        payload: { text: 'again' },
        deliverAfter: ctx.clock(),
        idempotencyKey: 'done-29-days-ago',
      },
      ctx.clock(),
    );
    expect(again.created).toBe(false);
  });

  it('keeps queue items 30 days even when set shorter, and says so at start', async () => {
    harness = await startMailroom({
      now: NOW,
      env: { LOG_LEVEL: 'info', QUEUE_RETENTION_DAYS: '7' },
    });
    seed(harness);
    await harness.mailroom.tick();
    expect(keys(harness)).toContain('done-29-days-ago');
    expect(keys(harness)).not.toContain('done-40-days-ago');
    expect(harness.logs.entries.filter((e) => e.level === 'warn').map((e) => e.args[0])).toContain(
      'QUEUE_RETENTION_DAYS is 7, but queue items are kept at least 30 days (their idempotency keys keep a retried request from acting twice): keeping them 30 days',
    );
  });
});
