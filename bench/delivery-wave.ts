/**
 * A wave of 10,000 due queue items, delivered by the real process (the test entry in
 * test/support/mailroom-process.ts, so the peak RSS is Mailroom's alone) to the fake Slack on
 * loopback, which enforces chat.postMessage's per-conversation limit (a burst of 5, then one a
 * second) and answers 429 with Retry-After beyond it. Two shapes: one item for each of 10,000
 * people, and ten for each of 1,000 (where the per-conversation pace, not the worker, sets the
 * time). The fake has no workspace-wide limit, so the worker's workspace cap is lifted here;
 * with the default cap (600 a minute, a burst of 60: Slack's "several hundred a minute") the
 * time is set by the cap, and is given as a projection.
 */

import { SLACK_RATES } from '../src/core/domain/pace.js';
import { PrometheusMetrics } from '../src/core/metrics.js';
import { DIRECTORY_SYNCED_AT } from '../src/core/services/directory.js';
import { AppStateRepository } from '../src/core/store/app-state-repository.js';
import { openDatabase } from '../src/core/store/db.js';
import { MemberRepository } from '../src/core/store/member-repository.js';
import { QueueRepository } from '../src/core/store/queue-repository.js';
import { FakeSlack, type FakeUser } from '../test/support/fake-slack.js';
import { spawnMailroom } from '../test/support/process-harness.js';
import { profile, tempDatabasePath } from '../test/support/store.js';
import type { BenchResult } from './run.js';

const ITEMS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const T0 = Date.parse('2026-03-09T10:00:00Z'); // a Monday, in everyone's working hours (UTC)
/** What the worker did before: 200 items claimed at once, once a minute. */
const OLD_ITEMS_PER_MINUTE = 200;

interface WaveResult {
  seconds: number;
  maxRssMiB: number;
  rateLimited: number;
}

async function wave(people: number): Promise<WaveResult> {
  const users: FakeUser[] = Array.from({ length: people }, (_, i) => ({
    id: `U${String(i).padStart(6, '0')}`,
    name: `person${i}`,
    tz: 'UTC',
  }));
  const fake = await FakeSlack.start({ users, enforceRateLimits: true });
  const databasePath = tempDatabasePath();
  const db = openDatabase(databasePath);
  const queue = new QueueRepository(db);
  db.$client.transaction(() => {
    // A directory Mailroom already knows: it refreshes in the background (users.list at
    // Tier 2, about 90 s here), beside the wave.
    new AppStateRepository(db).set(DIRECTORY_SYNCED_AT, String(T0), T0);
    new MemberRepository(db).upsertProfiles(
      users.map((u) => profile(u.id, { name: u.name })),
      T0,
    );
    for (let i = 0; i < ITEMS; i++) {
      const user = users[i % people] as FakeUser;
      queue.enqueue(
        {
          kind: 'notice',
          recipientId: user.id,
          payload: { text: `Notice ${i}` },
          deliverAfter: T0,
          idempotencyKey: `bench:${i}`,
        },
        T0,
      );
    }
  })();
  const child = await spawnMailroom({
    fake,
    databasePath,
    now: T0,
    delivery: {
      rates: {
        perConversation: SLACK_RATES.postsPerConversation,
        perWorkspace: { perMinute: 1_000_000, burst: 10_000 },
        lookups: SLACK_RATES.tier3,
      },
    },
  });
  try {
    const started = performance.now();
    await child.tick();
    for (;;) {
      const delivered = queue.countByState().delivered ?? 0;
      if (delivered === ITEMS) break;
      if (performance.now() - started > 10 * 60_000) throw new Error(`only ${delivered} delivered`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const posts = fake.callsTo('chat.postMessage');
    const ok = posts.filter((c) => c.response.ok === true).length;
    if (ok !== ITEMS) throw new Error(`${ok} messages posted for ${ITEMS} items`);
    return {
      seconds,
      maxRssMiB: (await child.maxRssKb()) / 1024,
      rateLimited: posts.filter((c) => c.status === 429).length,
    };
  } finally {
    await child.kill('SIGTERM');
    db.$client.close();
    await fake.stop();
  }
}

/** Peak RSS of the same process started on an empty queue and ticked once: what the wave adds to. */
async function idleRssMiB(): Promise<number> {
  const fake = await FakeSlack.start({ users: [{ id: 'U000000', name: 'person0', tz: 'UTC' }] });
  const databasePath = tempDatabasePath();
  openDatabase(databasePath).$client.close();
  const child = await spawnMailroom({ fake, databasePath, now: T0 });
  try {
    await child.tick();
    return (await child.maxRssKb()) / 1024;
  } finally {
    await child.kill('SIGTERM');
    await fake.stop();
  }
}

/**
 * A scrape of /metrics with the wave queued: 10,000 due notices and 10,000 more delivered and
 * waiting for an answer. Returns the median time of a render, in ms, over 50.
 */
export async function scrapeMs(): Promise<number> {
  const db = openDatabase(tempDatabasePath());
  const queue = new QueueRepository(db);
  db.$client.transaction(() => {
    for (let i = 0; i < 2 * ITEMS; i++) {
      const { item } = queue.enqueue(
        {
          kind: 'notice',
          recipientId: `U${String(i % 1000).padStart(6, '0')}`,
          payload: { text: `Notice ${i}` },
          deliverAfter: T0 - (i % 600) * 1000,
          idempotencyKey: `scrape:${i}`,
        },
        T0,
      );
      const sending = i >= ITEMS ? queue.transition(item, 'sending', T0) : undefined;
      if (sending) queue.transition(sending, 'delivered', T0);
    }
  })();
  const metrics = new PrometheusMetrics({ process: true });
  metrics.watch({
    queueDepth: (now) => queue.depth(now),
    sending: () => 0,
    searchWaiting: () => 0,
    lastTickCompletedAt: () => T0,
    now: () => T0,
  });
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await metrics.render();
    times.push(performance.now() - started);
  }
  db.$client.close();
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function run(): Promise<BenchResult> {
  const rows: BenchResult['rows'] = [];
  const baselineMinutes = ITEMS / OLD_ITEMS_PER_MINUTE;
  const idle = await idleRssMiB();
  for (const people of [ITEMS, ITEMS / 10]) {
    const results: WaveResult[] = [];
    for (let r = 0; r < RUNS; r++) results.push(await wave(people));
    const seconds = median(results.map((r) => r.seconds));
    const perPerson = ITEMS / people;
    const workload = `${ITEMS} due notices, ${perPerson} for each of ${people} people, median of ${RUNS}`;
    rows.push(
      {
        figure: 'time to deliver the wave',
        value: `${seconds.toFixed(1)} s (${Math.round(ITEMS / seconds)} items/s)`,
        reference: `${baselineMinutes} min before (200 a minute); ×${((baselineMinutes * 60) / seconds).toFixed(0)}`,
        workload,
      },
      {
        figure: 'peak RSS of the Mailroom process',
        value: `${Math.max(...results.map((r) => r.maxRssMiB)).toFixed(0)} MiB`,
        reference: `${idle.toFixed(0)} MiB started and idle (tsx)`,
        workload,
      },
      {
        figure: '429s from the fake Slack',
        value: String(Math.max(...results.map((r) => r.rateLimited))),
        reference: '0: the worker keeps to each conversation’s pace',
        workload,
      },
    );
  }
  rows.push({
    figure: 'a /metrics scrape',
    value: `${(await scrapeMs()).toFixed(1)} ms`,
    reference: 'one grouped query on the queue, plus the process metrics',
    workload: `${ITEMS} due notices and ${ITEMS} delivered ones waiting for answers, median of 50`,
  });
  const { perMinute, burst } = SLACK_RATES.postsPerWorkspace;
  const projected = (burst + (ITEMS - burst) / (perMinute / 60)) / 60;
  rows.push({
    figure: 'projected time at the default workspace cap',
    value: `${projected.toFixed(1)} min`,
    reference: `${perMinute} a minute, burst ${burst}`,
    workload: `${ITEMS} due notices on real Slack`,
  });
  return {
    title: 'Delivery: a wave of 10,000 due items',
    rows,
    notes: [
      'Delivery wave: the real process against the fake Slack on loopback, which enforces one message a second per conversation (burst 5) and has no workspace-wide limit, so the worker’s workspace cap is lifted; on real Slack the workspace limit ("several hundred messages a minute") sets the pace, as projected.',
    ],
  };
}
