/**
 * Working time counted in one person's own hours, with their away periods taken out: when a
 * window of N working hours that opens at some instant ends for them, and how much of their
 * working time lies between two instants. Pure: every instant is passed in.
 *
 * The hours are read from the concrete intervals of working-hours.ts, so a night, a weekend or
 * a day the clock changes on counts exactly the working minutes that the person's wall clock
 * shows (09:00–17:00 is eight hours on a 23- or a 25-hour day alike). Away time is taken out of
 * those intervals: an away period with an end pauses the count, which resumes when they are
 * back; one with no end stops it, and the window never ends for them (`never`).
 */
import { type WorkingHours, workingIntervalsBetween } from './working-hours.js';

/** A stretch in which the person is away; `until` null: no end date is known. */
export interface AwayPeriod {
  from: number;
  until: number | null;
  /** Why, as the person said it ("🌴 Vacationing"), for whoever is told about it. */
  why?: string;
}

/** Where a window of working time ends for one person. */
export type WorkingDeadline =
  | {
      kind: 'at';
      /** The first instant of their working time inside the window: when it really starts. */
      startsAt: number;
      /** The instant the last working minute of the window has passed. */
      endsAt: number;
    }
  /** An away period with no end began before the window was used up: it never ends for them. */
  | { kind: 'never'; away: AwayPeriod };

const DAY = 24 * 60 * 60 * 1000;
/** Working intervals are read a few weeks at a time. */
const CHUNK = 28 * DAY;
/** No window is placed more than this far out (a few working hours a week still fit). */
const HORIZON = 2 * 366 * DAY;

interface Span {
  start: number;
  end: number;
}

/** `spans` with every away period cut out of them; in order, still disjoint. */
function withoutAway(spans: readonly Span[], away: readonly AwayPeriod[]): Span[] {
  let left: Span[] = [...spans];
  for (const period of away) {
    const until = period.until ?? Number.POSITIVE_INFINITY;
    if (!(until > period.from)) continue;
    const next: Span[] = [];
    for (const span of left) {
      if (until <= span.start || period.from >= span.end) {
        next.push(span);
        continue;
      }
      if (span.start < period.from) next.push({ start: span.start, end: period.from });
      if (until < span.end) next.push({ start: until, end: span.end });
    }
    left = next;
  }
  return left;
}

/** The away period with no end that has begun by `instant`, if any. */
function openEndedAwayBy(away: readonly AwayPeriod[], instant: number): AwayPeriod | undefined {
  return away
    .filter((period) => period.until === null && period.from <= instant)
    .sort((x, y) => x.from - y.from)[0];
}

/**
 * The instant at which `durationMs` of the person's working time, away periods taken out, has
 * passed since `start`; a window of no length ends where their working time next resumes.
 * `never` when an away period with no end begins before the window is used up.
 */
export function workingDeadline(
  hours: WorkingHours,
  away: readonly AwayPeriod[],
  start: number,
  durationMs: number,
): WorkingDeadline {
  let remaining = Math.max(0, durationMs);
  let startsAt: number | undefined;
  for (let from = start; from < start + HORIZON; from += CHUNK) {
    const to = from + CHUNK;
    for (const span of withoutAway(workingIntervalsBetween(hours, from, to), away)) {
      startsAt ??= span.start;
      const length = span.end - span.start;
      if (remaining <= length) return { kind: 'at', startsAt, endsAt: span.start + remaining };
      remaining -= length;
    }
    const stopped = openEndedAwayBy(away, to);
    if (stopped) return { kind: 'never', away: stopped };
  }
  throw new RangeError('Working time too long to place within two years');
}

/**
 * How much of the person's working time lies in [from, to), away periods taken out: the
 * inverse of `workingDeadline` (a window's end is where this reaches its length).
 */
export function workingTimeBetween(
  hours: WorkingHours,
  away: readonly AwayPeriod[],
  from: number,
  to: number,
): number {
  let total = 0;
  for (let begin = from; begin < to; begin += CHUNK) {
    const end = Math.min(to, begin + CHUNK);
    for (const span of withoutAway(workingIntervalsBetween(hours, begin, end), away)) {
      total += span.end - span.start;
    }
  }
  return total;
}

/** One reviewer's window laid on their hours: when it opens, ends, and when to remind them. */
export interface LaidWindow {
  /** Null when it never opens or ends: away with no end date. */
  startsAt: number | null;
  endsAt: number | null;
  /** Where half the window has passed; undefined when it already has (before `from`). */
  halfAt: number | null | undefined;
  /** Why it never ends, for whoever is told. */
  awayWhy: string | null;
}

/**
 * A window of `windowMs` working time, of which `spentMs` is already used, laid on `hours` from
 * `from`: what is left runs in their working time from then on, away periods taken out. A
 * change of hours or away mid-window keeps what was spent, and lays only the rest on the new.
 */
export function layWindow(
  hours: WorkingHours,
  away: readonly AwayPeriod[],
  from: number,
  windowMs: number,
  spentMs: number,
): LaidWindow {
  const end = workingDeadline(hours, away, from, Math.max(0, windowMs - spentMs));
  const halfLeft = windowMs / 2 - spentMs;
  const half = halfLeft > 0 ? workingDeadline(hours, away, from, halfLeft) : undefined;
  return {
    startsAt: end.kind === 'at' ? end.startsAt : null,
    endsAt: end.kind === 'at' ? end.endsAt : null,
    halfAt: half === undefined ? undefined : half.kind === 'at' ? half.endsAt : null,
    awayWhy: end.kind === 'never' ? (end.away.why ?? 'away with no end date') : null,
  };
}
