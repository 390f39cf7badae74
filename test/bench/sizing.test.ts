import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../bench/search-latency.js';
import {
  directoryAtSlackPace,
  generateYear,
  memberId,
  PER_MEMBER_YEAR,
  recommend,
  recommendations,
  type SizingMeasurement,
  searchLatency,
  sizesFromEnvironment,
  sizingTable,
  WAVE_AT,
  waveAtSlackPace,
} from '../../bench/sizing.js';
import { createContext } from '../../src/context.js';
import { openDatabase } from '../../src/core/store/db.js';
import { profile, tempDatabasePath } from '../support/store.js';

const MEMBERS = 12;
const QUIET = WAVE_AT - 20 * 60_000;

function measured(patch: Partial<SizingMeasurement> = {}): SizingMeasurement {
  return {
    members: 2_000,
    generated: {
      queueItems: 480_000,
      questions: 24_000,
      standups: 100,
      standupAnswers: 200_000,
      decisions: 4_000,
      documents: 10_000,
      waveNotices: 1_000,
      wavePrompts: 1_000,
    },
    generateSeconds: 30,
    databaseMiB: 400.4,
    directorySyncMs: 1_234,
    directoryPages: 11,
    searchP50Ms: 4.25,
    searchP95Ms: 38.5,
    searchQueries: 900,
    quietTickMs: 3.21,
    waveTickMs: 420,
    waveItems: 2_000,
    waveSeconds: 12.5,
    rssMiB: 180.2,
    heapMiB: 40.7,
    peakRssMiB: 300.4,
    ...patch,
  };
}

describe('the sizing bench', () => {
  it('generates a year of data per member through the store, with the morning’s wave due at 09:30', () => {
    let now = QUIET;
    const ctx = createContext({
      db: openDatabase(tempDatabasePath()),
      clock: () => now,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3_600_000 },
    });
    ctx.members.upsertProfiles(
      Array.from({ length: MEMBERS }, (_, i) => profile(memberId(i))),
      now,
    );
    const corpus = new Corpus();
    const generated = generateYear(ctx, MEMBERS, corpus);

    // Teams of ten, every other one with a standup: members 0-9 are in one, 10 and 11 are not.
    expect(generated).toEqual({
      queueItems: MEMBERS * PER_MEMBER_YEAR.queueItems,
      questions: MEMBERS * PER_MEMBER_YEAR.questions,
      standups: 1,
      standupAnswers: 10 * PER_MEMBER_YEAR.standupAnswers,
      decisions: MEMBERS * PER_MEMBER_YEAR.decisions,
      documents: MEMBERS * PER_MEMBER_YEAR.documents,
      waveNotices: 2,
      wavePrompts: 10,
    });
    expect(ctx.queue.countByState()).toEqual({
      delivered: MEMBERS * PER_MEMBER_YEAR.queueItems,
      queued: 2,
    });
    expect(ctx.decisions.count()).toBe(MEMBERS * PER_MEMBER_YEAR.decisions);
    expect(ctx.knowledge.count()).toBe(MEMBERS * PER_MEMBER_YEAR.documents);
    const question = ctx.questions.get(1);
    expect(question?.state).toBe('answered');
    expect(question?.route).toEqual([{ memberId: memberId(1), reason: 'knows the topic' }]);
    expect(ctx.questions.followers(1).map((f) => f.userId)).toEqual([memberId(0)]);
    const [standup] = ctx.standups.active();
    const asked = ctx.standups.membersOf(standup?.id ?? 0);
    expect(asked.map((m) => m.nextPromptAt)).toEqual(Array(10).fill(WAVE_AT));
    const entries = ctx.standups.entriesBetween(standup?.id ?? 0, '2025-01-01', '2026-03-08');
    expect(entries).toHaveLength(10 * PER_MEMBER_YEAR.standupAnswers);
    expect(entries[0]?.answers).toHaveLength(2);

    now = WAVE_AT;
    const search = searchLatency(ctx, { runs: 2, queries: 40, corpus });
    expect(search.queries).toBe(80);
    expect(search.p95).toBeGreaterThanOrEqual(search.p50);
    ctx.db.$client.close();
  });

  it('prints one row per size, with what it recommends from what was measured', () => {
    const lines = sizingTable([measured(), measured({ members: 100, peakRssMiB: 150 })]);
    expect(lines).toHaveLength(4);
    const columns = (line: string) => line.split(' | ').length;
    expect(lines.every((line) => columns(line) === columns(lines[0] ?? ''))).toBe(true);
    expect(lines[2]).toBe(
      '| 2,000 | 400 MiB | 180 / 41 MiB (300 MiB) | 3.2 ms / 420 ms | 1.2 s / 1.2 s | 4.3 ms / 39 ms | 2,000, 13 s / 3.2 min | 1 CPU, 768 MiB, 3 GiB |',
    );
    expect(lines[3]).toContain('| 100 |');
  });

  it('recommends memory for twice the peak, disk for three years and a backup, CPUs for the busiest minute and searches', () => {
    expect(recommend(measured())).toEqual({ cpus: 1, memoryMiB: 768, diskGiB: 3 });
    expect(recommend(measured({ peakRssMiB: 100, databaseMiB: 10 }))).toEqual({
      cpus: 1,
      memoryMiB: 512,
      diskGiB: 1,
    });
    expect(recommend(measured({ searchP95Ms: 300 })).cpus).toBe(2);
    expect(recommend(measured({ waveTickMs: 1_500 })).cpus).toBe(2);
    expect(recommend(measured({ waveTickMs: 12_000 })).cpus).toBe(4);
    expect(recommend(measured({ searchP95Ms: 1_200 })).cpus).toBe(4);
  });

  it('never recommends less for a larger team than for a smaller one', () => {
    const small = measured({ members: 100, searchP95Ms: 300, peakRssMiB: 400, databaseMiB: 10 });
    const large = measured({ members: 500, searchP95Ms: 90, peakRssMiB: 200, databaseMiB: 70 });
    expect(recommendations([large, small])).toEqual([
      { cpus: 2, memoryMiB: 1_024, diskGiB: 1 },
      { cpus: 2, memoryMiB: 1_024, diskGiB: 1 },
    ]);
  });

  it('projects the wave and the directory sync at Slack’s published pace', () => {
    // 600 a minute after a burst of 60: 1,940 more take 194 s.
    expect(waveAtSlackPace({ waveItems: 2_000, waveSeconds: 12.5 })).toBeCloseTo(194);
    // A wave smaller than the burst takes the worker's own time.
    expect(waveAtSlackPace({ waveItems: 50, waveSeconds: 0.8 })).toBe(0.8);
    // users.list at 20 a minute: 50 pages take 90 s beyond the first 20.
    expect(directoryAtSlackPace({ directoryPages: 50, directorySyncMs: 4_000 })).toBe(90_000);
    expect(directoryAtSlackPace({ directoryPages: 3, directorySyncMs: 700 })).toBe(700);
  });

  it('reads the sizes from BENCH_SIZING_SIZES, refusing what is not a number of members', () => {
    expect(sizesFromEnvironment(undefined)).toEqual([100, 500, 2_000, 10_000]);
    expect(sizesFromEnvironment('50, 300')).toEqual([50, 300]);
    expect(() => sizesFromEnvironment('ten')).toThrow(/BENCH_SIZING_SIZES must be whole numbers/);
    expect(() => sizesFromEnvironment('100,1')).toThrow(/2 or more/);
  });

  it('is the table the operator’s guide shows: its columns, and a row for each default size', () => {
    const guide = readFileSync(new URL('../../docs/operating.md', import.meta.url), 'utf8');
    const [header, separator] = sizingTable([]);
    const lines = guide.split('\n');
    const at = lines.indexOf(header ?? '');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(separator);
    const after = lines.slice(at + 2);
    const end = after.findIndex((line) => !line.startsWith('|'));
    const rows = end === -1 ? after : after.slice(0, end);
    expect(rows.map((row) => row.split(' | ')[0])).toEqual([
      '| 100',
      '| 500',
      '| 2,000',
      '| 10,000',
    ]);
    for (const row of rows) {
      expect(row).toMatch(
        /^\| [\d,]+ \| \d+ MiB \| \d+ \/ \d+ MiB \(\d+ MiB\) \| .+ \| \d CPU, [\d.]+ (MiB|GiB), \d+ GiB \|$/,
      );
    }
  });
});
