/**
 * The queries outside search that every /ask and every delivery makes, per call: member,
 * question and queue item look-ups, the conversations a person is in, the worker's claim of
 * the next due item and its count of what is due. 10,000 members, 5,000 queue items.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoriesOf } from '../src/context.js';
import { openDatabase } from '../src/core/store/db.js';
import type { BenchResult } from './run.js';

const MEMBERS = 10_000;
const ITEMS = 5_000;
const CALLS = 20_000;

function profileOf(i: number) {
  return {
    id: `U${String(i).padStart(6, '0')}`,
    teamId: 'T1',
    name: `person${i}`,
    displayName: `Person ${i}`,
    realName: null,
    timeZone: 'UTC',
    isBot: false,
    isAdmin: false,
    isGuest: false,
    deleted: false,
    slackStatusText: null,
    slackStatusEmoji: null,
    slackStatusExpiresAt: null,
    slackUpdatedAt: null,
  };
}

/** Microseconds per call: the median of five rounds of `calls` calls. */
function timed(calls: number, call: (i: number) => unknown): number {
  const rounds: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) call(i);
    rounds.push(((performance.now() - started) * 1000) / calls);
  }
  return rounds.sort((a, b) => a - b)[2] ?? Number.NaN;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-hot-'));
  try {
    const db = openDatabase(join(dir, 'hot.db'));
    const repos = repositoriesOf(db);
    const now = Date.parse('2026-03-09T10:00:00Z');
    repos.members.upsertProfiles(
      Array.from({ length: MEMBERS }, (_, i) => profileOf(i)),
      now,
    );
    db.$client.transaction(() => {
      for (let i = 0; i < 200; i += 1) {
        repos.channels.upsert(
          { id: `C${i}`, name: `c${i}`, isPrivate: i % 2 === 0, isIm: false, archived: false },
          now,
        );
        for (let m = 0; m < 50; m += 1)
          repos.channels.addMember(`C${i}`, profileOf((i * 50 + m) % MEMBERS).id, now);
      }
      for (let i = 0; i < ITEMS; i += 1) {
        repos.queue.enqueue(
          {
            kind: 'question',
            recipientId: profileOf(i % MEMBERS).id,
            payload: { questionId: i, text: 'How do I deploy?', reason: 'wrote it' },
            deliverAfter: now + (i % 2 === 0 ? -1000 : 3_600_000),
            idempotencyKey: `question:${i}:0`,
          },
          now,
        );
      }
      for (let i = 0; i < 2_000; i += 1) {
        repos.questions.create(
          { askerId: profileOf(i).id, text: `Question ${i}`, channelId: null },
          now,
        );
      }
    })();

    const figures: [string, number][] = [
      ['members.get', timed(CALLS, (i) => repos.members.get(profileOf(i % MEMBERS).id))],
      ['questions.get', timed(CALLS, (i) => repos.questions.get(1 + (i % 2_000)))],
      ['queue.get', timed(CALLS, (i) => repos.queue.get(1 + (i % ITEMS)))],
      [
        'channels.channelsOf',
        timed(CALLS, (i) => repos.channels.channelsOf(profileOf(i % MEMBERS).id)),
      ],
      ['queue.countDue', timed(CALLS / 10, () => repos.queue.countDue(now))],
      [
        'queue.claimNext + release',
        timed(CALLS / 10, (i) => {
          const item = repos.queue.claimNext(now, 'bench', [profileOf(i % 7).id]);
          if (item)
            repos.queue.release(item.id, 'bench', { retryAt: now - 1000, error: null, now });
        }),
      ],
    ];
    db.$client.close();
    return {
      title: 'Hot queries outside search (per call)',
      rows: figures.map(([figure, micros]) => ({
        figure,
        value: `${micros.toFixed(1)} µs`,
        workload: `${MEMBERS.toLocaleString('en-US')} members, ${ITEMS.toLocaleString('en-US')} queue items, median of 5 rounds`,
      })),
      notes: [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
