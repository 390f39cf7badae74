import { formatDuration } from '../../../core/domain/time-text.js';
import { addWorkingTime, type WorkingHours } from '../../../core/domain/working-hours.js';
import type { MeetingKind } from './meeting-kind.js';
import type { OutsideHours } from './slots.js';

/**
 * A meeting request and its life: `draft` (the requester sees the proposal, may switch its
 * kind and add the agenda), `voting` (each participant votes in their working hours), `closed`
 * (everyone voted or time ran out; the requester picks), then `confirmed`, `cancelled` or
 * `expired` (every slot passed before anyone confirmed one).
 */
export const MEETING_STATES = [
  'draft',
  'voting',
  'closed',
  'confirmed',
  'cancelled',
  'expired',
] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

/** The states in which a meeting still wants something from someone. */
export const OPEN_MEETING_STATES: readonly MeetingState[] = ['draft', 'voting', 'closed'];

export const VOTE_CHOICES = ['works', 'could', 'cannot'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const VOTE_LABELS: Record<VoteChoice, string> = {
  works: 'Works',
  could: 'Could do',
  cannot: 'Can’t',
};

export const MEETING_LIMITS = {
  /** Beyond this many voters, one poll in a channel stands in for individual votes. */
  individualVoters: 25,
  maxDurationMinutes: 8 * 60,
  maxWindowDays: 14,
  /** Slots are proposed on this grid: :00, :15, :30, :45 on everyone's clock. */
  stepMinutes: 15,
  /** The first slot leaves this long for votes to come in. */
  leadMs: 24 * 60 * 60 * 1000,
  /** Votes close at the latest this long before the first slot. */
  closeBeforeFirstSlotMs: 4 * 60 * 60 * 1000,
  /** Everyone gets this many of their own working days to vote. */
  votingWorkingDays: 2,
} as const;

/** "Short by default": what each kind lasts unless the requester says otherwise. */
export const DEFAULT_DURATION_MINUTES: Record<MeetingKind, number> = {
  transactional: 30,
  social: 45,
};

export interface MeetingSlot {
  start: number;
  end: number;
  /** Who is outside their working hours for some of it, and how far (see domain/slots.ts). */
  outside: OutsideHours[];
}

export interface Meeting {
  id: number;
  requesterId: string;
  teamId: string | null;
  topic: string;
  agenda: string | null;
  outcome: string | null;
  kind: MeetingKind;
  /** What Mailroom proposed, and why; `kind` differs when the requester switched it. */
  suggestedKind: MeetingKind;
  kindReasons: string[];
  state: MeetingState;
  durationMinutes: number;
  /** The duration was given, not the kind's default (a switch of kind then keeps it). */
  durationChosen: boolean;
  windowStart: number;
  windowEnd: number;
  /** Everyone taking part, the requester first. */
  participantIds: string[];
  /** The channel whose members were invited, if any. */
  channelId: string | null;
  /** Where /meet was used. */
  originChannelId: string | null;
  /** Whose past social meetings the fairness ledger counts: the channel, or the set of people. */
  groupKey: string;
  /** Set when one poll in this channel stands in for individual votes (a big group). */
  pollChannelId: string | null;
  pollTs: string | null;
  /** Best first. */
  slots: MeetingSlot[];
  /** Time in the window when everyone works at once. */
  sharedMinutes: number | null;
  closesAt: number | null;
  /** Open meetings end here: the last slot's start, or the window's end before there are slots. */
  expiresAt: number;
  confirmedSlot: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Vote {
  voterId: string;
  slotIndex: number;
  choice: VoteChoice;
  votedAt: number;
}

/** The requester confirms; everyone else votes. */
export function votersOf(meeting: Pick<Meeting, 'participantIds' | 'requesterId'>): string[] {
  return meeting.participantIds.filter((id) => id !== meeting.requesterId);
}

export function groupKeyOf(channelId: string | null, participantIds: readonly string[]): string {
  return channelId
    ? `channel:${channelId}`
    : `people:${[...new Set(participantIds)].sort().join(',')}`;
}

/** Whether every voter has voted on every slot still ahead. */
export function everyoneVoted(meeting: Meeting, votes: readonly Vote[], now: number): boolean {
  const ahead = meeting.slots.map((s, i) => ({ s, i })).filter(({ s }) => s.start > now);
  if (ahead.length === 0) return true;
  const cast = new Set(votes.map((v) => `${v.voterId}:${v.slotIndex}`));
  return votersOf(meeting).every((voter) => ahead.every(({ i }) => cast.has(`${voter}:${i}`)));
}

export interface SlotTally {
  index: number;
  slot: MeetingSlot;
  works: string[];
  could: string[];
  cannot: string[];
  /** Voters who have not voted on it. */
  silent: string[];
}

/**
 * The slots still ahead, best first: fewest who can't, then most for whom it works, then most
 * who could, then the proposal's own order.
 */
export function tallyVotes(meeting: Meeting, votes: readonly Vote[], now: number): SlotTally[] {
  const voters = votersOf(meeting);
  return meeting.slots
    .map((slot, index) => {
      const on = votes.filter((v) => v.slotIndex === index);
      const who = (choice: VoteChoice) =>
        on.filter((v) => v.choice === choice).map((v) => v.voterId);
      const voted = new Set(on.map((v) => v.voterId));
      return {
        index,
        slot,
        works: who('works'),
        could: who('could'),
        cannot: who('cannot'),
        silent: voters.filter((id) => !voted.has(id)),
      };
    })
    .filter((t) => t.slot.start > now)
    .sort(
      (a, b) =>
        a.cannot.length - b.cannot.length ||
        b.works.length - a.works.length ||
        b.could.length - a.could.length ||
        a.index - b.index,
    );
}

/** A person's typical working day: their week's working time over the days they work. */
export function workingDayMs(hours: WorkingHours): number {
  const total = hours.windows.reduce((sum, w) => sum + (w.endMinute - w.startMinute), 0);
  const days = new Set(hours.windows.map((w) => w.day)).size;
  return days === 0 ? 0 : (total / days) * 60_000;
}

/**
 * When the vote closes (unless everyone votes sooner): once every voter has had two of their
 * own working days, or four hours before the first slot, whichever comes first.
 */
export function voteClosesAt(
  now: number,
  firstSlotStart: number,
  voterHours: readonly WorkingHours[],
): number {
  const everyoneHadTwoDays = voterHours.reduce(
    (latest, hours) =>
      Math.max(
        latest,
        addWorkingTime(hours, now, MEETING_LIMITS.votingWorkingDays * workingDayMs(hours)),
      ),
    now,
  );
  return Math.min(everyoneHadTwoDays, firstSlotStart - MEETING_LIMITS.closeBeforeFirstSlotMs);
}

export interface LedgerEntry {
  memberId: string;
  /** How far outside their hours past social meetings of the group reached, in all. */
  minutes: number;
  /** In how many of them. */
  meetings: number;
}

/** Each person's out-of-hours minutes from the group's confirmed social meetings, most first. */
export function fairnessLedger(confirmed: readonly Meeting[]): LedgerEntry[] {
  const byMember = new Map<string, LedgerEntry>();
  for (const meeting of confirmed) {
    if (meeting.kind !== 'social' || meeting.state !== 'confirmed') continue;
    const slot = meeting.confirmedSlot === null ? undefined : meeting.slots[meeting.confirmedSlot];
    for (const o of slot?.outside ?? []) {
      const entry = byMember.get(o.id) ?? { memberId: o.id, minutes: 0, meetings: 0 };
      entry.minutes += o.stretchMinutes;
      entry.meetings += 1;
      byMember.set(o.id, entry);
    }
  }
  return [...byMember.values()].sort(
    (a, b) => b.minutes - a.minutes || a.memberId.localeCompare(b.memberId),
  );
}

export type AsyncRoute = 'thread' | 'decision' | 'ask';

export interface AsyncOffer {
  route: AsyncRoute;
  why: string;
}

/**
 * Where a transactional meeting may not need to be a meeting: a thread with the agenda, a
 * written decision, or a question to the team's docs and experts. `everyoneSeesWithinMs`: how
 * long until every participant is in their working hours.
 */
export function asyncOffers(facts: {
  topic: string;
  outcome: string | null;
  people: number;
  sharedMinutes: number;
  durationMinutes: number;
  windowDays: number;
  everyoneSeesWithinMs: number;
}): AsyncOffer[] {
  const offers: AsyncOffer[] = [];
  const within = formatDuration(Math.max(facts.everyoneSeesWithinMs, 60 * 60_000));
  const group = facts.people === 2 ? 'the two of you' : `the ${numberWord(facts.people)} of you`;
  if (facts.sharedMinutes === 0) {
    offers.push({
      route: 'thread',
      why: `${group} never work at the same time; a written proposal reaches everyone in their working hours within ${within}, and gets answers within a day`,
    });
  } else if (facts.sharedMinutes < facts.durationMinutes * Math.max(1, facts.windowDays / 7) * 2) {
    offers.push({
      route: 'thread',
      why: `${group} share only ${formatDuration(facts.sharedMinutes * 60_000)} of working time in this window; a thread reaches everyone within ${within}`,
    });
  } else {
    offers.push({
      route: 'thread',
      why: `an agenda in a thread often settles it without a meeting; everyone sees it within ${within}`,
    });
  }
  const text = `${facts.topic}\n${facts.outcome ?? ''}`;
  if (/\b(decide|decision|choose|pick|approve|approval|sign[- ]?off|go\/no[- ]go)\b/i.test(text)) {
    offers.push({
      route: 'decision',
      why: 'it names a decision: `/decision` records the options, the choice and why, and who follows up',
    });
  }
  if (
    /\?\s*$/.test(facts.topic.trim()) ||
    /^(how|what|where|why|who|when|which|is|are|can|does|do)\b/i.test(facts.topic.trim())
  ) {
    offers.push({
      route: 'ask',
      why: 'it is a question: `/ask` looks in the team’s docs first, then asks the right person',
    });
  }
  return offers;
}

function numberWord(n: number): string {
  return (
    ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n] ??
    String(n)
  );
}
