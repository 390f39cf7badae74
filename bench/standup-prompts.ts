/**
 * Standups at 10,000 members over every IANA zone this Node knows (400 and more):
 *
 * 1. Who is due at one tick: a whole day of minute ticks on a real database, each finding the
 *    members due through the index on next_prompt_at (and asking them, untimed), against
 *    working it out from every member's schedule at each tick.
 * 2. One wave of prompts: 10,000 members asked at the same instant, by the real process (the
 *    test entry in test/support/mailroom-process.ts) through the fake Slack on loopback, which
 *    enforces chat.postMessage's pace per conversation (a burst of 5, then one a second) and a
 *    workspace-wide rate R, on a clock compressed BENCH_SPEEDUP times (Mailroom's pacing clock
 *    runs as fast). Target: the wave takes at most 1.2 x 10,000 / R, no call is rate-limited
 *    more than once, every member is asked exactly once.
 */

import type { MailroomContext } from '../src/context.js';
import { createContext } from '../src/context.js';
import { SLACK_RATES } from '../src/core/domain/pace.js';
import { DEFAULT_WORK_WINDOWS } from '../src/core/domain/working-hours.js';
import { DIRECTORY_SYNCED_AT } from '../src/core/services/directory.js';
import { type Db, openDatabase } from '../src/core/store/db.js';
import { dateKey, nextPrompt, parseDateKey } from '../src/features/standups/domain/schedule.js';
import { promptDueMembers } from '../src/features/standups/services/schedule.js';
import { saveStandup } from '../src/features/standups/services/setup.js';
import { standupTexts } from '../src/features/standups/slack/views/texts.js';
import { FakeSlack, type FakeUser } from '../test/support/fake-slack.js';
import { spawnMailroom } from '../test/support/process-harness.js';
import { profile, tempDatabasePath, testClock } from '../test/support/store.js';
import type { BenchResult } from './run.js';

const MEMBERS = 10_000;
const ZONES = Intl.supportedValuesOf('timeZone');
const CHANNEL = 'C0STANDUP';
const BOT = 'U0MAILBOT';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Monday 2026-03-09, 00:00 UTC: the day of ticks starts a little before, in the far east. */
const DAY_START = Date.parse('2026-03-08T12:00:00Z');
const SPEEDUP = Number(process.env.BENCH_SPEEDUP ?? 10);
/** R: chat.postMessage across the workspace, as Slack states it ("several hundred a minute"). */
const WORKSPACE_RATE = SLACK_RATES.postsPerWorkspace;
const PER_CONVERSATION = SLACK_RATES.postsPerConversation;

const userId = (i: number) => `U${String(i).padStart(6, '0')}`;

function contextOn(db: Db, clock: () => number): MailroomContext {
  return createContext({
    db,
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3_600_000 },
  });
}

/** 10,000 members over every zone, in one channel, with a weekday standup at 09:30 each. */
function populate(
  ctx: MailroomContext,
  users: FakeUser[],
  promptMode: 'member_zone' | 'team_zone',
) {
  ctx.appState.set(DIRECTORY_SYNCED_AT, String(ctx.clock()), ctx.clock());
  ctx.db.$client.transaction(() => {
    ctx.members.upsertProfiles(
      [
        ...users.map((u) => profile(u.id, { name: u.name, timeZone: u.tz })),
        profile(BOT, { isBot: true }),
      ],
      ctx.clock(),
    );
  })();
  ctx.channels.upsert(
    { id: CHANNEL, name: 'standup', isPrivate: false, isIm: false, archived: false },
    ctx.clock(),
  );
  ctx.channels.setMembers(CHANNEL, [...users.map((u) => u.id), BOT], ctx.clock());
  return saveStandup(ctx, standupTexts, {
    userId: userId(0),
    channelId: CHANNEL,
    standupId: null,
    botUserId: BOT,
    form: {
      name: 'Daily',
      questionsText: 'What did you do?\nWhat will you do?',
      asksBlockers: true,
      days: ['1', '2', '3', '4', '5'],
      promptMode,
      promptTime: '09:30',
      teamZone: 'UTC',
      memberMode: 'channel',
      chosenMemberIds: [],
      destination: 'thread',
      reportTime: '23:59',
      reminder: 'none',
    },
  }).standup;
}

function users(): FakeUser[] {
  return Array.from({ length: MEMBERS }, (_, i) => ({
    id: userId(i),
    name: `member${i}`,
    tz: ZONES[i % ZONES.length] ?? 'UTC',
  }));
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

interface DueResult {
  findMs: number[];
  busiest: { due: number; findMs: number; askMs: number };
  asked: number;
  naiveMs: number;
}

/** A day of minute ticks: the indexed look-up of who is due, and the asking. */
function dueAtEachTick(): DueResult {
  const clock = testClock(new Date(DAY_START).toISOString());
  const db = openDatabase(tempDatabasePath());
  const ctx = contextOn(db, clock);
  const people = users();
  populate(ctx, people, 'member_zone');
  const findMs: number[] = [];
  let busiest = { due: 0, findMs: 0, askMs: 0 };
  let asked = 0;
  for (let t = DAY_START; t <= DAY_START + DAY + 12 * 60 * MINUTE; t += MINUTE) {
    clock.set(new Date(t).toISOString());
    // The median of a few look-ups: the machine is shared and noisy.
    const runs: number[] = [];
    let due: unknown[] = [];
    for (let r = 0; r < 5; r++) {
      const started = performance.now();
      due = ctx.standups.dueMembers(t, 100_000);
      runs.push(performance.now() - started);
    }
    const found = quantile(runs, 0.5);
    findMs.push(found);
    const askStarted = performance.now();
    asked += promptDueMembers(ctx).prompted;
    const askMs = performance.now() - askStarted;
    if (due.length > busiest.due) busiest = { due: due.length, findMs: found, askMs };
  }
  // Without the stored schedule: each member's next prompt worked out at the tick.
  const naiveStarted = performance.now();
  const t = DAY_START + 21 * 60 * MINUTE;
  let naiveDue = 0;
  const timing = {
    days: [1, 2, 3, 4, 5] as const,
    promptMode: 'member_zone' as const,
    promptMinute: 570,
    teamZone: 'UTC',
    reportMinute: 1439,
  };
  for (const person of people) {
    const next = nextPrompt(
      { ...timing, days: [...timing.days] },
      { timeZone: person.tz ?? 'UTC', windows: DEFAULT_WORK_WINDOWS },
      t - MINUTE,
      parseDateKey(dateKey({ year: 2026, month: 3, day: 1 })),
    );
    if (next && next.at <= t) naiveDue += 1;
  }
  const naiveMs = performance.now() - naiveStarted;
  if (naiveDue < 0) throw new Error('unreachable');
  db.$client.close();
  return { findMs, busiest, asked, naiveMs };
}

interface WaveResult {
  seconds: number;
  asked: number;
  exactlyOnce: boolean;
  limited: number;
  limitedTwice: number;
}

/** 10,000 members asked at one instant, through the real process and the rate-limited fake. */
async function wave(): Promise<WaveResult> {
  const t0 = Date.parse('2026-03-09T09:30:00Z');
  const realStart = Date.now();
  const slackClock = () => t0 + (Date.now() - realStart) * SPEEDUP;
  const people = users();
  const fake = await FakeSlack.start({
    users: people,
    channels: [{ id: CHANNEL, name: 'standup', members: [...people.map((u) => u.id), BOT] }],
    enforceRateLimits: true,
    workspaceLimits: { 'chat.postMessage': WORKSPACE_RATE },
    now: slackClock,
  });
  const databasePath = tempDatabasePath();
  const db = openDatabase(databasePath);
  const ctx = contextOn(db, () => t0 - MINUTE);
  const standup = populate(ctx, people, 'team_zone');
  db.$client.close();
  const child = await spawnMailroom({ fake, databasePath, now: t0, paceSpeedup: SPEEDUP });
  const check = openDatabase(databasePath);
  try {
    const started = performance.now();
    const delivered = check.$client.prepare(
      "select count(*) as n from queue_items where kind = 'standup_prompt' and state = 'delivered'",
    );
    // The scheduler's minute tick, on the compressed clock (business time moves with it).
    let nextTick = 0;
    for (;;) {
      const elapsed = (performance.now() - started) * SPEEDUP;
      if (elapsed >= nextTick) {
        await child.setClock(t0 + nextTick);
        await child.tick();
        nextTick += MINUTE;
      }
      const { n } = delivered.get() as { n: number };
      if (n === MEMBERS) break;
      if (performance.now() - started > 30 * 60_000) throw new Error(`only ${n} prompts delivered`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = ((performance.now() - started) / 1000) * SPEEDUP;
    const posts = fake.callsTo('chat.postMessage');
    const okPerMember = new Map<string, number>();
    const limitedPerItem = new Map<string, number>();
    for (const call of posts) {
      const key = String(
        (call.args.metadata as { event_payload?: { idempotency_key?: string } } | undefined)
          ?.event_payload?.idempotency_key,
      );
      if (!key.startsWith(`standup:${standup.id}:`)) continue;
      if (call.status === 429) limitedPerItem.set(key, (limitedPerItem.get(key) ?? 0) + 1);
      else if (call.response.ok === true) {
        const member = String(call.args.channel);
        okPerMember.set(member, (okPerMember.get(member) ?? 0) + 1);
      }
    }
    return {
      seconds,
      asked: okPerMember.size,
      exactlyOnce: people.every((u) => okPerMember.get(u.id) === 1),
      limited: [...limitedPerItem.values()].reduce((a, b) => a + b, 0),
      limitedTwice: [...limitedPerItem.values()].filter((n) => n > 1).length,
    };
  } finally {
    check.$client.close();
    await child.kill('SIGTERM');
    await fake.stop();
  }
}

export async function run(): Promise<BenchResult> {
  const due = dueAtEachTick();
  process.stderr.write(
    `standup-prompts: find median ${quantile(due.findMs, 0.5).toFixed(2)} ms, max ${Math.max(...due.findMs).toFixed(2)} ms\n`,
  );
  const w = await wave();
  const target = (1.2 * MEMBERS) / (WORKSPACE_RATE.perMinute / 60);
  const workload = `${MEMBERS} members over ${ZONES.length} IANA zones, 09:30 in each member’s zone, Mon–Fri`;
  const waveWorkload = `${MEMBERS} members asked at one instant; fake Slack: ${PER_CONVERSATION.perMinute}/min per conversation (burst 5), R = ${WORKSPACE_RATE.perMinute}/min workspace-wide (burst ${WORKSPACE_RATE.burst}); clock ×${SPEEDUP}`;
  return {
    title: 'Standups: who is due, and a wave of prompts',
    rows: [
      {
        figure: 'find who is due at one tick (median / p99 / max over the ticks)',
        value: `${quantile(due.findMs, 0.5).toFixed(2)} / ${quantile(due.findMs, 0.99).toFixed(2)} / ${Math.max(...due.findMs).toFixed(2)} ms`,
        reference: 'target < 20 ms',
        workload: `${workload}; ${due.findMs.length} minute ticks over 36 h, each the median of 5 look-ups`,
      },
      {
        figure: 'busiest tick: members due, find, and ask (queue) them',
        value: `${due.busiest.due} due; ${due.busiest.findMs.toFixed(2)} ms to find, ${due.busiest.askMs.toFixed(0)} ms to ask`,
        reference: `${due.asked} asked over the 36 h`,
        workload,
      },
      {
        figure: 'working it out from every schedule at one tick (no stored next prompt)',
        value: `${due.naiveMs.toFixed(0)} ms`,
        reference: `×${(due.naiveMs / Math.max(0.001, due.busiest.findMs)).toFixed(0)} the indexed look-up at the busiest tick`,
        workload,
      },
      {
        figure: 'one wave of prompts (Slack time)',
        value: `${w.seconds.toFixed(0)} s (${(MEMBERS / w.seconds).toFixed(1)} prompts/s)`,
        reference: `target ≤ 1.2 × 10,000 / R = ${target.toFixed(0)} s; ×${(w.seconds / (MEMBERS / (WORKSPACE_RATE.perMinute / 60))).toFixed(2)} of 10,000 / R`,
        workload: waveWorkload,
      },
      {
        figure: 'members asked exactly once',
        value: `${w.asked} of ${MEMBERS}${w.exactlyOnce ? ', each once' : ', NOT each once'}`,
        reference: 'all, once each',
        workload: waveWorkload,
      },
      {
        figure: '429s from the fake Slack (calls rate-limited twice)',
        value: `${w.limited} (${w.limitedTwice})`,
        reference: 'none rate-limited more than once',
        workload: waveWorkload,
      },
    ],
    notes: [
      `Standups: who is due is one range scan of the index on standup_members.next_prompt_at; the wave is the real process against the fake Slack on loopback, whose clock and Mailroom's pacing clock both run ${SPEEDUP} times faster than real time (its business clock stays at the prompt instant). Mailroom's delivery worker paces by Slack's published limits; the fake enforces the same, per conversation and across the workspace.`,
    ],
  };
}
