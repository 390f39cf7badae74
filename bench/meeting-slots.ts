/**
 * The /meet slot finder at the size the issue sets: 50 participants over a 14-day window in
 * 15-minute steps (target: under 50 ms), and the meeting-kind classifier's share right on its
 * tuning set, on the first held-out set (now a regression set) and on the fresh one it was never
 * tuned on, each as written, sent to a small group and sent to a channel.
 *
 * The team is seeded, so every run builds the same one: 50 people in 14 real zones (Kathmandu's
 * +05:45, St John's -02:30, Lord Howe's half-hour DST among them) on seven kinds of hours (9 to
 * 5, early and late shifts, split days, a four-day week, part time, night shifts). The windows
 * start on 23 March 2026, so the EU and Lord Howe / Sydney DST changes fall inside them.
 *
 * Time zone offsets are read from Intl and remembered per instant, so a second search over the
 * same days is faster than the first: "first look" runs each search on a window (four weeks
 * later each time) the process has never computed; "again" repeats one window.
 */
import { readFileSync } from 'node:fs';
import type { IsoWeekday } from '../src/core/domain/local-time.js';
import { dailyWindows, isWorkingAt, type WorkWindow } from '../src/core/domain/working-hours.js';
import { type MeetingKind, suggestKind } from '../src/features/meetings/domain/meeting-kind.js';
import { findSlots, type SlotParticipant } from '../src/features/meetings/domain/slots.js';
import type { BenchResult } from './run.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PARTICIPANTS = 50;
const WINDOW_DAYS = 14;
const STEP = 15 * MINUTE;
const RUNS = 15;
const FIRST_WINDOW = Date.parse('2026-03-23T00:00:00Z');
/** Far enough apart that no two windows (with the days around them the finder reads) share a day. */
const APART = 28 * DAY;

const ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/New_York',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Africa/Nairobi',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
];

const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const HOURS: WorkWindow[][] = [
  dailyWindows(9 * 60, 17 * 60, WEEKDAYS),
  dailyWindows(7 * 60, 15 * 60, WEEKDAYS),
  dailyWindows(11 * 60, 19 * 60, WEEKDAYS),
  [...dailyWindows(9 * 60, 12 * 60, WEEKDAYS), ...dailyWindows(14 * 60, 18 * 60, WEEKDAYS)],
  dailyWindows(8 * 60, 18 * 60, [1, 2, 3, 4]),
  dailyWindows(9 * 60, 13 * 60, [1, 3, 5]),
  dailyWindows(22 * 60, 30 * 60, [7, 1, 2, 3, 4]),
];

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function team(): SlotParticipant[] {
  const rand = random(20_260_323);
  return Array.from({ length: PARTICIPANTS }, (_, i) => {
    // Most people on ordinary days; one in seven on each of the unusual patterns.
    const hours = rand() < 0.55 ? HOURS[0] : HOURS[1 + Math.floor(rand() * (HOURS.length - 1))];
    return {
      id: `U${String(i).padStart(3, '0')}`,
      hours: {
        timeZone: ZONES[Math.floor(rand() * ZONES.length)] as string,
        windows: hours as WorkWindow[],
      },
    };
  });
}

/** No two alike: each person's zone, kind of hours and a 15-minute shift of them differ. */
function distinctTeam(): SlotParticipant[] {
  return Array.from({ length: PARTICIPANTS }, (_, i) => {
    const shift = Math.floor(i / ZONES.length) * 15;
    const windows = (HOURS[i % HOURS.length] as WorkWindow[]).map((w) => ({
      ...w,
      startMinute: w.startMinute + shift,
      endMinute: w.endMinute + shift,
    }));
    return {
      id: `U${String(i).padStart(3, '0')}`,
      hours: { timeZone: ZONES[i % ZONES.length] as string, windows },
    };
  });
}

const distinctSchedules = (people: readonly SlotParticipant[]) =>
  new Set(people.map((p) => `${p.hours.timeZone} ${JSON.stringify(p.hours.windows)}`)).size;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Table {
  what: string;
  kind: MeetingKind;
}

/**
 * The share right on one set. Who takes part is not an input of the classifier (a small group
 * and a whole channel get the same reading of the same words), so one figure stands for both.
 */
function classifierShare(file: string): { right: number; total: number } {
  const url = new URL(`./data/meeting-requests/${file}`, import.meta.url);
  const rows = JSON.parse(readFileSync(url, 'utf8')) as Table[];
  const right = rows.filter((r) => suggestKind({ what: r.what }).kind === r.kind).length;
  return { right, total: rows.length };
}

const CLASSIFIER_SETS = [
  { file: 'tuning.json', what: 'tuning set (tuned on)' },
  { file: 'held-out.json', what: 'first held-out set (tuned on in round two: regression)' },
  { file: 'fresh.json', what: 'FRESH HELD-OUT set (never tuned on)' },
] as const;

export async function run(): Promise<BenchResult> {
  const participants = team();
  const ledger = new Map(participants.slice(0, 10).map((p, i) => [p.id, 60 * (i + 1)]));
  const search = (
    from: number,
    durationMinutes: number,
    policy: 'transactional' | 'social',
    people = participants,
  ) =>
    findSlots({
      participants: people,
      from,
      to: from + WINDOW_DAYS * DAY,
      durationMs: durationMinutes * MINUTE,
      stepMs: STEP,
      policy,
      ...(policy === 'social' ? { ledger } : {}),
    });

  // One search before timing, on a window no timed run uses: the code is compiled, the
  // Intl formatters exist; no offset of a timed window is known yet.
  search(FIRST_WINDOW - 52 * 7 * DAY, 30, 'transactional');

  const firstLook: number[] = [];
  let candidates = 0;
  for (let i = 0; i < RUNS; i++) {
    const from = FIRST_WINDOW + i * APART;
    firstLook.push(time(() => (candidates = search(from, 30, 'transactional').candidates)));
  }
  const again: number[] = [];
  for (let i = 0; i < RUNS; i++) again.push(time(() => search(FIRST_WINDOW, 30, 'transactional')));
  const social: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const from = FIRST_WINDOW + (RUNS + i) * APART;
    social.push(time(() => search(from, 60, 'social')));
  }

  const unlike = distinctTeam();
  const distinct: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const from = FIRST_WINDOW + (2 * RUNS + i) * APART;
    distinct.push(time(() => search(from, 30, 'transactional', unlike)));
  }

  // The approach the sweep replaces: ask "is this person working?" every 15 minutes of each
  // candidate meeting, for each person (and even this misses a change inside a quarter).
  const naive = time(() => {
    const from = FIRST_WINDOW;
    for (let start = from; start + 30 * MINUTE <= from + WINDOW_DAYS * DAY; start += STEP) {
      for (const p of participants) {
        isWorkingAt(p.hours, start);
        isWorkingAt(p.hours, start + STEP);
      }
    }
  });
  const sweepSameWindow = median(again);

  const share = (s: { right: number; total: number }) =>
    `${s.right}/${s.total} (${((100 * s.right) / s.total).toFixed(1)}%)`;
  const workload = `${PARTICIPANTS} people in ${ZONES.length} zones, 7 kinds of hours (${distinctSchedules(participants)} distinct zone and hours), ${WINDOW_DAYS} days, 15-min steps (${candidates} starts)`;

  return {
    title: 'Meetings: slot finder and classifier',
    rows: [
      {
        figure: 'slot finder, 30 min, transactional, first look at the window (median; p90)',
        value: `${ms(median(firstLook))}; ${ms(percentile(firstLook, 0.9))}`,
        reference: 'target < 50 ms',
        workload,
      },
      {
        figure: 'slot finder, 30 min, the same window again (median)',
        value: ms(sweepSameWindow),
        reference: 'target < 50 ms',
        workload,
      },
      {
        figure: 'slot finder, 60 min, social with a 10-person ledger, first look (median; p90)',
        value: `${ms(median(social))}; ${ms(percentile(social, 0.9))}`,
        reference: 'target < 50 ms',
        workload,
      },
      {
        figure: 'slot finder, 30 min, no two people alike, first look (median; p90)',
        value: `${ms(median(distinct))}; ${ms(percentile(distinct, 0.9))}`,
        reference: 'target < 50 ms',
        workload: `${PARTICIPANTS} people, ${distinctSchedules(unlike)} distinct zone and hours, ${WINDOW_DAYS} days, 15-min steps`,
      },
      {
        figure: 'baseline: isWorkingAt per person per quarter of each candidate (one run)',
        value: `${ms(naive)} (${(naive / sweepSameWindow).toFixed(0)}× the sweep on the same window)`,
        workload,
      },
      ...CLASSIFIER_SETS.map(({ file, what }) => ({
        figure: `meeting-kind classifier, share right, ${what}`,
        value: share(classifierShare(file)),
        workload: `bench/data/meeting-requests/${file}; the same for any group (size is not an input)`,
      })),
    ],
    notes: [
      `Slot finder timings are over ${RUNS} runs; each "first look" run uses a window four weeks after the one before, so no offset in it was computed before.`,
    ],
  };
}
