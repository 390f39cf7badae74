import { type WorkingHours, workingIntervalsBetween } from '../../../core/domain/working-hours.js';

/**
 * The slot finder: when a group could meet. Pure; every instant is UTC epoch milliseconds.
 *
 * Each participant's working intervals over the window are built once (from the working-hours
 * model: several windows a day, night shifts, DST), then every candidate start is measured by
 * sweeping those intervals with a pointer that only moves forward, so the cost grows with
 * participants × (steps + intervals), not with a per-minute "is this working?" question.
 *
 * For each person and slot it measures the whole duration, not only the start:
 * - `outsideMinutes`: the minutes of the meeting that fall outside their working hours;
 * - `stretchMinutes`: how far their working time would have to stretch to cover it: a meeting
 *   that runs 15 minutes past the end of their day stretches it by 15 minutes, one at 01:00 for
 *   someone who stops at 18:00 by 7 hours and more. This is the burden the ranking weighs and the
 *   fairness ledger records: a meeting in the middle of someone's night costs them more than one
 *   just after their day ends.
 */

export interface SlotParticipant {
  id: string;
  hours: WorkingHours;
  /** Away (on vacation, say) until this instant: their working hours before it do not count. */
  awayUntil?: number | undefined;
}

/**
 * `transactional`: as little time outside anyone's hours as possible, then the soonest.
 * `social`: the least worst burden once the group's past social meetings (the ledger) are
 * counted, then the least total burden: the inconvenience rotates.
 */
export type SlotPolicy = 'transactional' | 'social';

export interface SlotSearch {
  participants: readonly SlotParticipant[];
  /** Meetings start at or after `from` and end by `to`. */
  from: number;
  to: number;
  durationMs: number;
  /**
   * Starts fall on multiples of this since the epoch. Every zone's offset is a multiple of 15
   * minutes, so 15-minute steps start at :00, :15, :30 or :45 on everyone's clock.
   */
  stepMs: number;
  policy: SlotPolicy;
  /** Social: each person's out-of-hours minutes from the group's past social meetings. */
  ledger?: ReadonlyMap<string, number>;
  /** How many slots to return (default 3). */
  count?: number;
}

export interface OutsideHours {
  id: string;
  outsideMinutes: number;
  stretchMinutes: number;
}

export interface RankedSlot {
  start: number;
  end: number;
  /** Who is outside their working hours for some of it, the most stretched first. */
  outside: OutsideHours[];
  /** The ranking's figures: the worst burden after this slot (ledger included), and the sum of its stretches. */
  worstMinutes: number;
  totalMinutes: number;
}

export interface SlotProposal {
  /** The best slots, best first, each placing the burden differently where the window allows. */
  slots: RankedSlot[];
  /** Time in the window when everyone is working at once. */
  sharedMs: number;
  /** Candidate starts measured. */
  candidates: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Working time this far beyond the window still counts as the edge a stretch is measured to. */
const PAD = 3 * DAY;

interface Track {
  id: string;
  starts: number[];
  ends: number[];
  /** The first interval that ends after the current candidate's start. */
  next: number;
  ledgerMinutes: number;
}

interface Measure {
  outsideMs: number;
  stretchMs: number;
}

interface Candidate {
  start: number;
  worst: number;
  total: number;
  outsideCount: number;
  /** Where its payers start in the search's bit set: who is outside their hours in it. */
  payers: number;
}

/** The best `count` slots for the group in the window, ranked by `policy`. */
export function findSlots(search: SlotSearch): SlotProposal {
  const { durationMs, stepMs } = search;
  if (!(durationMs > 0) || !(stepMs > 0))
    throw new RangeError('duration and step must be positive');
  const tracks = tracksOf(search.participants, search);
  const social = search.policy === 'social';
  const candidates: Candidate[] = [];
  const first = Math.ceil(search.from / stepMs) * stepMs;
  const payers = payerSet(tracks.length, Math.floor((search.to - durationMs - first) / stepMs) + 1);
  for (let start = first; start + durationMs <= search.to; start += stepMs) {
    const end = start + durationMs;
    let worst = 0;
    let total = 0;
    let outsideCount = 0;
    const at = candidates.length * payers.words;
    for (let i = 0; i < tracks.length; i++) {
      const track = tracks[i] as Track;
      while (track.next < track.ends.length && (track.ends[track.next] as number) <= start) {
        track.next += 1;
      }
      const stretch = Math.round(measure(track, track.next, start, end).stretchMs / MINUTE);
      if (stretch > 0) {
        outsideCount += 1;
        payers.bits[at + (i >> 5)] = (payers.bits[at + (i >> 5)] as number) | (1 << (i & 31));
      }
      total += stretch;
      const burden = social ? track.ledgerMinutes + stretch : stretch;
      if (burden > worst) worst = burden;
    }
    candidates.push({ start, worst, total, outsideCount, payers: at });
  }
  candidates.sort(
    (a, b) =>
      a.worst - b.worst ||
      a.total - b.total ||
      a.outsideCount - b.outsideCount ||
      a.start - b.start,
  );
  let ranked = candidates;
  // A transactional meeting stays inside everyone's hours whenever it can.
  if (!social && candidates[0]?.outsideCount === 0) {
    ranked = candidates.filter((c) => c.outsideCount === 0);
  }
  const picks = pickOptions(ranked, search.count ?? 3, durationMs, (a, b) =>
    samePayers(payers, a, b),
  );
  return {
    slots: picks.map((pick) => describe(pick, tracks, durationMs)),
    sharedMs: sharedTime(tracks, search.from, search.to),
    candidates: candidates.length,
  };
}

/** How one slot falls for each person (for a slot chosen elsewhere, such as a confirmed one). */
export function measureSlot(
  participants: readonly SlotParticipant[],
  start: number,
  end: number,
): OutsideHours[] {
  return outsideOf(tracksOf(participants, { from: start, to: end }), start, end);
}

/** Each participant's intervals, built once per distinct set of hours (teams share many). */
function tracksOf(
  participants: readonly SlotParticipant[],
  search: Pick<SlotSearch, 'from' | 'to' | 'ledger'>,
): Track[] {
  const built = new Map<string, { starts: number[]; ends: number[] }>();
  return participants.map((participant) => {
    const away = participant.awayUntil ?? Number.NEGATIVE_INFINITY;
    const key = `${participant.hours.timeZone} ${JSON.stringify(participant.hours.windows)} ${away}`;
    let spans = built.get(key);
    if (!spans) {
      const found = workingIntervalsBetween(participant.hours, search.from - PAD, search.to + PAD)
        .filter((span) => span.end > away)
        .map((span) => ({ start: Math.max(span.start, away), end: span.end }));
      spans = { starts: found.map((s) => s.start), ends: found.map((s) => s.end) };
      built.set(key, spans);
    }
    return {
      id: participant.id,
      starts: spans.starts,
      ends: spans.ends,
      next: 0,
      ledgerMinutes: search.ledger?.get(participant.id) ?? 0,
    };
  });
}

function firstEndingAfter(track: Track, instant: number): number {
  let low = 0;
  let high = track.ends.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((track.ends[mid] as number) <= instant) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Walks [start, end) from interval `from` (the first that ends after `start`). Each stretch of
 * the meeting outside working time lies in a gap between a working interval's end and the next
 * one's start; covering it means working earlier than that start or later than that end,
 * whichever is less.
 */
function measure(track: Track, from: number, start: number, end: number): Measure {
  const { starts, ends } = track;
  let outsideMs = 0;
  let stretchMs = 0;
  let cursor = start;
  let j = from;
  while (cursor < end) {
    const nextStart = j < starts.length ? (starts[j] as number) : Number.POSITIVE_INFINITY;
    if (nextStart <= cursor) {
      cursor = Math.min(end, ends[j] as number);
      j += 1;
      continue;
    }
    const until = Math.min(end, nextStart);
    const previousEnd = j > 0 ? (ends[j - 1] as number) : Number.NEGATIVE_INFINITY;
    outsideMs += until - cursor;
    const stretch = Math.min(until - previousEnd, nextStart - cursor);
    stretchMs += Number.isFinite(stretch) ? stretch : until - cursor + PAD;
    cursor = until;
  }
  return { outsideMs, stretchMs };
}

/** A different option may cost this much more than the best before it is not worth offering. */
const BURDEN_SLACK_MINUTES = 3 * 60;
/** Options at least this far apart on the clock are different times of day. */
const OTHER_TIME_OF_DAY = 2 * HOUR;

/**
 * The options, best first, each a real choice rather than one time on several days: after the
 * best, the best that puts a different set of people outside their hours (one spares one
 * region, the next another), within `BURDEN_SLACK_MINUTES` of the best; then another time of day
 * on another day, another time of day, another day, and at last any that does not overlap.
 */
function pickOptions(
  ranked: readonly Candidate[],
  count: number,
  durationMs: number,
  samePayers: (a: Candidate, b: Candidate) => boolean,
): Candidate[] {
  const best = ranked[0];
  if (!best) return [];
  const picks: Candidate[] = [best];
  const apart = (c: Candidate, gap: number) =>
    picks.every((p) => Math.abs(p.start - c.start) >= gap);
  const otherTime = (c: Candidate) =>
    picks.every((p) => {
      const diff = (((c.start - p.start) % DAY) + DAY) % DAY;
      return Math.min(diff, DAY - diff) >= OTHER_TIME_OF_DAY;
    });
  const rules: ((c: Candidate) => boolean)[] = [
    (c) =>
      c.worst <= best.worst + BURDEN_SLACK_MINUTES &&
      picks.every((p) => !samePayers(p, c)) &&
      apart(c, durationMs),
    (c) => otherTime(c) && apart(c, 20 * HOUR),
    (c) => otherTime(c) && apart(c, durationMs),
    (c) => apart(c, 20 * HOUR),
    (c) => apart(c, durationMs),
  ];
  for (const fits of rules) {
    for (const candidate of ranked) {
      if (picks.length >= count) return picks;
      if (fits(candidate)) picks.push(candidate);
    }
  }
  return picks;
}

/** One bit per participant for each candidate, in one array: candidates are many. */
interface PayerSet {
  words: number;
  bits: Uint32Array;
}

function payerSet(participants: number, candidates: number): PayerSet {
  const words = Math.max(1, Math.ceil(participants / 32));
  return { words, bits: new Uint32Array(words * Math.max(0, candidates)) };
}

function samePayers(set: PayerSet, a: Candidate, b: Candidate): boolean {
  if (a.outsideCount !== b.outsideCount) return false;
  for (let i = 0; i < set.words; i++) {
    if (set.bits[a.payers + i] !== set.bits[b.payers + i]) return false;
  }
  return true;
}

function describe(pick: Candidate, tracks: readonly Track[], durationMs: number): RankedSlot {
  const end = pick.start + durationMs;
  return {
    start: pick.start,
    end,
    outside: outsideOf(tracks, pick.start, end),
    worstMinutes: pick.worst,
    totalMinutes: pick.total,
  };
}

function outsideOf(tracks: readonly Track[], start: number, end: number): OutsideHours[] {
  return tracks
    .map((track) => {
      const m = measure(track, firstEndingAfter(track, start), start, end);
      return {
        id: track.id,
        outsideMinutes: Math.round(m.outsideMs / MINUTE),
        stretchMinutes: Math.round(m.stretchMs / MINUTE),
      };
    })
    .filter((o) => o.stretchMinutes > 0)
    .sort((a, b) => b.stretchMinutes - a.stretchMinutes || a.id.localeCompare(b.id));
}

/** How long, within [from, to), everyone works at the same time: a sweep over all intervals. */
function sharedTime(tracks: readonly Track[], from: number, to: number): number {
  if (tracks.length === 0) return 0;
  const edges: [number, number][] = [];
  for (const track of tracks) {
    track.starts.forEach((start, i) => {
      const s = Math.max(start, from);
      const e = Math.min(track.ends[i] as number, to);
      if (s < e) edges.push([s, 1], [e, -1]);
    });
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let working = 0;
  let shared = 0;
  let since = 0;
  for (const [at, change] of edges) {
    if (working === tracks.length) shared += at - since;
    working += change;
    since = at;
  }
  return shared;
}
