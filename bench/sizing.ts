/**
 * Sizing: Mailroom with a year of a team's data, at the team sizes an operator asks about.
 *
 * For each size, on a real SQLite file, through the real store and services:
 * 1. The first directory sync of that many members (users.list, pages of 200) from the fake
 *    Slack on loopback, through the Slack directory source the app uses.
 * 2. A year of data per member (PER_MEMBER_YEAR): delivered queue items, questions with their
 *    answers, standup answers (half the members are in a team standup), decisions, and a docs
 *    corpus shaped like a team knowledge base (search-latency.ts's Corpus).
 * 3. The database's size on disk, after a checkpoint.
 * 4. Search latency (searchKnowledge, as the search threads run it) over that corpus.
 * 5. The real process (test/support/mailroom-process.ts) on that database: the minute's tick on
 *    a quiet minute and at 09:30 on a Monday, when every standup is due and every member has an
 *    item waiting (the morning's wave); how long the worker takes to post the wave; its memory
 *    (resident set and V8 heap after a full GC, and the peak).
 *
 * The fake Slack answers as fast as loopback allows and has no workspace-wide limit, so the
 * worker's workspace cap is lifted here: the wave's time is what Mailroom itself needs. On real
 * Slack the wave is bounded by chat.postMessage's workspace pace ("several hundred a minute",
 * 600 a minute with a burst of 60 in the worker) and the directory sync by users.list's Tier 2
 * (20 calls a minute): both are given as projections from those published rates.
 *
 * Settings (environment): BENCH_SIZING_SIZES (default "100,500,2000,10000").
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { sql } from 'drizzle-orm';
import type { MailroomContext } from '../src/context.js';
import { createContext } from '../src/context.js';
import { SLACK_RATES } from '../src/core/domain/pace.js';
import { syncDirectory } from '../src/core/services/directory.js';
import { searchKnowledge } from '../src/core/services/knowledge.js';
import { slackDirectorySource } from '../src/core/slack/directory-source.js';
import { openDatabase } from '../src/core/store/db.js';
import { queueItems } from '../src/core/store/schema.js';
import { questionFollowers, questions } from '../src/features/ask/store/schema.js';
import { saveStandup } from '../src/features/standups/services/setup.js';
import { standupTexts } from '../src/features/standups/slack/views/texts.js';
import { standupEntries } from '../src/features/standups/store/schema.js';
import { FAKE_SLACK_DEFAULTS, FakeSlack, type FakeUser } from '../test/support/fake-slack.js';
import { spawnMailroom } from '../test/support/process-harness.js';
import type { BenchResult, BenchRow } from './run.js';
import { Corpus } from './search-latency.js';
import { appLexicon } from './search-quality.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The morning of the wave: Monday 2026-03-09, 09:30 UTC, when every standup asks. */
export const WAVE_AT = Date.parse('2026-03-09T09:30:00Z');
/** The quiet minutes measured before it. */
const QUIET_AT = WAVE_AT - 20 * MINUTE;
const YEAR_START = WAVE_AT - 365 * DAY;
/** Every zone is at UTC+0 on the wave's morning, so the whole team is in working hours then. */
const ZONES = ['Europe/London', 'Europe/Lisbon', 'Atlantic/Reykjavik', 'UTC', 'Africa/Abidjan'];
const TEAM = 10;
const GENERATE_BATCH = 50;
const QUIET_TICKS = 5;
const SEARCH_RUNS = 3;
const BOT = FAKE_SLACK_DEFAULTS.botUserId;

/** A year of one member's data. */
export const PER_MEMBER_YEAR = {
  /** DMs Mailroom sent them (prompts, questions, answers, reminders, revisits): about one a working day. */
  queueItems: 240,
  /** Questions they asked through /ask, each answered. */
  questions: 12,
  /** Standup answers of a member in a standup: four weekdays in five. Half the members are in one. */
  standupAnswers: 200,
  /** Decisions they logged. */
  decisions: 2,
  /** Documents in the knowledge base, per member. */
  documents: 5,
} as const;

export const DEFAULT_SIZES = [100, 500, 2_000, 10_000];

export interface Generated {
  queueItems: number;
  questions: number;
  standups: number;
  standupAnswers: number;
  decisions: number;
  documents: number;
  /** Items due at WAVE_AT besides the standup prompts the tick queues then. */
  waveNotices: number;
  /** Members asked by a standup at WAVE_AT. */
  wavePrompts: number;
}

export interface SizingMeasurement {
  members: number;
  generated: Generated;
  generateSeconds: number;
  databaseMiB: number;
  directorySyncMs: number;
  directoryPages: number;
  searchP50Ms: number;
  searchP95Ms: number;
  searchQueries: number;
  quietTickMs: number;
  waveTickMs: number;
  waveItems: number;
  waveSeconds: number;
  rssMiB: number;
  heapMiB: number;
  peakRssMiB: number;
}

export const memberId = (i: number) => `U${String(i).padStart(7, '0')}`;
const teamChannel = (team: number) => `C${String(team).padStart(7, '0')}`;

export function sizingUsers(members: number): FakeUser[] {
  return Array.from({ length: members }, (_, i) => ({
    id: memberId(i),
    name: `member${i}`,
    realName: `Member ${i}`,
    tz: ZONES[i % ZONES.length] ?? 'UTC',
  }));
}

function contextOn(databasePath: string, clock: () => number): MailroomContext {
  return createContext({
    db: openDatabase(databasePath),
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3_600_000 },
  });
}

/** The weekdays of the year before WAVE_AT, as YYYY-MM-DD, oldest first. */
function weekdaysOfYear(): string[] {
  const days: string[] = [];
  for (let at = YEAR_START; at < WAVE_AT - DAY / 2; at += DAY) {
    const day = new Date(at).getUTCDay();
    if (day !== 0 && day !== 6) days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/** A member's instant in the year: spread over working hours of the year's weekdays. */
function instantOf(weekdays: readonly string[], index: number, count: number, i: number): number {
  const day = weekdays[Math.floor((index / count) * weekdays.length)] ?? weekdays[0];
  return Date.parse(`${day}T09:00:00Z`) + ((i * 7_919 + index * 104_729) % (8 * 60)) * MINUTE;
}

/**
 * Fills the database of a context whose directory is synced with a year of data for members
 * 0…members-1, in teams of ten with a channel each; every other team has a daily standup at
 * 09:30 UTC. The context's clock must read QUIET_AT (the standups' next prompt is WAVE_AT).
 */
export function generateYear(
  ctx: MailroomContext,
  members: number,
  corpus = new Corpus(),
): Generated {
  const weekdays = weekdaysOfYear();
  const sqlite = ctx.db.$client;
  const now = ctx.clock();
  const teams = Math.ceil(members / TEAM);
  const teamOf = (i: number) => Math.floor(i / TEAM);
  const counts: Generated = {
    queueItems: 0,
    questions: 0,
    standups: 0,
    standupAnswers: 0,
    decisions: 0,
    documents: 0,
    waveNotices: 0,
    wavePrompts: 0,
  };
  const inStandup = (team: number) => team % 2 === 0;

  sqlite.transaction(() => {
    for (let team = 0; team < teams; team += 1) {
      const channel = teamChannel(team);
      ctx.channels.upsert(
        { id: channel, name: `team-${team}`, isPrivate: false, isIm: false, archived: false },
        now,
      );
      const ids: string[] = [];
      for (let i = team * TEAM; i < Math.min(members, (team + 1) * TEAM); i += 1) {
        ids.push(memberId(i));
      }
      ctx.channels.setMembers(channel, [...ids, BOT], now);
    }
    // A year on, Mailroom has opened a DM with everyone.
    for (let i = 0; i < members; i += 1) ctx.members.rememberDmChannel(memberId(i), `D${i}`);
  })();

  const standupIds = new Map<number, number>();
  for (let team = 0; team < teams; team += 1) {
    if (!inStandup(team)) continue;
    const saved = saveStandup(ctx, standupTexts, {
      userId: memberId(team * TEAM),
      channelId: teamChannel(team),
      standupId: null,
      botUserId: BOT,
      form: {
        name: `Team ${team} daily`,
        questionsText: 'What did you do yesterday?\nWhat will you do today?',
        asksBlockers: true,
        days: ['1', '2', '3', '4', '5'],
        promptMode: 'team_zone',
        promptTime: '09:30',
        teamZone: 'UTC',
        memberMode: 'channel',
        chosenMemberIds: [],
        destination: 'thread',
        reportTime: '17:00',
        reminder: 'none',
      },
    });
    standupIds.set(team, saved.standup.id);
    counts.standups += 1;
    counts.wavePrompts += saved.members;
  }

  // The year's rows go in through prepared statements on the store's own tables (hundreds a
  // member); decisions and documents through their repositories, FTS index included.
  const p = sql.placeholder;
  const insertItem = ctx.db
    .insert(queueItems)
    .values({
      kind: 'notice',
      state: 'delivered',
      recipientId: p('recipientId'),
      payload: p('payload'),
      deliverAfter: p('at'),
      idempotencyKey: p('key'),
      attempts: 1,
      deliveredChannel: p('channel'),
      deliveredTs: p('ts'),
      deliveredAt: p('at'),
      createdAt: p('at'),
      updatedAt: p('at'),
    })
    .prepare();
  const insertQuestion = ctx.db
    .insert(questions)
    .values({
      askerId: p('askerId'),
      text: p('text'),
      channelId: p('channelId'),
      state: 'answered',
      route: p('route'),
      answerText: p('answerText'),
      answeredBy: p('answeredBy'),
      answeredAt: p('answeredAt'),
      createdAt: p('at'),
      updatedAt: p('answeredAt'),
    })
    .returning({ id: questions.id })
    .prepare();
  const insertFollower = ctx.db
    .insert(questionFollowers)
    .values({
      questionId: p('questionId'),
      userId: p('userId'),
      channelId: p('channelId'),
      createdAt: p('at'),
    })
    .prepare();
  const insertAnswer = ctx.db
    .insert(standupEntries)
    .values({
      standupId: p('standupId'),
      memberId: p('memberId'),
      date: p('date'),
      status: 'answered',
      promptAt: p('promptAt'),
      closesAt: p('closesAt'),
      answers: p('answers'),
      answeredAt: p('answeredAt'),
      answeredZone: p('zone'),
      postedTs: p('postedTs'),
      closedAt: p('closesAt'),
      createdAt: p('answeredAt'),
      updatedAt: p('answeredAt'),
    })
    .prepare();

  for (let first = 0; first < members; first += GENERATE_BATCH) {
    sqlite.transaction(() => {
      for (let i = first; i < Math.min(members, first + GENERATE_BATCH); i += 1) {
        generateMember(i);
      }
    })();
  }

  function generateMember(i: number): void {
    const id = memberId(i);
    const team = teamOf(i);
    const channel = teamChannel(team);
    const next = team * TEAM + ((i + 1) % TEAM);
    const colleague = memberId(next < members ? next : team * TEAM);
    for (let k = 0; k < PER_MEMBER_YEAR.queueItems; k += 1) {
      const at = instantOf(weekdays, k, PER_MEMBER_YEAR.queueItems, i);
      insertItem.run({
        recipientId: id,
        payload: { text: corpus.queries[(i + k) % 200] ?? 'A notice.' },
        at,
        key: `sizing:history:${i}:${k}`,
        channel: `D${i}`,
        ts: `${Math.floor(at / 1000)}.000100`,
      });
    }
    counts.queueItems += PER_MEMBER_YEAR.queueItems;
    for (let k = 0; k < PER_MEMBER_YEAR.questions; k += 1) {
      const at = instantOf(weekdays, k, PER_MEMBER_YEAR.questions, i + 1);
      const question = insertQuestion.get({
        askerId: id,
        text: corpus.queries[(i * 7 + k) % 200] ?? 'How?',
        channelId: channel,
        route: [{ memberId: colleague, reason: 'knows the topic' }],
        answerText: corpus.document(members * PER_MEMBER_YEAR.documents + i * 12 + k).body,
        answeredBy: colleague,
        answeredAt: at + 3_600_000,
        at,
      });
      if (!question) throw new Error('a question was not stored');
      insertFollower.run({ questionId: question.id, userId: id, channelId: channel, at });
    }
    counts.questions += PER_MEMBER_YEAR.questions;
    const standupId = standupIds.get(team);
    if (standupId !== undefined) {
      let answered = 0;
      for (let d = 0; d < weekdays.length && answered < PER_MEMBER_YEAR.standupAnswers; d += 1) {
        if ((d + i) % 5 === 0) continue;
        const date = weekdays[d] as string;
        const promptAt = Date.parse(`${date}T09:30:00Z`);
        insertAnswer.run({
          standupId,
          memberId: id,
          date,
          promptAt,
          closesAt: promptAt + DAY,
          answers: [
            corpus.queries[(i + d) % 200] ?? 'Work.',
            corpus.queries[(i + d + 1) % 200] ?? 'More work.',
          ],
          answeredAt: promptAt + 20 * MINUTE,
          zone: ZONES[i % ZONES.length] ?? 'UTC',
          postedTs: `${Math.floor(promptAt / 1000) + 1200}.000100`,
        });
        answered += 1;
      }
      counts.standupAnswers += answered;
    } else {
      ctx.queue.enqueue(
        {
          kind: 'notice',
          recipientId: id,
          payload: { text: `Good morning: ${corpus.queries[i % 200] ?? 'news'}` },
          deliverAfter: WAVE_AT,
          idempotencyKey: `sizing:wave:${i}`,
        },
        now,
      );
      counts.waveNotices += 1;
    }
    for (let k = 0; k < PER_MEMBER_YEAR.decisions; k += 1) {
      const at = instantOf(weekdays, k, PER_MEMBER_YEAR.decisions, i + 2);
      ctx.decisions.create(
        {
          title: corpus.queries[(i * 3 + k) % 200] ?? 'A decision',
          why: corpus.document(i * 2 + k).body,
          options: [
            { name: 'Keep it', pros: 'Nothing to change', cons: 'The problem stays' },
            { name: 'Change it', pros: 'Solves the problem', cons: 'Work to do' },
          ],
          chosen: 'Change it',
          tradeOff: 'A week of work',
          status: 'accepted',
          loggedBy: id,
          channelId: channel,
          ownerIds: [id],
          consultedIds: [colleague],
          followUps: [{ text: 'Tell the team', ownerId: id, dueOn: null }],
          revisitOn: null,
        },
        at,
      );
    }
    counts.decisions += PER_MEMBER_YEAR.decisions;
    for (let k = 0; k < PER_MEMBER_YEAR.documents; k += 1) {
      ctx.knowledge.upsert(
        corpus.document(i * PER_MEMBER_YEAR.documents + k),
        instantOf(weekdays, k, PER_MEMBER_YEAR.documents, i + 3),
      );
    }
    counts.documents += PER_MEMBER_YEAR.documents;
  }
  sqlite.pragma('optimize');
  return counts;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** p50 and p95 of searchKnowledge over the corpus's varied queries, after a warm-up. */
export function searchLatency(
  ctx: MailroomContext,
  options: { runs?: number; queries?: number; corpus?: Corpus } = {},
) {
  const corpus = options.corpus ?? new Corpus();
  const runs = options.runs ?? SEARCH_RUNS;
  const queries = corpus.queries.slice(0, options.queries ?? corpus.queries.length);
  const deps = { knowledge: ctx.knowledge, lexicon: appLexicon() };
  const viewer = { isGuest: false, visibleChannelIds: ['C1', 'C7', 'C12', 'C30', 'C44'] };
  for (const query of queries.slice(0, 30)) searchKnowledge(deps, viewer, query);
  const times: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    for (const query of queries) {
      const started = performance.now();
      searchKnowledge(deps, viewer, query);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), queries: times.length };
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** Measures one size in a fresh folder under `dir` (removed after). */
export async function measureSize(
  members: number,
  options: { searchRuns?: number; searchQueries?: number; waveLimitMs?: number } = {},
): Promise<SizingMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-sizing-'));
  const databasePath = join(dir, 'mailroom.db');
  // Connections kept open longer than Node's 5 s, so that no post meets one the fake just
  // closed (a failed send that the next minute's tick would only then take back).
  const fake = await FakeSlack.start({ users: sizingUsers(members), keepAliveTimeoutMs: 65_000 });
  try {
    let now = QUIET_AT;
    const ctx = contextOn(databasePath, () => now);
    const client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl });
    const syncStarted = performance.now();
    const synced = await syncDirectory({
      members: ctx.members,
      appState: ctx.appState,
      source: slackDirectorySource(client),
      clock: () => now,
    });
    const directorySyncMs = performance.now() - syncStarted;

    const generateStarted = performance.now();
    const corpus = new Corpus();
    const generated = generateYear(ctx, members, corpus);
    const generateSeconds = (performance.now() - generateStarted) / 1000;
    ctx.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const databaseMiB = statSync(databasePath).size / 2 ** 20;
    const search = searchLatency(ctx, {
      runs: options.searchRuns,
      queries: options.searchQueries,
      corpus,
    });
    now = WAVE_AT;

    const child = await spawnMailroom({
      fake,
      databasePath,
      now: QUIET_AT,
      exposeGc: true,
      delivery: {
        rates: {
          perConversation: SLACK_RATES.postsPerConversation,
          perWorkspace: { perMinute: 1_000_000, burst: 100_000 },
          lookups: SLACK_RATES.tier3,
        },
      },
    });
    try {
      const quiet: number[] = [];
      for (let t = 0; t <= QUIET_TICKS; t += 1) {
        await child.setClock(QUIET_AT + t * MINUTE);
        const started = performance.now();
        await child.tick();
        // The first tick warms the process's statements up.
        if (t > 0) quiet.push(performance.now() - started);
      }
      const before = ctx.queue.countByState().delivered ?? 0;
      await child.setClock(WAVE_AT);
      const waveStarted = performance.now();
      await child.tick();
      const waveTickMs = performance.now() - waveStarted;
      const waveItems = generated.waveNotices + generated.wavePrompts;
      const limit = options.waveLimitMs ?? 30 * MINUTE;
      // As the cron does: a minute later, the next tick (it also takes back what a send that
      // failed on the way left claimed).
      let clock = WAVE_AT;
      let lastTick = performance.now();
      for (;;) {
        const counts = ctx.queue.countByState();
        const delivered = (counts.delivered ?? 0) - before;
        if (delivered >= waveItems && (counts.queued ?? 0) + (counts.sending ?? 0) === 0) break;
        if (performance.now() - waveStarted > limit) {
          throw new Error(`only ${delivered} of ${waveItems} items of the wave were delivered`);
        }
        if (performance.now() - lastTick >= MINUTE) {
          clock += MINUTE;
          await child.setClock(clock);
          await child.tick();
          lastTick = performance.now();
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const waveSeconds = (performance.now() - waveStarted) / 1000;
      const memory = await child.memoryKb();
      const peak = await child.maxRssKb();
      return {
        members,
        generated,
        generateSeconds,
        databaseMiB,
        directorySyncMs,
        directoryPages: synced.pages,
        searchP50Ms: search.p50,
        searchP95Ms: search.p95,
        searchQueries: search.queries,
        quietTickMs: median(quiet),
        waveTickMs,
        waveItems,
        waveSeconds,
        rssMiB: memory.rss / 1024,
        heapMiB: memory.heapUsed / 1024,
        peakRssMiB: peak / 1024,
      };
    } finally {
      await child.kill('SIGTERM');
      ctx.db.$client.close();
    }
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** users.list at Tier 2 (20 calls a minute; the first calls of a minute go at once). */
const USERS_LIST_PER_MINUTE = 20;

/** How long the directory sync takes on real Slack: its pages at Tier 2, or the local work if longer. */
export function directoryAtSlackPace(
  m: Pick<SizingMeasurement, 'directoryPages' | 'directorySyncMs'>,
): number {
  const paced =
    (Math.max(0, m.directoryPages - USERS_LIST_PER_MINUTE) / USERS_LIST_PER_MINUTE) * MINUTE;
  return Math.max(paced, m.directorySyncMs);
}

/** How long the morning's wave takes on real Slack: the workspace's pace, or the worker's own time if longer. */
export function waveAtSlackPace(m: Pick<SizingMeasurement, 'waveItems' | 'waveSeconds'>): number {
  const { perMinute, burst } = SLACK_RATES.postsPerWorkspace;
  const paced = (Math.max(0, m.waveItems - burst) / perMinute) * 60;
  return Math.max(paced, m.waveSeconds);
}

export interface Recommendation {
  cpus: number;
  memoryMiB: number;
  diskGiB: number;
}

const roundUpTo = (value: number, step: number) => Math.ceil(value / step) * step;

/**
 * What to give Mailroom for a size: memory for twice the measured peak (the search threads and
 * a busier minute on top of it), rounded up to 256 MiB, at least 512 MiB; disk for three years
 * of data plus a backup of it, rounded up to 1 GiB. CPUs: one while the busiest tick stays
 * under a second and a search p95 under 250 ms; two (a search thread with a core of its own
 * beside the tick and the delivery worker) while they stay under 10 s and 1 s; else four.
 */
export function recommend(m: SizingMeasurement): Recommendation {
  const memoryMiB = Math.max(512, roundUpTo(2 * m.peakRssMiB, 256));
  const diskGiB = Math.max(1, Math.ceil((m.databaseMiB * 3 * 2) / 1024));
  const cpus =
    m.waveTickMs < 1_000 && m.searchP95Ms < 250
      ? 1
      : m.waveTickMs < 10_000 && m.searchP95Ms < 1_000
        ? 2
        : 4;
  return { cpus, memoryMiB, diskGiB };
}

/** One recommendation per measurement, never less for a larger team than for a smaller one. */
export function recommendations(measurements: readonly SizingMeasurement[]): Recommendation[] {
  const bySize = [...measurements].sort((a, b) => a.members - b.members);
  const floor: Recommendation = { cpus: 0, memoryMiB: 0, diskGiB: 0 };
  const raised = new Map<SizingMeasurement, Recommendation>();
  for (const m of bySize) {
    const own = recommend(m);
    floor.cpus = Math.max(floor.cpus, own.cpus);
    floor.memoryMiB = Math.max(floor.memoryMiB, own.memoryMiB);
    floor.diskGiB = Math.max(floor.diskGiB, own.diskGiB);
    raised.set(m, { ...floor });
  }
  return measurements.map((m) => raised.get(m) ?? recommend(m));
}

const count = (n: number) => n.toLocaleString('en-US');
export const msText = (x: number) =>
  x >= 10_000
    ? `${(x / 1000).toFixed(0)} s`
    : x >= 1000
      ? `${(x / 1000).toFixed(1)} s`
      : `${x.toFixed(x < 10 ? 1 : 0)} ms`;
export const durationText = (seconds: number) =>
  seconds >= 90 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
const memoryText = (mib: number) =>
  mib >= 1024 ? `${(mib / 1024).toFixed(mib % 1024 === 0 ? 0 : 1)} GiB` : `${mib} MiB`;

/** The sizing table, as docs/operating.md shows it: one row per size. */
export function sizingTable(measurements: readonly SizingMeasurement[]): string[] {
  const lines = [
    '| members | database on disk | memory: RSS / heap after GC (peak RSS) | minute tick: quiet / 09:30 wave | directory sync: measured / at Tier 2 | search p50 / p95 | morning wave: items, worker / at Slack’s pace | recommended: CPU, memory, disk |',
    '| ---: | ---: | --- | --- | --- | --- | --- | --- |',
  ];
  const recommended = recommendations(measurements);
  measurements.forEach((m, index) => {
    const r = recommended[index] ?? recommend(m);
    lines.push(
      `| ${count(m.members)} | ${m.databaseMiB.toFixed(0)} MiB | ${m.rssMiB.toFixed(0)} / ${m.heapMiB.toFixed(0)} MiB (${m.peakRssMiB.toFixed(0)} MiB) | ${msText(m.quietTickMs)} / ${msText(m.waveTickMs)} | ${msText(m.directorySyncMs)} / ${durationText(directoryAtSlackPace(m) / 1000)} | ${msText(m.searchP50Ms)} / ${msText(m.searchP95Ms)} | ${count(m.waveItems)}, ${durationText(m.waveSeconds)} / ${durationText(waveAtSlackPace(m))} | ${r.cpus} CPU, ${memoryText(r.memoryMiB)}, ${r.diskGiB} GiB |`,
    );
  });
  return lines;
}

function rowsOf(m: SizingMeasurement): BenchRow[] {
  const g = m.generated;
  return [
    {
      figure: `${count(m.members)} members: database on disk`,
      value: `${m.databaseMiB.toFixed(1)} MiB`,
      workload: `${count(g.queueItems)} delivered items, ${count(g.questions)} answered questions, ${count(g.standupAnswers)} standup answers in ${count(g.standups)} standups, ${count(g.decisions)} decisions, ${count(g.documents)} documents; generated in ${g.queueItems > 0 ? m.generateSeconds.toFixed(0) : 0} s`,
    },
    {
      figure: `${count(m.members)} members: memory after the wave, RSS / heap after a full GC`,
      value: `${m.rssMiB.toFixed(0)} / ${m.heapMiB.toFixed(0)} MiB`,
      reference: `peak RSS ${m.peakRssMiB.toFixed(0)} MiB`,
      workload: 'the real process (tsx), after start, quiet ticks, the 09:30 tick and its wave',
    },
    {
      figure: `${count(m.members)} members: minute tick, quiet / at 09:30`,
      value: `${msText(m.quietTickMs)} / ${msText(m.waveTickMs)}`,
      reference: 'the tick runs once a minute',
      workload: `median of ${QUIET_TICKS} quiet ticks; the 09:30 tick queues ${count(g.wavePrompts)} standup prompts`,
    },
    {
      figure: `${count(m.members)} members: first directory sync`,
      value: msText(m.directorySyncMs),
      reference: `at Tier 2 (20 users.list a minute): ${durationText(directoryAtSlackPace(m) / 1000)}`,
      workload: `${m.directoryPages} ${m.directoryPages === 1 ? 'page' : 'pages'} of 200 from the fake Slack on loopback`,
    },
    {
      figure: `${count(m.members)} members: search p50 / p95`,
      value: `${msText(m.searchP50Ms)} / ${msText(m.searchP95Ms)}`,
      workload: `${count(g.documents)} documents, ${count(m.searchQueries)} searches (searchKnowledge, limit 5)`,
    },
    {
      figure: `${count(m.members)} members: morning wave`,
      value: `${durationText(m.waveSeconds)}`,
      reference: `at Slack’s pace (${SLACK_RATES.postsPerWorkspace.perMinute} a minute, burst ${SLACK_RATES.postsPerWorkspace.burst}): ${durationText(waveAtSlackPace(m))}`,
      workload: `${count(m.waveItems)} DMs due at 09:30 (${count(g.wavePrompts)} standup prompts, ${count(g.waveNotices)} items), workspace cap lifted`,
    },
  ];
}

export function sizesFromEnvironment(value = process.env.BENCH_SIZING_SIZES): number[] {
  if (!value) return DEFAULT_SIZES;
  const sizes = value.split(',').map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isInteger(s) || s < 2)) {
    throw new Error(`BENCH_SIZING_SIZES must be whole numbers of members, 2 or more: "${value}"`);
  }
  return sizes;
}

export async function run(): Promise<BenchResult> {
  const measurements: SizingMeasurement[] = [];
  for (const members of sizesFromEnvironment()) {
    process.stderr.write(`sizing: ${count(members)} members…\n`);
    measurements.push(await measureSize(members));
  }
  return {
    title: 'Sizing: a year of a team’s data at each size',
    rows: measurements.flatMap(rowsOf),
    notes: [
      `Sizing: per member and year, ${PER_MEMBER_YEAR.queueItems} delivered DMs, ${PER_MEMBER_YEAR.questions} answered questions, ${PER_MEMBER_YEAR.standupAnswers} standup answers (half the members, in standups of ${TEAM}), ${PER_MEMBER_YEAR.decisions} decisions and ${PER_MEMBER_YEAR.documents} documents. Memory and ticks are the real process's (run through tsx); searches and the directory sync run in the bench's process through the same services. The wave and the directory sync on real Slack are projections from Slack's published rates; everything else is measured.`,
    ],
    sections: ['## Sizing table (docs/operating.md)', '', ...sizingTable(measurements)],
  };
}
